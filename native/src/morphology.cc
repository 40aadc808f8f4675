#include "morphology.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "parallel.h"

namespace lungdesk {
namespace {

using i64 = int64_t;

uint64_t gcd64(uint64_t a, uint64_t b) {
  while (b != 0) {
    const uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// The element as integer weights: offset d is inside when sum_a w[a]*d_a² <= L, with
// w[a] = L / r_a² and L = lcm of the non-zero r_a². An axis with r_a = 0 is inactive
// (only d_a = 0). All radii 0 gives L = 0: the element is the centre alone.
struct Plan {
  i64 L = 0;
  i64 w[3] = {0, 0, 0};
  int r[3] = {0, 0, 0};
};

// False when L would not fit below 2^32 - 1.
bool makePlan(const Radii& radii, Plan& p) {
  p.r[0] = radii.rx;
  p.r[1] = radii.ry;
  p.r[2] = radii.rz;
  uint64_t L = 0;
  for (int a = 0; a < 3; ++a) {
    if (p.r[a] <= 0) continue;
    const uint64_t r2 = static_cast<uint64_t>(p.r[a]) * static_cast<uint64_t>(p.r[a]);
    if (L == 0) {
      L = r2;
    } else {
      const uint64_t g = gcd64(L, r2);
      const uint64_t m = r2 / g;
      if (L > (UINT64_C(0xFFFFFFFE) / m)) return false;
      L *= m;
    }
    if (L >= UINT64_C(0xFFFFFFFF)) return false;
  }
  p.L = static_cast<i64>(L);
  for (int a = 0; a < 3; ++a)
    if (p.r[a] > 0) p.w[a] = p.L / (static_cast<i64>(p.r[a]) * p.r[a]);
  return true;
}

// Below this many voxels the passes run on the calling thread: a parallel region costs more
// than it saves on a small box (a nodule's search region), and on a busy machine its join
// waits for a descheduled thread. Results never depend on the thread count.
constexpr size_t kParallelMinVoxels = size_t{1} << 18;

inline i64 floorDiv(i64 a, i64 b) {  // b > 0
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Lower envelope of the parabolas w*(u-i)² + g[i] (Meijster et al. 2000, second phase),
// out[u] = min(min_i w*(u-i)² + g[i], C). g values are all finite (clamped to C), so
// every index is a parabola; the clamp keeps the thresholded result exact (see
// binaryDilation's doc comment).
// g and out are read/written every `step` elements (lines interleaved in a block).
template <typename D>
void envelope(const D* g, D* out, size_t step, int n, i64 w, i64 C, int* s, int* t) {
  auto f = [&](i64 x, i64 i) {
    const i64 d = x - i;
    return w * d * d + static_cast<i64>(g[i * step]);
  };
  // Parabolas worth keeping: g < C (a clamped value can never bring a voxel under the
  // threshold), and of a run of zeros only its ends (an inner zero's parabola lies above
  // its neighbours' everywhere but at its own position, restored by min with g below).
  int q = -1;
  for (int u = 0; u < n; ++u) {
    const i64 gu = g[u * step];
    if (gu >= C) continue;
    if (gu == 0 && u > 0 && u + 1 < n && g[(u - 1) * step] == 0 && g[(u + 1) * step] == 0) continue;
    while (q >= 0) {
      const i64 d = static_cast<i64>(t[q]) - u;
      if (f(t[q], s[q]) <= w * d * d + gu) break;
      --q;
    }
    if (q < 0) {
      q = 0;
      s[0] = u;
      t[0] = 0;
    } else {
      const i64 su = s[q];
      const i64 num = w * (static_cast<i64>(u) * u - su * su) + gu - static_cast<i64>(g[su * step]);
      const i64 start = 1 + floorDiv(num, 2 * w * (u - su));
      if (start < n) {
        ++q;
        s[q] = u;
        t[q] = static_cast<int>(start);
      }
    }
  }
  if (q < 0) {
    for (int u = 0; u < n; ++u) out[u * step] = static_cast<D>(C);
    return;
  }
  for (int u = n - 1; u >= 0; --u) {
    const i64 v = std::min<i64>(f(u, s[q]), g[u * step]);
    out[u * step] = static_cast<D>(v < C ? v : C);
    if (u == t[q]) --q;
  }
}

// Pass along x: squared weighted distance to the nearest site of the row, clamped to C.
// A site is a voxel with (in != 0) != invert.
template <typename D>
void passX(const uint8_t* in, bool invert, size_t nx, size_t rows, const Plan& p, D* buf) {
  const i64 C = p.L + 1;
  const i64 r = p.r[0];
  const i64 w = p.w[0];
  const i64 n = static_cast<i64>(nx);
  const i64 nrows = static_cast<i64>(rows);
  const bool parallel = nx * rows >= kParallelMinVoxels;

  parallelFor(0, nrows, parallel ? maxThreads() : 1, [&](int64_t row, int) {
    const uint8_t* src = in + row * n;
    D* dst = buf + row * n;
    if (r == 0) {
      for (i64 i = 0; i < n; ++i) dst[i] = ((src[i] != 0) != invert) ? 0 : static_cast<D>(C);
      return;
    }
    // Most rows of a lung mask hold no site at all (or are all site): one branch-free
    // count decides.
    i64 sites = 0;
    for (i64 i = 0; i < n; ++i) sites += (src[i] != 0) != invert;
    if (sites == 0 || sites == n) {
      std::fill(dst, dst + n, sites == 0 ? static_cast<D>(C) : D(0));
      return;
    }
    // Forward: steps to the nearest site at or left of i, capped at r + 1 (= too far).
    i64 k = r + 1;
    for (i64 i = 0; i < n; ++i) {
      k = ((src[i] != 0) != invert) ? 0 : std::min(k + 1, r + 1);
      dst[i] = static_cast<D>(k);  // r + 1 <= C, so it fits D
    }
    k = r + 1;
    for (i64 i = n - 1; i >= 0; --i) {
      k = ((src[i] != 0) != invert) ? 0 : std::min(k + 1, r + 1);
      const i64 m = std::min<i64>(k, dst[i]);
      dst[i] = static_cast<D>(m <= r ? w * m * m : C);
    }
  });
}

constexpr size_t kBlock = 32;  // neighbouring lines gathered together: one cache line of uint16

// Envelope pass along a strided axis. Lines start at o*outerStride + j for o < outer,
// j < inner (neighbouring j are neighbouring lines), n elements each, `stride` apart.
// With `mask` set (the last pass), the result is not stored back into buf but written
// thresholded: mask[i] = (distance <= C - 1) != invert.
template <typename D>
void passStrided(D* buf, size_t n, size_t stride, size_t outer, size_t outerStride, size_t inner, i64 w, i64 C,
                 uint8_t* mask = nullptr, bool invert = false) {
  const size_t blocksPerOuter = (inner + kBlock - 1) / kBlock;
  const i64 total = static_cast<i64>(outer * blocksPerOuter);
  const int threads = maxThreads();
  // Scratch per thread, allocated here so bad_alloc is thrown outside the parallel region.
  std::vector<std::vector<D>> lines(threads), results(threads);
  std::vector<std::vector<int>> ss(threads), ts(threads);
  for (int th = 0; th < threads; ++th) {
    lines[th].resize(kBlock * n);
    results[th].resize(kBlock * n);
    ss[th].resize(n);
    ts[th].resize(n);
  }
  const D cmax = static_cast<D>(C);
  const bool parallel = n * outer * inner >= kParallelMinVoxels;

  parallelFor(0, total, parallel ? threads : 1, [&](int64_t k, int th) {

    // The block's lines interleaved: line b, element i at [i*kBlock + b], so gathering
    // and scattering copy contiguous runs of bw values.
    D* line = lines[th].data();
    D* res = results[th].data();
    const size_t o = static_cast<size_t>(k) / blocksPerOuter;
    const size_t j0 = (static_cast<size_t>(k) % blocksPerOuter) * kBlock;
    const size_t bw = std::min(kBlock, inner - j0);
    D* base = buf + o * outerStride + j0;
    D lo[kBlock], hi[kBlock];
    for (size_t b = 0; b < kBlock; ++b) {
      lo[b] = cmax;
      hi[b] = 0;
    }
    for (size_t i = 0; i < n; ++i) {
      const D* src = base + i * stride;
      D* dst = line + i * kBlock;
      std::memcpy(dst, src, bw * sizeof(D));
      for (size_t b = 0; b < bw; ++b) {
        lo[b] = std::min(lo[b], dst[b]);
        hi[b] = std::max(hi[b], dst[b]);
      }
    }
    bool changed = mask != nullptr;
    for (size_t b = 0; b < bw; ++b) {
      // A line that is all "far" or all "site" comes out unchanged (most lines of a
      // lung mask are one or the other).
      if (lo[b] == cmax || hi[b] == 0) {
        for (size_t i = 0; i < n; ++i) res[i * kBlock + b] = line[i * kBlock + b];
        continue;
      }
      envelope(line + b, res + b, kBlock, static_cast<int>(n), w, C, ss[th].data(), ts[th].data());
      changed = true;
    }
    if (!changed) return;
    if (mask != nullptr) {
      uint8_t* mbase = mask + (base - buf);
      for (size_t i = 0; i < n; ++i) {
        uint8_t* dst = mbase + i * stride;
        const D* r = res + i * kBlock;
        for (size_t b = 0; b < bw; ++b) dst[b] = (r[b] < cmax) != invert ? 1 : 0;
      }
      return;
    }
    for (size_t i = 0; i < n; ++i) std::memcpy(base + i * stride, res + i * kBlock, bw * sizeof(D));
  });
}

// out[p] = (some site within the element around p) != invertOut, sites being voxels
// with (in != 0) != invertIn; outside the volume holds no site.
template <typename D>
void dilateWith(const uint8_t* in, bool invertIn, size_t nx, size_t ny, size_t nz, const Plan& p, uint8_t* out,
                bool invertOut) {
  const size_t N = nx * ny * nz;
  // Uninitialised on purpose: passX writes every element first.
  std::unique_ptr<D[]> owned(new D[N]);
  D* buf = owned.get();
  const i64 C = p.L + 1;
  passX(in, invertIn, nx, ny * nz, p, buf);
  // The last active strided pass writes the thresholded mask itself.
  const bool doY = p.r[1] > 0 && ny > 1, doZ = p.r[2] > 0 && nz > 1;
  if (doY) passStrided(buf, ny, nx, nz, nx * ny, nx, p.w[1], C, doZ ? nullptr : out, invertOut);
  if (doZ) passStrided(buf, nz, nx * ny, 1, 0, nx * ny, p.w[2], C, out, invertOut);
  if (doY || doZ) return;
  const D L = static_cast<D>(p.L);
  const i64 n = static_cast<i64>(N);
  const bool parallel = N >= kParallelMinVoxels;
  if (invertOut) {

    parallelFor(0, n, parallel ? maxThreads() : 1, [&](int64_t i, int) { out[i] = buf[i] > L ? 1 : 0; });
  } else {

    parallelFor(0, n, parallel ? maxThreads() : 1, [&](int64_t i, int) { out[i] = buf[i] <= L ? 1 : 0; });
  }
}

void dilateCore(const uint8_t* in, bool invertIn, size_t nx, size_t ny, size_t nz, const Radii& radii, uint8_t* out,
                bool invertOut) {
  Plan p;
  if (!makePlan(radii, p)) throw std::bad_alloc();  // checkRadii rules this out first
  if (nx * ny * nz == 0) return;
  if (p.L + 1 <= 0xFFFF)
    dilateWith<uint16_t>(in, invertIn, nx, ny, nz, p, out, invertOut);
  else
    dilateWith<uint32_t>(in, invertIn, nx, ny, nz, p, out, invertOut);
}

// borderValue 0: a voxel whose element reaches outside the volume is eroded. The
// cheapest outside offset is straight along one axis, k = distance to that edge, and
// it is inside the element exactly when k <= r on that axis.
void erodeBorderBand(size_t nx, size_t ny, size_t nz, const Radii& radii, uint8_t* out) {
  const size_t rx = static_cast<size_t>(radii.rx), ry = static_cast<size_t>(radii.ry),
               rz = static_cast<size_t>(radii.rz);
  const i64 nzy = static_cast<i64>(ny * nz);
  const bool parallel = nx * ny * nz >= kParallelMinVoxels;

  parallelFor(0, nzy, parallel ? maxThreads() : 1, [&](int64_t row, int) {
    const size_t y = static_cast<size_t>(row) % ny, z = static_cast<size_t>(row) / ny;
    uint8_t* o = out + static_cast<size_t>(row) * nx;
    const bool band = (z < rz || z + rz >= nz) || (y < ry || y + ry >= ny);
    if (band) {
      std::memset(o, 0, nx);
      return;
    }
    const size_t k = std::min(rx, nx);
    std::memset(o, 0, k);
    std::memset(o + (nx - k), 0, k);
  });
}

}  // namespace

const char* checkRadii(const Radii& radii, size_t nx, size_t ny, size_t nz) {
  const int r[3] = {radii.rx, radii.ry, radii.rz};
  for (int a = 0; a < 3; ++a)
    if (r[a] < 0 || r[a] > 65535) return "every radius must be an integer 0..65535";
  Plan p;
  if (!makePlan(radii, p)) return "the ellipsoid's radii have no common denominator below 2^32 (lcm of rx², ry², rz²)";
  const size_t n[3] = {nx, ny, nz};
  for (int a = 0; a < 3; ++a) {
    if (r[a] == 0) continue;
    const double cost = static_cast<double>(p.L) * static_cast<double>(n[a]) * static_cast<double>(n[a]);
    if (cost >= 1.1529215046068470e18) return "the volume is too long on an axis for this radius (L * n² >= 2^60)";
  }
  return "";
}

void binaryDilation(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, uint8_t* out) {
  dilateCore(in, false, nx, ny, nz, radii, out, false);
}

void binaryErosion(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, int borderValue,
                   uint8_t* out) {
  // Border 1: background outside does not exist, so erosion = NOT dilation of the
  // in-volume background.
  dilateCore(in, true, nx, ny, nz, radii, out, true);
  if (borderValue == 0) erodeBorderBand(nx, ny, nz, radii, out);
}

void binaryOpening(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, int borderValue,
                   uint8_t* out) {
  std::vector<uint8_t> tmp(nx * ny * nz);
  binaryErosion(in, nx, ny, nz, radii, borderValue, tmp.data());
  binaryDilation(tmp.data(), nx, ny, nz, radii, out);
}

void binaryClosing(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, int borderValue,
                   uint8_t* out) {
  std::vector<uint8_t> tmp(nx * ny * nz);
  binaryDilation(in, nx, ny, nz, radii, tmp.data());
  binaryErosion(tmp.data(), nx, ny, nz, radii, borderValue, out);
}

namespace {

struct Run {
  uint32_t y, z, x0, x1;  // a maximal run [x0, x1] of flooded background in row (y, z)
};

// Floods the background of one image (nz = 1 and !is3d for a 2D slice) from its border,
// then writes the final 0/1 result into out. Returns the number of hole voxels filled.
// Scanline flood: the stack holds maximal x runs, so the work per voxel is a sequential
// scan of the rows next to each run.
int64_t floodImage(const uint8_t* in, size_t nx, size_t ny, size_t nz, bool is3d, bool full, uint8_t* out,
                   std::vector<Run>& stack) {
  const size_t N = nx * ny * nz;
  if (N == 0) return 0;
  // Neighbour rows (dy, dz) of a run; full connectivity also reaches one voxel beyond the
  // run's ends in them (the diagonals).
  int rowSteps[8][2];
  int nRows = 0;
  for (int dz = is3d ? -1 : 0; dz <= (is3d ? 1 : 0); ++dz)
    for (int dy = -1; dy <= 1; ++dy) {
      if ((dy == 0 && dz == 0) || (!full && dy != 0 && dz != 0)) continue;
      rowSteps[nRows][0] = dy;
      rowSteps[nRows][1] = dz;
      ++nRows;
    }
  // 0 = background not reached (yet), 1 = foreground, 2 = background reached from outside.
  for (size_t i = 0; i < N; ++i) out[i] = in[i] != 0 ? 1 : 0;
  stack.clear();
  // Floods the maximal run through (x, y, z) if it is unreached background; returns its
  // last x (or x when nothing was flooded).
  auto seedRun = [&](size_t x, size_t y, size_t z) -> size_t {
    uint8_t* row = out + nx * (y + ny * z);
    if (row[x] != 0) return x;
    size_t x0 = x, x1 = x;
    while (x0 > 0 && row[x0 - 1] == 0) --x0;
    while (x1 + 1 < nx && row[x1 + 1] == 0) ++x1;
    std::memset(row + x0, 2, x1 - x0 + 1);
    stack.push_back({static_cast<uint32_t>(y), static_cast<uint32_t>(z), static_cast<uint32_t>(x0),
                     static_cast<uint32_t>(x1)});
    return x1;
  };
  auto drain = [&]() {
    while (!stack.empty()) {
      const Run r = stack.back();
      stack.pop_back();
      for (int k = 0; k < nRows; ++k) {
        const i64 yy = static_cast<i64>(r.y) + rowSteps[k][0], zz = static_cast<i64>(r.z) + rowSteps[k][1];
        if (yy < 0 || zz < 0 || yy >= static_cast<i64>(ny) || zz >= static_cast<i64>(nz)) continue;
        size_t a = r.x0, b = r.x1;
        if (full) {
          if (a > 0) --a;
          if (b + 1 < nx) ++b;
        }
        const uint8_t* row = out + nx * (static_cast<size_t>(yy) + ny * static_cast<size_t>(zz));
        for (size_t x = a; x <= b; ++x)
          if (row[x] == 0) x = seedRun(x, static_cast<size_t>(yy), static_cast<size_t>(zz));
      }
    }
  };
  for (size_t z = 0; z < nz; ++z)
    for (size_t y = 0; y < ny; ++y) {
      const bool faceRow = (is3d && (z == 0 || z + 1 == nz)) || y == 0 || y + 1 == ny;
      if (faceRow) {
        for (size_t x = 0; x < nx; ++x) x = seedRun(x, y, z);
      } else {
        seedRun(0, y, z);
        seedRun(nx - 1, y, z);
      }
      drain();
    }
  int64_t filled = 0;
  for (size_t i = 0; i < N; ++i) {
    filled += out[i] == 0;
    out[i] = out[i] != 2 ? 1 : 0;
  }
  return filled;
}

}  // namespace

int64_t fillHoles(const uint8_t* in, size_t nx, size_t ny, size_t nz, int dim, bool fullConnectivity, uint8_t* out) {
  if (dim == 3) {
    std::vector<Run> stack;
    return floodImage(in, nx, ny, nz, true, fullConnectivity, out, stack);
  }
  const size_t slice = nx * ny;
  const i64 slices = static_cast<i64>(nz);
  std::atomic<bool> outOfMemory(false);
  int64_t filled = 0;
  const int threads = maxThreads();
  std::vector<int64_t> partial(static_cast<size_t>(threads), 0);
  std::vector<std::vector<Run>> stacks(static_cast<size_t>(threads));
  {
    parallelForDynamic(0, slices, 1, threads, [&](int64_t z, int th) {
      if (outOfMemory.load()) return;
      try {
        partial[static_cast<size_t>(th)] += floodImage(in + z * slice, nx, ny, 1, false, fullConnectivity, out + z * slice, stacks[static_cast<size_t>(th)]);
      } catch (const std::bad_alloc&) {
        outOfMemory.store(true);
      }
    });
    for (int64_t f : partial) filled += f;
  }
  if (outOfMemory.load()) throw std::bad_alloc();
  return filled;
}

}  // namespace lungdesk
