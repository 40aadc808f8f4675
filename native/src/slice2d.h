// Per-slice 2D kernels of the DSB2017 2D lung segmentation: labelling, clear_border
// and the Roberts edge magnitude.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lungdesk {

/// Label connected regions of equal value in every axial slice independently.
///
/// Each slice z (the nx*ny values from index `nx*ny*z`) is labelled as a 2D image:
/// two pixels join when they are neighbours and hold the **same value**; 0 is
/// background (label 0), every other value (negative too) is foreground.
///
/// Parameters
/// ----------
/// input : const T*, shape (nz, ny, nx), x fastest
///     Pixel (x, y) of slice z at `x + nx*(y + ny*z)`. T is int8, uint8, int16,
///     uint16, int32 or uint32. Never written.
/// connectivity : int, 1 | 2
///     1 = 4 neighbours (edges), 2 = 8 neighbours (edges and corners, skimage's 2D
///     default). Nothing joins across slices or across the image border.
/// labels : int32_t*, nx*ny*nz (output, caller-allocated)
///     Numbering restarts at 1 in every slice, in raster order of each region's first
///     pixel (increasing x + nx*y).
/// counts : int32_t*, nz (output, caller-allocated)
///     Number of regions of each slice.
///
/// Slices run in parallel (std::thread, parallel.h); each is labelled by `label3d` with nz = 1.
///
/// Matches: `skimage.measure.label(slice, background=0, connectivity=c)` of
/// scikit-image 0.19.3 on each slice, numbering included;
/// ../shared/conformance/cases/label (2D cases).
///
/// Departs: background is always 0; labels are int32, not int64.
template <typename T>
void label2d(const T* input, size_t nx, size_t ny, size_t nz, int connectivity, int32_t* labels,
             int32_t* counts);

/// Remove the connected regions that touch the border zone of an image.
///
/// The border zone is the first and the last `bufferSize + 1` indices along every
/// axis of the image. Regions are the 8-connected (2D) or 26-connected (3D) sets of
/// neighbouring elements with the **same non-zero value** (different values never
/// join, 0 is background); every region with an element in the zone is set to 0, a
/// region touching the zone only through a corner included. Everything else keeps its
/// value.
///
/// Parameters
/// ----------
/// input : const T*, x fastest, index `x + nx*(y + ny*z)`; int8, uint8, int16,
///     uint16, int32 or uint32. Never written.
/// perSlice : bool
///     true: every axial slice is its own 2D image (zone along x and y only, 8
///     neighbours, slices in parallel). false: the whole array is one image, 2D when
///     nz == 1 and 3D otherwise (zone along z too, 26 neighbours).
/// bufferSize : size_t
///     Must be smaller than every image dimension (skimage raises otherwise).
/// out : T*, nx*ny*nz (output, caller-allocated, must not alias input)
///
/// Returns the number of elements cleared.
///
/// Matches: `skimage.segmentation.clear_border(image, buffer_size=b)` (bgval 0, no
/// mask) of scikit-image 0.19.3; ../shared/conformance/cases/clear_border.
///
/// Departs: no `mask`/`bgval`/`in_place` arguments. Implemented as a flood fill from
/// the zone through same-value neighbours rather than a full relabelling; the result
/// is the same.
template <typename T>
int64_t clearBorder(const T* input, size_t nx, size_t ny, size_t nz, size_t bufferSize, bool perSlice, T* out);

/// Roberts cross edge magnitude of every axial slice (2D, slices independent).
///
///     pos[y,x] = I[y+1,x+1] - I[y,x]      neg[y,x] = I[y+1,x] - I[y,x+1]
///     out[y,x] = sqrt(pos^2 + neg^2) / sqrt(2)
///
/// Indices past the last row or column are reflected onto it (I[n] = I[n-1], scipy's
/// 'reflect'); the border is not zeroed.
///
/// Parameters
/// ----------
/// input : const T*, x fastest, index `x + nx*(y + ny*z)`. Never written.
/// scale : double
///     Each value is multiplied by this before filtering (img_as_float: 1/255 for
///     uint8, 1/32767 for int16, 1 for floats), then clamped to >= minValue.
/// minValue : double
///     Lower clamp after scaling (-1 for int16 so that -32768 maps to -1).
/// asBool : bool
///     Treat the input as a mask: non-zero is 1.0, zero is 0.0 (scale ignored).
/// out : U*, nx*ny*nz (caller-allocated), float for float32 input, double otherwise.
///
/// Computed in double; slices in parallel (std::thread, parallel.h).
///
/// Matches: `skimage.filters.roberts(image)` (no mask) of scikit-image 0.19.3 per 2D
/// slice; ../shared/conformance/cases/roberts.
///
/// Departs: float32 input is filtered in double and rounded once at the end (skimage
/// rounds the two convolutions to float32 first): differences of a few float32 ulps.
template <typename T, typename U>
void roberts(const T* input, size_t nx, size_t ny, size_t nz, double scale, double minValue, bool asBool, U* out);

}  // namespace lungdesk
