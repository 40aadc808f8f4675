// The DSB2017 tutorial's 3D lung mask, in one pass over shared intermediates.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lungdesk {

struct LungMaskOptions {
  int32_t threshold = -320;  ///< air-like at or below this HU
  bool sides = false;        ///< outside air: false = the region of voxel [0,0,0] (the tutorial); true = every air region touching the four in-plane sides
};

/// The seed's `segment_lung_mask` without (`nofill`) and with (`fill`) the per-slice
/// largest-tissue fill, sharing the threshold, the full-connectivity labelling and the
/// outside-air removal; either output may be null.
///
/// hu : const int16_t*, x-fastest (index x + nx*(y + ny*z)); never written.
/// b = (hu > threshold) + 1 (1 air-like, 2 tissue); the air region(s) outside the body set to 2; fill: per axial slice, every
/// pixel outside the most frequent 8-connected tissue label (ties: the smallest) set to 1 (a
/// slice without tissue is left as it is; slices run in parallel threads); lungs = the largest
/// 26-connected region of the 1s (ties: the first in raster order). Outputs are 0/1 uint8.
///
/// Matches: seed_pipeline.segment_lung_mask (skimage 0.19.3 labelling) voxel for voxel,
/// ../shared/conformance/cases/segment_lung_mask, with sides = false.
/// Regions are found by 26-connected span flood fills on b itself (the outside air from its
/// seeds; each air region in raster order for the largest, ties to the first met, which is
/// skimage's smallest label), so the only volume-sized buffer besides the input and the
/// outputs is b (one byte per voxel), and when `fill` is wanted b is `fill` itself (its
/// last step writes the result over it): no scratch volume at all. The per-slice fill
/// labels one slice per thread.
///
/// Departs: `sides` is the tutorial's suggested improvement, not its code.
/// No global state; throws std::bad_alloc when out of memory.
void lungMasks3d(const int16_t* hu, size_t nx, size_t ny, size_t nz, const LungMaskOptions& opts, uint8_t* nofill, uint8_t* fill);

}  // namespace lungdesk
