#include "lung-mask.h"

#include <memory>
#include <vector>

#include "label3d.h"

namespace lungdesk {

namespace {
// lungs = (b == 1) written into `scratch`, then its largest 26-connected region.
void largestAir(const std::vector<uint8_t>& b, size_t nx, size_t ny, size_t nz, uint8_t* out, std::vector<uint8_t>& scratch, int32_t* labels) {
  const long n = static_cast<long>(b.size());
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; ++i) scratch[i] = b[i] == 1 ? 1 : 0;
  largestComponent(scratch.data(), nx, ny, nz, 3, out, labels);
}
}  // namespace

void lungMasks3d(const int16_t* hu, size_t nx, size_t ny, size_t nz, const LungMaskOptions& opts, uint8_t* nofill, uint8_t* fill) {
  const size_t plane = nx * ny;
  const size_t n = plane * nz;
  const long ln = static_cast<long>(n);
  // air = (hu <= threshold); only the air regions matter for the outside-air step, so air is
  // labelled alone (tissue as background): the same air regions as the tutorial's label of
  // the whole 1/2 volume, for about half the work.
  std::vector<uint8_t> air(n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < ln; ++i) air[i] = hu[i] > opts.threshold ? 0 : 1;
  std::unique_ptr<int32_t[]> labels(new int32_t[n]);  // fully written by label3d; reused below
  const int32_t count = label3d(air.data(), nx, ny, nz, 3, labels.get());
  std::vector<uint8_t> outside(static_cast<size_t>(count) + 1, 0);
  if (!opts.sides) {
    if (labels[0] != 0) outside[labels[0]] = 1;  // a tissue corner: nothing outside to remove
  } else {
    for (size_t z = 0; z < nz; ++z) {
      const size_t base = z * plane;
      for (size_t x = 0; x < nx; ++x)
        for (size_t y : {size_t(0), ny - 1}) outside[labels[base + y * nx + x]] = 1;
      for (size_t y = 0; y < ny; ++y)
        for (size_t x : {size_t(0), nx - 1}) outside[labels[base + y * nx + x]] = 1;
    }
    outside[0] = 0;  // tissue on the sides is not air
  }
  // b: 1 air inside the body, 2 tissue or outside air (the tutorial's values).
  std::vector<uint8_t> b(n);
#pragma omp parallel for schedule(static)
  for (long i = 0; i < ln; ++i) b[i] = air[i] && !outside[labels[i]] ? 1 : 2;
  if (nofill) largestAir(b, nx, ny, nz, nofill, air, labels.get());
  if (!fill) return;
  const long lnz = static_cast<long>(nz);
#pragma omp parallel
  {
    std::vector<uint8_t> tissue(plane);
    std::vector<int32_t> sliceLabels(plane);
    std::vector<int64_t> sizes;
#pragma omp for schedule(dynamic, 4)
    for (long z = 0; z < lnz; ++z) {
      uint8_t* s = b.data() + static_cast<size_t>(z) * plane;
      bool any = false;
      for (size_t i = 0; i < plane; ++i) {
        tissue[i] = s[i] == 2 ? 1 : 0;
        any |= tissue[i] != 0;
      }
      if (!any) continue;
      const int32_t sliceCount = label3d(tissue.data(), nx, ny, 1, 2, sliceLabels.data());
      sizes.assign(static_cast<size_t>(sliceCount) + 1, 0);
      for (size_t i = 0; i < plane; ++i) ++sizes[sliceLabels[i]];
      int32_t best = 1;
      for (int32_t l = 2; l <= sliceCount; ++l)
        if (sizes[l] > sizes[best]) best = l;
      for (size_t i = 0; i < plane; ++i)
        if (sliceLabels[i] != best) s[i] = 1;
    }
  }
  largestAir(b, nx, ny, nz, fill, air, labels.get());
}

}  // namespace lungdesk
