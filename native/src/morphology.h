// Binary morphology with disk / ball / ellipsoid structuring elements through an exact
// separable distance transform (cost independent of the radius), and hole filling.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lungdesk {

/// Semi-axes, in voxels, of the structuring element {(dx, dy, dz) integer :
/// dx²/rx² + dy²/ry² + dz²/rz² <= 1}, where an axis with radius 0 allows only offset 0
/// on it. `ball(r)` is {r, r, r}, `disk(r)` (one x-y slice) is {r, r, 0}, and the
/// connectivity-1 cross is ball(1) in 3D / disk(1) in 2D.
///
/// Limits (checked by `checkRadii`): every radius 0..65535, the common denominator
/// L = lcm(rx², ry², rz²) of the non-zero radii below 2^32 - 1 (always true for a ball
/// or a disk), and L * n² < 2^60 along every axis with a non-zero radius (n = the
/// volume's length on it), so the integer arithmetic cannot overflow.
struct Radii {
  int rx = 0, ry = 0, rz = 0;
};

/// Empty when `radii` can be used on a volume of these dimensions, otherwise why not.
const char* checkRadii(const Radii& radii, size_t nx, size_t ny, size_t nz);

/// Binary dilation: out[p] = 1 when some foreground voxel q (input != 0) of the volume
/// lies within the structuring element centred at p, i.e. OR over offsets d of
/// in[p + d]. Outside the volume counts as **0** (background).
///
/// Parameters
/// ----------
/// in : const uint8_t*, shape (nz, ny, nx), x fastest
///     Voxel (x, y, z) at index `x + nx*(y + ny*z)`; 0 = background, anything else =
///     foreground. Never written.
/// nx, ny, nz : size_t
///     Dimensions (a 2D image is nz = 1).
/// radii : Radii
///     The structuring element, as above; must pass `checkRadii`.
/// out : uint8_t*, nx*ny*nz (caller-allocated, may not alias `in`)
///     0/1 result.
///
/// Algorithm: exact weighted squared Euclidean distance transform to the foreground
/// (x: two linear scans; y and z: Meijster's lower envelope of parabolas, integer
/// arithmetic, skipping parabolas that cannot reach the threshold: clamped values and
/// the inside of runs of zeros) thresholded at the element's boundary. Distances above the threshold
/// are clamped to it plus one, which does not change the thresholded result and keeps
/// the work buffer at 2 bytes per voxel for radii up to 255 (4 bytes above). O(N) per
/// axis whatever the radius; lines run on worker threads (parallel.h) (volumes of 2^18 voxels or more;
/// smaller ones, such as a nodule's box, on the calling thread), in blocks of neighbouring
/// lines so the strided passes read whole cache lines. Results do not depend on the
/// number of threads. No global state; throws std::bad_alloc when out of memory.
///
/// Matches: `skimage.morphology.binary_dilation(x, disk(r) | ball(r))` and
/// `scipy.ndimage.binary_dilation(x, structure=...)` in scikit-image 0.19.3 / scipy
/// 1.10.1 (border 0); ../shared/conformance/cases/binary_dilation.
///
/// Departs: the structuring element is always an ellipsoid (ball, disk, cross); no
/// arbitrary footprints, iterations or masks.
void binaryDilation(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, uint8_t* out);

/// Binary erosion: out[p] = 1 when every voxel p + d, d in the structuring element, is
/// foreground: the complement of the dilation of the complement. `borderValue` is what
/// voxels outside the volume count as: **1** (skimage's binary_erosion, the default:
/// an object touching the edge is not eaten from the edge) or 0 (scipy's own default:
/// a voxel whose element reaches outside is eroded). Parameters as for binaryDilation.
///
/// Matches: `skimage.morphology.binary_erosion(x, fp)` = `ndi.binary_erosion(x,
/// structure=fp, border_value=True)` (borderValue 1) and `ndi.binary_erosion(x,
/// structure=fp)` (borderValue 0); ../shared/conformance/cases/binary_erosion.
void binaryErosion(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, int borderValue,
                   uint8_t* out);

/// Binary opening = dilation (border 0) of the erosion (border `borderValue`).
/// borderValue 1 matches `skimage.morphology.binary_opening` 0.19.3, 0 matches
/// `ndi.binary_opening`; ../shared/conformance/cases/binary_opening. Never adds
/// foreground (anti-extensive) for either border value.
void binaryOpening(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, int borderValue,
                   uint8_t* out);

/// Binary closing = erosion (border `borderValue`) of the dilation (border 0).
/// borderValue 1 matches `skimage.morphology.binary_closing` 0.19.3, which is therefore
/// extensive (never removes foreground); 0 matches `ndi.binary_closing`, which removes
/// foreground near the edge; ../shared/conformance/cases/binary_closing.
void binaryClosing(const uint8_t* in, size_t nx, size_t ny, size_t nz, const Radii& radii, int borderValue,
                   uint8_t* out);

/// Fill holes: out = NOT (background connected to the outside of the image).
///
/// Background (in == 0) voxels are flooded from the image border; whatever background
/// the flood does not reach is a hole and becomes 1, foreground stays 1.
///
/// dim : 2 | 3
///     3: the volume is one 3D image (its six faces are the border). 2: every z slice
///     is an independent 2D image (its four edges are the border), as a per-slice call.
/// fullConnectivity : bool
///     Background neighbourhood: false = the cross (4 in 2D, 6 in 3D, scipy's default
///     structure), so a background region touching the outside only diagonally is a
///     hole; true = the full 3x3(x3) structure (8 / 26).
///
/// Returns the number of voxels filled (holes). Breadth-first flood, O(N); 2D slices
/// run on worker threads (parallel.h). `in` is never written; `out` (nx*ny*nz) is caller-allocated.
///
/// Matches: `scipy.ndimage.binary_fill_holes(x)` and `(x, structure=np.ones((3,)*ndim))`
/// in scipy 1.10.1; ../shared/conformance/cases/binary_fill_holes.
int64_t fillHoles(const uint8_t* in, size_t nx, size_t ny, size_t nz, int dim, bool fullConnectivity, uint8_t* out);

}  // namespace lungdesk
