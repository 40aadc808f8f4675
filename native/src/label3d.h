// Connected-component labelling of 3D integer volumes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lungdesk {

/// Label connected regions of equal value in a 3D integer volume.
///
/// Two voxels belong to the same region when they are neighbours and hold the
/// **same value**; a multi-valued volume is therefore labelled per value (a 1
/// next to a 2 gives two regions). Voxels equal to 0 are background and get
/// label 0; every other value, negative ones included, is foreground.
///
/// Parameters
/// ----------
/// input : const T*, shape (nz, ny, nx), x fastest
///     Voxel `(x, y, z)` sits at index `x + nx*(y + ny*z)` (the bytes of a C-order
///     numpy array of shape (z, y, x)). T is one of int8, uint8, int16, uint16,
///     int32, uint32. Never written.
/// nx, ny, nz : size_t
///     Dimensions; `nx*ny*nz` must not exceed INT32_MAX (labels are int32).
/// connectivity : int, 1 | 2 | 3
///     Maximum number of orthogonal hops to count a voxel as a neighbour:
///     1 = 6 faces, 2 = 18 (faces and edges), 3 = 26 (faces, edges, corners),
///     the scikit-image convention. 3 (full) is skimage's default.
///
///         c=1 (in one z plane)   c=2 (in one z plane)   c=3 adds the 8 corners
///             . x .                  x x x              of the 3x3x3 cube
///             x o x                  x o x
///             . x .                  x x x
///
/// labels : int32_t*, nx*ny*nz elements (output, caller-allocated)
///     Outside the volume counts as background: nothing joins across the border and
///     the volume does not wrap.
///
/// Returns
/// -------
/// count : int32_t
///     Number of regions N. Labels run 1..N in raster order of each region's first
///     voxel (increasing index `x + nx*(y + ny*z)`, = C order of the (z, y, x) array),
///     so label 1 is the region that owns the lowest-index foreground voxel.
///
/// Algorithm: two-pass union-find on provisional labels (union by smaller label,
/// path halving; a voxel that joins its left neighbour skips the neighbours that one
/// already joined), run on z slabs in parallel (std::thread, parallel.h) when the volume has 2^20
/// voxels or more, with the slab boundaries merged before the second pass. Results do
/// not depend on the number of threads. Extra memory: one int32 per provisional label
/// (at most one per foreground voxel). No global state; throws std::bad_alloc when out
/// of memory.
///
/// Matches: `skimage.measure.label(image, background=0, connectivity=c)` in
/// scikit-image 0.19.3 (and `scipy.ndimage.label` for bool input) element for element,
/// including the numbering; ../shared/conformance/cases/label.
///
/// Departs: only 3D (a 2D image is a volume with nz = 1; 2D connectivity 1 and 2 are
/// 3D connectivity 1 and 2 within the slice); background is always 0 (skimage's
/// `background=` argument is not offered); labels are int32, not int64; no
/// `return_num` flag: the count is always returned.
template <typename T>
int32_t label3d(const T* input, size_t nx, size_t ny, size_t nz, int connectivity,
                int32_t* labels);

/// Keep the largest connected region of a volume, as a 0/1 mask.
///
/// Labels `input` exactly as `label3d` (same value rule, background 0, same
/// connectivity and index order), counts the voxels of each region and writes 1 into
/// `out` for the voxels of the region with the most voxels, 0 elsewhere. Ties go to
/// the smallest label, i.e. the region whose first voxel comes first in raster order
/// (`np.argmax` over `np.unique` counts). An all-background volume gives all 0.
/// `input` is never written; `out` (uint8, nx*ny*nz) is caller-allocated.
///
/// Returns the number of voxels kept (0 for an all-background volume).
///
/// Matches: the DSB2017 tutorial's `largest_label_volume` + `labels == l_max` on
/// `skimage.measure.label(mask, background=0, connectivity=c)`, scikit-image 0.19.3;
/// ../shared/conformance/cases/largest_component.
///
/// Departs: the tutorial's helper takes a `bg` argument and can count background as
/// a region; here background is always 0 and never kept.
template <typename T>
int64_t largestComponent(const T* input, size_t nx, size_t ny, size_t nz, int connectivity,
                         uint8_t* out);

/// The same, with a caller-owned scratch buffer of nx*ny*nz int32 for the labels (saves
/// allocating and faulting in 4 bytes per voxel when called repeatedly).
template <typename T>
int64_t largestComponent(const T* input, size_t nx, size_t ny, size_t nz, int connectivity,
                         uint8_t* out, int32_t* labels);

}  // namespace lungdesk
