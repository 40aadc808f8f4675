// Spline resampling of 3D volumes onto a corner-aligned grid (scipy.ndimage.zoom).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace lungdesk {

/// Resample a 3D volume to new dimensions with a spline of order 0, 1 or 3, as
/// `scipy.ndimage.zoom(image, factors, order, mode='nearest')` does.
///
/// Parameters
/// ----------
/// input : const T*, shape (nz, ny, nx), x fastest
///     Voxel `(x, y, z)` sits at index `x + nx*(y + ny*z)` (the bytes of a C-order numpy
///     array of shape (z, y, x)). T is int16_t, uint8_t or float. Never written.
/// nx, ny, nz : size_t, each >= 1
///     Input dimensions.
/// ox, oy, oz : size_t, each >= 1
///     Output dimensions.
/// order : int, 0 | 1 | 3
///     0 nearest, 1 linear, 3 cubic B-spline (with scipy's prefilter).
/// output : T*, ox*oy*oz elements (caller-allocated, same index order, same T)
///
/// Grid
/// ----
/// Along each axis with n input and m output samples the step is `(n-1)/(m-1)` (1 when
/// m == 1), and output index k samples the input at `c = k*step` (float64): the first
/// and last samples sit exactly on the first and last input voxels ("corner aligned",
/// scipy's grid_mode=False), so doubling does **not** sample at k/2.
///
/// Interpolation
/// -------------
/// - order 0: the voxel at `floor(c + 0.5)`, clamped to [0, n-1]: ties go **up**.
/// - order 1: `i = floor(c)`, `t = c - i`, `w0 = 1 - t`, `w1 = 1 - w0` on voxels i and
///   i+1 (clamped to n-1).
/// - order 3: each line is padded by 12 voxels on both sides with its edge value,
///   prefiltered in float64 (gain 6, pole sqrt(3)-2, scipy's "mirror" initial
///   conditions), and the B-spline is evaluated at `c + 12` with scipy's weights.
/// - The 3D result is the tensor product of the three 1D rules. Outside the volume
///   counts as the nearest edge voxel (mode 'nearest').
///
/// Output values: integer T is rounded half away from zero and clamped to T's range
/// (uint8: negatives -> 0); float is the float64 result rounded to float32.
///
/// Algorithm. Order 0 is a direct gather (no arithmetic). Order 1 sums the 8 taps per
/// output voxel exactly as scipy does (t = 0; t += ((v*wz)*wy)*wx in (z, y, x) tap order,
/// float64), so results match scipy bit for bit, .5 ties included; threads (parallel.h) over output
/// rows, no intermediate. Order 3 is separable with per-output-index taps and weights:
/// pass 1 (threads over z slices) prefilters and resamples each slice along x, then along
/// y, in float64 per-thread scratch, and stores it in a float32 intermediate of ox*oy*nz
/// values; pass 2 (threads over rows) prefilters and resamples along z into `output`.
/// The prefilter of an axis runs per 1D line (float64) right before that axis is
/// evaluated, which equals scipy's whole-volume prefilter because filtering, padding and
/// evaluating along different axes commute; no prefiltered volume is ever stored. The
/// intermediate is float32 to keep the peak near 2.6x the input's bytes for a CT going
/// to 1 mm (input + intermediate + output); its rounding (~6e-8 relative) is far inside
/// the conformance tolerances. Extra memory besides the output: order 0 and 1 none
/// (a few KB per thread), order 3 4*ox*oy*nz bytes plus about (max(n)+24)*64*8 bytes
/// per thread. Results do not depend on the number of threads. No global state; throws
/// std::bad_alloc when out of memory (always before any thread starts). Built without
/// FMA (-march=x86-64-v2); a build that contracts a*b+c into FMA would change order-1
/// tie rounding.
///
/// Matches: scipy.ndimage.zoom(image, factors, order, mode='nearest') (grid_mode=False,
/// prefilter=True) in scipy 1.10.1 given the same output shape;
/// ../shared/conformance/cases/zoom and (through the TypeScript grid rule)
/// ../shared/conformance/cases/resample.
///
/// Departs: the output dimensions are given, not the zoom factors (scipy derives them as
/// round(n*factor)); orders 2, 4 and 5 and other modes are not offered; order 3 sums
/// separably (x, then y, then z) with a float32 intermediate between the y and z passes,
/// not as scipy's one float64 sum over 64 taps, so order-3 float results may differ from
/// scipy in the last float32 bits (2 ulp on the cases) and an integer result lying within
/// ~1e-4 of a .5 tie may round the other way (none on the cases); an axis with
/// n == m == 1 is copied (scipy's 2D zoom has no such axis).
template <typename T>
void zoom3d(const T* input, size_t nx, size_t ny, size_t nz, size_t ox, size_t oy, size_t oz, int order,
            T* output);

/// Gives the output buffer (ox*oy*oz elements) when the kernel needs it. `inputDone` is
/// true when the input will not be read again, so the caller may free it first.
template <typename T>
using OutputAllocator = std::function<T*(bool inputDone)>;

/// zoom3d with the output allocated on demand, called exactly once: for order 3 (unless
/// z is copied) only after pass 1, when the input is done with (`inputDone` true), so a
/// caller that releases the input there keeps the peak at max(input + intermediate,
/// intermediate + output) instead of their sum; for orders 0 and 1 before any voxel is
/// read (`inputDone` false). Same results as zoom3d.
template <typename T>
void zoom3dStaged(const T* input, size_t nx, size_t ny, size_t nz, size_t ox, size_t oy, size_t oz, int order,
                  const OutputAllocator<T>& allocate);

}  // namespace lungdesk
