#include "resample.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <vector>

#include "parallel.h"

namespace lungdesk {
namespace {

// scipy pads a volume by 12 edge voxels per side before the order-3 prefilter
// (_prepad_for_spline_filter), so the far boundary conditions barely reach the data.
constexpr size_t kSplinePad = 12;
// Lines handled together: the prefilter's recursions run across them (independent
// chains, so the FPU is not stalled on one), and a block stays in L2.
constexpr size_t kRowsPerBlock = 16;     // x pass: rows of one slice
constexpr size_t kColumnsPerBlock = 64;  // y and z passes: neighbouring columns

// The 1D rule of one axis: for output index k, taps idx[k*ntaps + t] into the (padded)
// line of length `len`, already clamped to it (mode 'nearest'), with weights w[...].
struct AxisPlan {
  size_t nin = 0, nout = 0;
  size_t pad = 0;  // edge voxels added on each side before the prefilter
  size_t len = 0;  // nin + 2*pad
  bool prefilter = false;
  int ntaps = 1;
  std::vector<size_t> idx;
  std::vector<double> w;
};

// Mirrors scipy 1.10 NI_ZoomShift + get_spline_interpolation_weights (grid_mode False).
AxisPlan makePlan(size_t nin, size_t nout, int order) {
  AxisPlan p;
  p.nin = nin;
  p.nout = nout;
  // A length-1 axis kept at length 1 is copied: that is scipy on an array without it.
  // (Order 1 gets there by itself: weights 1 and 0 on voxel 0, which adds exactly 0.)
  if (nin == 1 && nout == 1 && order == 3) order = 0;
  p.pad = order == 3 ? kSplinePad : 0;
  p.len = nin + 2 * p.pad;
  p.prefilter = order == 3;
  p.ntaps = order == 0 ? 1 : order + 1;
  p.idx.resize(nout * p.ntaps);
  p.w.resize(nout * p.ntaps);
  const double step = nout > 1 ? static_cast<double>(nin - 1) / static_cast<double>(nout - 1) : 1.0;
  const double last = static_cast<double>(p.len - 1);
  const auto clampIndex = [&](double i) -> size_t {
    return static_cast<size_t>(std::min(std::max(i, 0.0), last));
  };
  for (size_t k = 0; k < nout; ++k) {
    // Not clamped: c <= nin-1 up to rounding, and the taps are clamped below.
    const double c = static_cast<double>(k) * step + static_cast<double>(p.pad);
    size_t* ix = &p.idx[k * p.ntaps];
    double* w = &p.w[k * p.ntaps];
    if (order == 0) {
      ix[0] = clampIndex(std::floor(c + 0.5));
      w[0] = 1.0;
    } else if (order == 1) {
      const double f = std::floor(c);
      const double x = c - f;
      w[0] = 1.0 - x;
      w[1] = 1.0 - w[0];
      ix[0] = clampIndex(f);
      ix[1] = clampIndex(f + 1);
    } else {
      const double f = std::floor(c);
      const double y = c - f;
      const double z = 1.0 - y;
      w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
      w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
      w[0] = z * z * z / 6.0;
      w[3] = 1.0 - w[0] - w[1] - w[2];
      for (int t = 0; t < 4; ++t) ix[t] = clampIndex(f - 1 + t);
    }
  }
  return p;
}

// scipy's cubic B-spline prefilter (NI_SplineFilter1D, "mirror" initial conditions) on
// W interleaved lines of length L: element i of line j is c[i*W + j]. float64, in place.
void prefilterCubic(double* c, size_t L, size_t W, double* acc) {
  if (L < 2) return;
  const double z = std::sqrt(3.0) - 2.0;
  const double gain = (1.0 - z) * (1.0 - 1.0 / z);
  for (size_t i = 0; i < L * W; ++i) c[i] *= gain;

  const double zn1 = std::pow(z, static_cast<double>(L - 1));
  const double* cl = c + (L - 1) * W;
  for (size_t j = 0; j < W; ++j) acc[j] = c[j] + zn1 * cl[j];
  double zi = z;
  // Once z^i underflows to 0 every further term is exactly 0.
  for (size_t i = 1; i + 1 < L && zi != 0.0; ++i) {
    const double* a = c + i * W;
    const double* b = c + (L - 1 - i) * W;
    for (size_t j = 0; j < W; ++j) acc[j] = acc[j] + zi * (a[j] + zn1 * b[j]);
    zi *= z;
  }
  const double norm = 1.0 - zn1 * zn1;
  for (size_t j = 0; j < W; ++j) c[j] = acc[j] / norm;

  for (size_t i = 1; i < L; ++i) {
    double* cur = c + i * W;
    const double* prev = cur - W;
    for (size_t j = 0; j < W; ++j) cur[j] += z * prev[j];
  }
  double* cn = c + (L - 1) * W;
  const double* cn2 = cn - W;
  for (size_t j = 0; j < W; ++j) cn[j] = (z * cn2[j] + cn[j]) * z / (z * z - 1.0);
  for (size_t i = L - 1; i-- > 0;) {
    double* cur = c + i * W;
    const double* next = cur + W;
    for (size_t j = 0; j < W; ++j) cur[j] = z * (next[j] - cur[j]);
  }
}

// float64 result -> destination type: integers round half away from zero and clamp
// (scipy's CASE_INTERP_OUT_INT / _UINT), floats are a plain cast. Branch-free: on noisy
// CT data the sign of v is a coin toss, and a branch on it costs more than the maths.
template <typename D>
struct Store {
  static D apply(double v) { return static_cast<D>(v); }
};
template <>
struct Store<int16_t> {
  static int16_t apply(double v) {
    // v > 0 ? v + 0.5 : v - 0.5 (at v = 0 both give a value that truncates to 0)
    const double t = std::min(std::max(v + std::copysign(0.5, v), -32768.0), 32767.0);
    return static_cast<int16_t>(t);  // truncation toward zero
  }
};
template <>
struct Store<uint8_t> {
  static uint8_t apply(double v) {
    // v > 0 ? v + 0.5 : 0 (0.5 truncates to 0)
    const double t = std::min(std::max(v, 0.0) + 0.5, 255.0);
    return static_cast<uint8_t>(t);
  }
};

// Resamples W lines along one axis. Element k of line j is src[k*se + j*sl]; output
// element m of line j goes to dst[m*de + j*dl]. scratch holds plan.len*W doubles, acc W.
template <typename S, typename D>
void resampleLines(const AxisPlan& p, const S* src, ptrdiff_t se, ptrdiff_t sl, size_t W, D* dst, ptrdiff_t de,
                   ptrdiff_t dl, double* scratch, double* acc) {
  const size_t n = p.nin;
  for (size_t k = 0; k < n; ++k) {
    double* row = scratch + (k + p.pad) * W;
    const S* s = src + static_cast<ptrdiff_t>(k) * se;
    if (sl == 1) {
      for (size_t j = 0; j < W; ++j) row[j] = static_cast<double>(s[j]);
    } else {
      for (size_t j = 0; j < W; ++j) row[j] = static_cast<double>(s[static_cast<ptrdiff_t>(j) * sl]);
    }
  }
  if (p.pad > 0) {
    const double* first = scratch + p.pad * W;
    const double* lastRow = scratch + (p.pad + n - 1) * W;
    for (size_t k = 0; k < p.pad; ++k) {
      std::copy(first, first + W, scratch + k * W);
      std::copy(lastRow, lastRow + W, scratch + (p.pad + n + k) * W);
    }
  }
  if (p.prefilter) prefilterCubic(scratch, p.len, W, acc);

  const int nt = p.ntaps;
  for (size_t m = 0; m < p.nout; ++m) {
    const size_t* ix = &p.idx[m * nt];
    const double* w = &p.w[m * nt];
    D* d = dst + static_cast<ptrdiff_t>(m) * de;
    if (nt == 1) {
      const double* a = scratch + ix[0] * W;
      const double w0 = w[0];
      for (size_t j = 0; j < W; ++j) acc[j] = w0 * a[j];
    } else if (nt == 2) {
      const double* a = scratch + ix[0] * W;
      const double* b = scratch + ix[1] * W;
      const double w0 = w[0], w1 = w[1];
      for (size_t j = 0; j < W; ++j) acc[j] = w0 * a[j] + w1 * b[j];
    } else {
      const double* a = scratch + ix[0] * W;
      const double* b = scratch + ix[1] * W;
      const double* c = scratch + ix[2] * W;
      const double* e = scratch + ix[3] * W;
      const double w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
      for (size_t j = 0; j < W; ++j) acc[j] = w0 * a[j] + w1 * b[j] + w2 * c[j] + w3 * e[j];
    }
    if (dl == 1) {
      for (size_t j = 0; j < W; ++j) d[j] = Store<D>::apply(acc[j]);
    } else {
      for (size_t j = 0; j < W; ++j) d[static_cast<ptrdiff_t>(j) * dl] = Store<D>::apply(acc[j]);
    }
  }
}

template <typename T>
void zoomNearest(const T* input, size_t nx, size_t ny, size_t nz, size_t ox, size_t oy, size_t oz, T* output) {
  const AxisPlan px = makePlan(nx, ox, 0), py = makePlan(ny, oy, 0), pz = makePlan(nz, oz, 0);
  const ptrdiff_t rows = static_cast<ptrdiff_t>(oy * oz);
  const int threads = rows * static_cast<ptrdiff_t>(ox) > (1 << 16) ? maxThreads() : 1;
  parallelFor(0, rows, threads, [&](int64_t r, int) {
    const size_t y = static_cast<size_t>(r) % oy, z = static_cast<size_t>(r) / oy;
    const T* src = input + nx * (py.idx[y] + ny * pz.idx[z]);
    T* dst = output + ox * static_cast<size_t>(r);
    for (size_t x = 0; x < ox; ++x) dst[x] = src[px.idx[x]];
  });
}

// Order 1 as scipy evaluates it (NI_ZoomShift): for each output voxel, t = 0 and then
// t += ((v * wz) * wy) * wx over the 8 taps in C order (tz, ty, tx), in float64. Keeping
// that exact order matters: weights such as 1/3 and 1/2 put true .5 ties on integer data,
// and only the same float sums round them the same way as scipy.
template <typename T>
void zoomLinear(const T* input, size_t nx, size_t ny, size_t nz, size_t ox, size_t oy, size_t oz, T* output) {
  const AxisPlan px = makePlan(nx, ox, 1), py = makePlan(ny, oy, 1), pz = makePlan(nz, oz, 1);
  const ptrdiff_t rows = static_cast<ptrdiff_t>(oy * oz);
  const int nThreads = rows * static_cast<ptrdiff_t>(ox) > (1 << 16) ? maxThreads() : 1;
  // x weights split by tap, and per thread the 8 gathered tap values of one output row
  // (index (tz*4 + ty*2 + tx)*ox + x), so the sum below runs as a plain vector loop.
  std::vector<double> wx(2 * ox);
  for (size_t x = 0; x < ox; ++x) {
    wx[x] = px.w[2 * x];
    wx[ox + x] = px.w[2 * x + 1];
  }
  std::vector<std::vector<double>> gathered(nThreads, std::vector<double>(8 * ox));

  parallelFor(0, rows, nThreads, [&](int64_t r, int th) {
    const size_t y = static_cast<size_t>(r) % oy, z = static_cast<size_t>(r) / oy;
    double* g = gathered[static_cast<size_t>(th)].data();
    for (int tz = 0; tz < 2; ++tz)
      for (int ty = 0; ty < 2; ++ty) {
        const T* row = input + nx * (py.idx[2 * y + ty] + ny * pz.idx[2 * z + tz]);
        double* g0 = g + (tz * 4 + ty * 2) * ox;
        double* g1 = g0 + ox;
        for (size_t x = 0; x < ox; ++x) {
          g0[x] = static_cast<double>(row[px.idx[2 * x]]);
          g1[x] = static_cast<double>(row[px.idx[2 * x + 1]]);
        }
      }
    const double wz0 = pz.w[2 * z], wz1 = pz.w[2 * z + 1];
    const double wy0 = py.w[2 * y], wy1 = py.w[2 * y + 1];
    const double* __restrict wx0 = wx.data();
    const double* __restrict wx1 = wx.data() + ox;
    const double* __restrict v = g;
    T* __restrict dst = output + ox * static_cast<size_t>(r);
    for (size_t x = 0; x < ox; ++x) {
      double t = 0.0;
      t += ((v[x] * wz0) * wy0) * wx0[x];
      t += ((v[ox + x] * wz0) * wy0) * wx1[x];
      t += ((v[2 * ox + x] * wz0) * wy1) * wx0[x];
      t += ((v[3 * ox + x] * wz0) * wy1) * wx1[x];
      t += ((v[4 * ox + x] * wz1) * wy0) * wx0[x];
      t += ((v[5 * ox + x] * wz1) * wy0) * wx1[x];
      t += ((v[6 * ox + x] * wz1) * wy1) * wx0[x];
      t += ((v[7 * ox + x] * wz1) * wy1) * wx1[x];
      dst[x] = Store<T>::apply(t);
    }
  });
}

// Scratch of one thread; all of it is allocated before any parallel region, so an
// allocation failure is a plain std::bad_alloc on the calling thread.
struct ThreadScratch {
  std::vector<double> slice;  // one slice after the x pass: ox * ny
  std::vector<double> lines;  // len * W of the current block of lines
  std::vector<double> acc;
};

// Pass 1 on slice z: x then y, into dst (a float32 intermediate or, when z is copied,
// the output itself) at dst[x + ox*y].
template <typename T, typename D>
void resampleSliceXY(const T* slice, const AxisPlan& px, const AxisPlan& py, D* dst, ThreadScratch& s) {
  const size_t nx = px.nin, ny = py.nin, ox = px.nout;
  double* tmp = s.slice.data();
  for (size_t y0 = 0; y0 < ny; y0 += kRowsPerBlock) {
    const size_t W = std::min(kRowsPerBlock, ny - y0);
    resampleLines(px, slice + y0 * nx, 1, static_cast<ptrdiff_t>(nx), W, tmp + y0 * ox, 1,
                  static_cast<ptrdiff_t>(ox), s.lines.data(), s.acc.data());
  }
  for (size_t x0 = 0; x0 < ox; x0 += kColumnsPerBlock) {
    const size_t W = std::min(kColumnsPerBlock, ox - x0);
    resampleLines(py, tmp + x0, static_cast<ptrdiff_t>(ox), 1, W, dst + x0, static_cast<ptrdiff_t>(ox), 1,
                  s.lines.data(), s.acc.data());
  }
}

template <typename T>
void zoomCubic(const T* input, size_t nx, size_t ny, size_t nz, size_t ox, size_t oy, size_t oz, int order,
                const OutputAllocator<T>& allocate) {
  const AxisPlan px = makePlan(nx, ox, order), py = makePlan(ny, oy, order), pz = makePlan(nz, oz, order);
  const bool copyZ = nz == 1 && oz == 1;
  const size_t work = std::max({nx, ny, nz}) * (ox + oy + oz);
  const int nThreads = work < (1u << 16) ? 1 : maxThreads();

  std::vector<ThreadScratch> scratch(nThreads);
  const size_t linesLen = std::max({px.len * kRowsPerBlock, py.len * kColumnsPerBlock, pz.len * kColumnsPerBlock});
  for (ThreadScratch& s : scratch) {
    s.slice.resize(ox * ny);
    s.lines.resize(linesLen);
    s.acc.resize(std::max(kRowsPerBlock, kColumnsPerBlock));
  }
  // float32 between the y and z passes keeps the peak near 2.6x the input's bytes for a
  // CT going to 1 mm; its rounding (~6e-8 relative) is far inside the conformance
  // tolerances. Not needed when z is copied: the y pass then writes the output.
  std::vector<float> mid(copyZ ? 0 : ox * oy * nz);
  // With z copied the y pass writes the output, which must exist while the input is read.
  T* output = copyZ ? allocate(false) : nullptr;

  const ptrdiff_t slices = static_cast<ptrdiff_t>(nz);
  parallelForDynamic(0, slices, 1, nThreads, [&](int64_t z, int th) {
    ThreadScratch& s = scratch[static_cast<size_t>(th)];
    const T* slice = input + static_cast<size_t>(z) * nx * ny;
    if (copyZ) {
      resampleSliceXY(slice, px, py, output, s);
    } else {
      resampleSliceXY(slice, px, py, mid.data() + static_cast<size_t>(z) * ox * oy, s);
    }
  });
  if (copyZ) return;
  // The input is no longer read: the caller may release it before the output exists.
  output = allocate(true);

  const size_t blocksPerRow = (ox + kColumnsPerBlock - 1) / kColumnsPerBlock;
  const ptrdiff_t blocks = static_cast<ptrdiff_t>(oy * blocksPerRow);
  const ptrdiff_t plane = static_cast<ptrdiff_t>(ox * oy);
  parallelForDynamic(0, blocks, 4, nThreads, [&](int64_t b, int th) {
    ThreadScratch& s = scratch[static_cast<size_t>(th)];
    const size_t y = static_cast<size_t>(b) / blocksPerRow;
    const size_t x0 = (static_cast<size_t>(b) % blocksPerRow) * kColumnsPerBlock;
    const size_t W = std::min(kColumnsPerBlock, ox - x0);
    resampleLines(pz, mid.data() + y * ox + x0, plane, 1, W, output + y * ox + x0, plane, 1, s.lines.data(),
                  s.acc.data());
  });
}

}  // namespace

template <typename T>
void zoom3dStaged(const T* input, size_t nx, size_t ny, size_t nz, size_t ox, size_t oy, size_t oz, int order,
                  const OutputAllocator<T>& allocate) {
  if (nx * ny * nz == 0 || ox * oy * oz == 0) {
    allocate(false);
    return;
  }
  if (order == 0) {
    zoomNearest(input, nx, ny, nz, ox, oy, oz, allocate(false));
  } else if (order == 1) {
    zoomLinear(input, nx, ny, nz, ox, oy, oz, allocate(false));
  } else {
    zoomCubic(input, nx, ny, nz, ox, oy, oz, order, allocate);
  }
}

template <typename T>
void zoom3d(const T* input, size_t nx, size_t ny, size_t nz, size_t ox, size_t oy, size_t oz, int order,
            T* output) {
  zoom3dStaged<T>(input, nx, ny, nz, ox, oy, oz, order, [output](bool) { return output; });
}

template void zoom3d<int16_t>(const int16_t*, size_t, size_t, size_t, size_t, size_t, size_t, int, int16_t*);
template void zoom3d<uint8_t>(const uint8_t*, size_t, size_t, size_t, size_t, size_t, size_t, int, uint8_t*);
template void zoom3d<float>(const float*, size_t, size_t, size_t, size_t, size_t, size_t, int, float*);
template void zoom3dStaged<int16_t>(const int16_t*, size_t, size_t, size_t, size_t, size_t, size_t, int,
                                    const OutputAllocator<int16_t>&);
template void zoom3dStaged<uint8_t>(const uint8_t*, size_t, size_t, size_t, size_t, size_t, size_t, int,
                                    const OutputAllocator<uint8_t>&);
template void zoom3dStaged<float>(const float*, size_t, size_t, size_t, size_t, size_t, size_t, int,
                                  const OutputAllocator<float>&);

}  // namespace lungdesk
