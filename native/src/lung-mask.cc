#include "lung-mask.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "label3d.h"
#include "parallel.h"

namespace lungdesk {

namespace {

struct Span {
  size_t y, z, x0, x1;
};

// Replaces the 26-connected region of value `from` containing `seed` by `to`, scanline by
// scanline (a run is filled whole, then the 8 neighbouring rows are scanned over the run
// widened by one voxel, which is exactly 26-connectivity). Memory: a stack of runs.
// Returns the number of voxels replaced.
int64_t floodFill26(uint8_t* b, size_t nx, size_t ny, size_t nz, size_t seed, uint8_t from, uint8_t to, std::vector<Span>& stack) {
  if (b[seed] != from) return 0;
  int64_t count = 0;
  auto fillRun = [&](size_t y, size_t z, size_t x) {
    uint8_t* row = b + nx * (y + ny * z);
    size_t l = x, r = x;
    while (l > 0 && row[l - 1] == from) --l;
    while (r + 1 < nx && row[r + 1] == from) ++r;
    std::fill(row + l, row + r + 1, to);
    count += static_cast<int64_t>(r - l + 1);
    stack.push_back({y, z, l, r});
    return r;
  };
  stack.clear();
  fillRun((seed / nx) % ny, seed / (nx * ny), seed % nx);
  while (!stack.empty()) {
    const Span s = stack.back();
    stack.pop_back();
    for (int dz = -1; dz <= 1; ++dz) {
      if ((dz < 0 && s.z == 0) || (dz > 0 && s.z + 1 >= nz)) continue;
      for (int dy = -1; dy <= 1; ++dy) {
        if (dz == 0 && dy == 0) continue;
        if ((dy < 0 && s.y == 0) || (dy > 0 && s.y + 1 >= ny)) continue;
        const size_t yy = s.y + dy, zz = s.z + dz;
        const uint8_t* row = b + nx * (yy + ny * zz);
        size_t x = s.x0 > 0 ? s.x0 - 1 : 0;
        const size_t xe = std::min(nx - 1, s.x1 + 1);
        while (x <= xe) {
          if (row[x] == from) x = fillRun(yy, zz, x) + 2;
          else ++x;
        }
      }
    }
  }
  return count;
}

// The largest 26-connected region of 1s in b (ties: the one met first in raster order,
// i.e. the smallest label of skimage's numbering) written to `out` as 0/1; b is restored.
// `out` may be b itself (the last use of b): each voxel is read before it is written.
void largestAir(uint8_t* b, size_t nx, size_t ny, size_t nz, uint8_t* out, std::vector<Span>& stack) {
  const size_t n = nx * ny * nz;
  int64_t bestCount = 0;
  size_t best = 0;
  for (size_t i = 0; i < n; ++i) {
    if (b[i] != 1) continue;
    const int64_t c = floodFill26(b, nx, ny, nz, i, 1, 3, stack);
    if (c > bestCount) {
      bestCount = c;
      best = i;
    }
  }
  if (bestCount > 0) floodFill26(b, nx, ny, nz, best, 3, 4, stack);
  const long ln = static_cast<long>(n);
  parallelFor(0, ln, maxThreads(), [&](int64_t i, int) {
    out[i] = b[i] == 4 ? 1 : 0;
    if (b[i] >= 3) b[i] = 1;
  });
}

}  // namespace

void lungMasks3d(const int16_t* hu, size_t nx, size_t ny, size_t nz, const LungMaskOptions& opts, uint8_t* nofill, uint8_t* fill) {
  const size_t plane = nx * ny;
  const size_t n = plane * nz;
  const long ln = static_cast<long>(n);
  // b: 1 air-like, 2 tissue (the tutorial's values). Regions are found by flood fills on b
  // itself, so the only volume-sized buffers are hu, b and the outputs; when the filled
  // mask is wanted, b lives in its output (its last step writes the result over b).
  std::vector<uint8_t> own(fill ? 0 : n);
  uint8_t* b = fill ? fill : own.data();
  parallelFor(0, ln, maxThreads(), [&](int64_t i, int) { b[i] = hu[i] > opts.threshold ? 2 : 1; });
  std::vector<Span> stack;
  // The air outside the body becomes tissue (2).
  if (!opts.sides) {
    floodFill26(b, nx, ny, nz, 0, 1, 2, stack);
  } else {
    for (size_t z = 0; z < nz; ++z) {
      const size_t base = z * plane;
      for (size_t x = 0; x < nx; ++x)
        for (size_t y : {size_t(0), ny - 1}) floodFill26(b, nx, ny, nz, base + y * nx + x, 1, 2, stack);
      for (size_t y = 0; y < ny; ++y)
        for (size_t x : {size_t(0), nx - 1}) floodFill26(b, nx, ny, nz, base + y * nx + x, 1, 2, stack);
    }
  }
  if (nofill) largestAir(b, nx, ny, nz, nofill, stack);
  if (!fill) return;
  const long lnz = static_cast<long>(nz);
  struct Scratch {
    std::vector<uint8_t> tissue;
    std::vector<int32_t> sliceLabels;
    std::vector<int64_t> sizes;
  };
  const int threads = maxThreads();
  std::vector<Scratch> scratch(static_cast<size_t>(threads));
  parallelForDynamic(0, lnz, 4, threads, [&](int64_t z, int t) {
    Scratch& sc = scratch[static_cast<size_t>(t)];
    std::vector<uint8_t>& tissue = sc.tissue;
    std::vector<int32_t>& sliceLabels = sc.sliceLabels;
    std::vector<int64_t>& sizes = sc.sizes;
    tissue.resize(plane);
    sliceLabels.resize(plane);
    {
      uint8_t* s = b + static_cast<size_t>(z) * plane;
      bool any = false;
      for (size_t i = 0; i < plane; ++i) {
        tissue[i] = s[i] == 2 ? 1 : 0;
        any |= tissue[i] != 0;
      }
      if (!any) return;
      const int32_t sliceCount = label3d(tissue.data(), nx, ny, 1, 2, sliceLabels.data());
      sizes.assign(static_cast<size_t>(sliceCount) + 1, 0);
      for (size_t i = 0; i < plane; ++i) ++sizes[sliceLabels[i]];
      int32_t best = 1;
      for (int32_t l = 2; l <= sliceCount; ++l)
        if (sizes[l] > sizes[best]) best = l;
      for (size_t i = 0; i < plane; ++i)
        if (sliceLabels[i] != best) s[i] = 1;
    }
  });
  largestAir(b, nx, ny, nz, fill, stack);
}

}  // namespace lungdesk
