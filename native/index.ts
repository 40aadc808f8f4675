// Typed bindings for the C++ kernels in native/src (the Node-API addon
// lungdesk_native.node). Arguments are validated in C++ (addon.cc); this file only loads
// the addon and gives the kernels their TypeScript types and documentation.
import { nativeAddon } from './addon-loader';

/** Integer volumes the labelling kernels accept. */
export type IntegerVolume = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** Volume dimensions `[nx, ny, nz]`; voxel (x, y, z) sits at index `x + nx*(y + ny*z)`. */
export type Dims3 = readonly [number, number, number];

/** Neighbourhood in orthogonal hops: 1 = 6 neighbours, 2 = 18, 3 = 26 (full). */
export type Connectivity = 1 | 2 | 3;

/** Parameters of the stored-value → HU rule of one DICOM slice (see {@link storedToHu}). */
export interface HuRule {
  bitsStored: number;
  highBit: number;
  /** PixelRepresentation 1. */
  signed: boolean;
  /** PixelPaddingValue in the stored domain, or null/undefined when absent. */
  padding?: number | null;
  slope: number;
  intercept: number;
}

/** What {@link readSlicesToHu} reports per slice. */
export interface SlicesRead {
  /** Stored min / max (after masking and sign extension), as the header's range check wants. */
  min: number[];
  max: number[];
  /** HU min / max written. */
  huMin: number[];
  huMax: number[];
  /** Values the padding rule matched (outside the field of view), as {@link storedToHu}. */
  padded: number[];
  errors: (string | null)[];
}

interface NativeAddon {
  storedToHu(src: Uint16Array, out: Int16Array, outOffset: number, rule: HuRule): { min: number; max: number; padded: number };
  readSlicesToHu(
    files: readonly string[],
    offsets: readonly number[],
    rules: readonly HuRule[],
    out: Int16Array,
    firstSlice: number,
    sliceValues: number,
  ): SlicesRead;
  label3d(input: IntegerVolume, dims: Dims3, connectivity: Connectivity): { labels: Int32Array; count: number };
  largestComponent(input: IntegerVolume, dims: Dims3, connectivity: Connectivity): { mask: Uint8Array; voxels: number };
}

const load = (): NativeAddon => nativeAddon<NativeAddon>();

/**
 * Label connected regions of equal value in a 3D integer volume.
 *
 * Two voxels belong to the same region when they are neighbours and hold the **same
 * value**, so a multi-valued volume is labelled per value (a 1 next to a 2 gives two
 * regions). Voxels equal to 0 are background and get label 0; every other value,
 * negative ones included, is foreground.
 *
 * @param input - voxels in x-fastest order, index `x + nx*(y + ny*z)` (the bytes of a
 *   C-order numpy array of shape (z, y, x)). Uint8, Int8, Int16, Uint16, Int32 or Uint32.
 *   Never modified.
 * @param dims - `[nx, ny, nz]`; `nx*ny*nz` must equal `input.length` and fit in int32.
 *   A 2D image is a volume with `nz = 1`.
 * @param connectivity - maximum number of orthogonal hops to a neighbour: 1 = 6 face
 *   neighbours, 2 = 18 (faces and edges), 3 = 26 (faces, edges and corners). Default 3,
 *   full connectivity as in skimage. In a single slice, 1 is 4-connectivity and 2 or 3
 *   are 8-connectivity.
 * @returns `labels`, a new Int32Array (0 = background, regions 1..count), and `count`.
 *   Regions are numbered in raster order of their first voxel (increasing index), so
 *   label 1 owns the lowest-index foreground voxel. Outside the volume counts as
 *   background: nothing joins across the border and nothing wraps.
 * @throws TypeError when `input` is not an integer typed array of the listed kinds or
 *   `dims`/`connectivity` are not numbers; RangeError when `dims` disagree with
 *   `input.length`, are negative, fractional or too large, or `connectivity` is not
 *   1, 2 or 3. The message names the parameter.
 *
 * Matches: `skimage.measure.label(image, background=0, connectivity=c)` in
 * scikit-image 0.19.3, element for element including the numbering;
 * ../shared/conformance/cases/label.
 *
 * Departs: 3D only (2D as nz = 1); background is always 0; labels are int32 rather
 * than int64; the count is always returned. Runs two-pass union-find, on z slabs in
 * parallel (OpenMP) for large volumes; the result does not depend on the thread count.
 */
export function label3d(
  input: IntegerVolume,
  dims: Dims3,
  connectivity: Connectivity = 3,
): { labels: Int32Array; count: number } {
  return load().label3d(input, dims, connectivity);
}

/**
 * Keep the largest connected region of a volume as a 0/1 mask.
 *
 * Labels `input` exactly as {@link label3d} (same value rule, background 0, same
 * connectivity and index order), counts the voxels of each region and marks the region
 * with the most voxels. Ties go to the smallest label, i.e. the region whose first voxel
 * comes first in raster order (`np.argmax` over `np.unique` counts). An all-background
 * volume gives an all-zero mask.
 *
 * @param input - as for {@link label3d}; never modified.
 * @param dims - `[nx, ny, nz]`, as for {@link label3d}.
 * @param connectivity - 1 | 2 | 3 hops (6/18/26 neighbours), default 3.
 * @returns `mask`, a new Uint8Array (1 in the kept region, 0 elsewhere), and `voxels`,
 *   the size of the kept region (0 when there is none).
 * @throws TypeError / RangeError naming the parameter, as {@link label3d}.
 *
 * Matches: the DSB2017 tutorial's `largest_label_volume` + `labels == l_max` on
 * `skimage.measure.label(mask, background=0, connectivity=c)`, scikit-image 0.19.3;
 * ../shared/conformance/cases/largest_component.
 *
 * Departs: the tutorial's helper takes a `bg` value and can keep a background region;
 * here background is always 0 and never kept.
 */
export function largestComponent(
  input: IntegerVolume,
  dims: Dims3,
  connectivity: Connectivity = 3,
): { mask: Uint8Array; voxels: number } {
  return load().largestComponent(input, dims, connectivity);
}

/**
 * Stored DICOM pixel values of one slice to int16 Hounsfield units, written into `out`.
 *
 * Per value: the stored bits (BitsStored at HighBit) are masked and sign-extended when
 * `signed`; viewed as int16 (numpy `astype(int16)`), a value of -2000 or equal to
 * `padding` becomes 0 (the tutorial's outside-the-field rule; PixelPaddingValue too); if
 * `slope` != 1 it is multiplied and truncated toward zero; then trunc(`intercept`) is added.
 *
 * @param src - stored bit patterns (a 16-bit slice viewed as Uint16Array; 8-bit widened);
 *   never modified.
 * @param out - the volume; `src.length` values are written from `outOffset` (x fastest).
 * @returns the stored min and max after masking and sign extension (for the
 *   Smallest/LargestImagePixelValue check), and `padded`: how many values the padding rule
 *   matched (outside-the-field pixels; they all come out as trunc(`intercept`) HU).
 * @throws TypeError for wrong array types or a non-numeric rule field; RangeError when the
 *   slice does not fit in `out` or BitsStored/HighBit are out of range.
 *
 * Matches: `get_pixels_hu` of ../shared/reference/seed_pipeline.py
 * (../shared/conformance/cases/get_pixels_hu) wherever the result fits int16.
 *
 * Departs: results outside int16 are clamped, where numpy's int16 arithmetic wraps.
 */
export function storedToHu(src: Uint16Array, out: Int16Array, outOffset: number, rule: HuRule): { min: number; max: number; padded: number } {
  return load().storedToHu(src, out, outOffset, rule);
}

/**
 * Reads uncompressed 16-bit little-endian slices straight from their files into an HU
 * volume: slice i of the batch is read at `offsets[i]` of `files[i]` (`sliceValues`
 * values) and written, through {@link storedToHu} with `rules[i]`, at slice
 * `firstSlice + i` of `out`. Slices run on OpenMP threads, each reading into its own
 * buffer, so the copy out of the page cache and the arithmetic use every core.
 *
 * @returns per slice the stored min and max, the HU min and max written (0 for a slice that
 *   failed), how many values the padding rule matched (`padded`, as {@link storedToHu}), and
 *   `errors[i]` (null, or why that file could not be read: missing, or ending before its
 *   pixel data does); one bad file never stops the others.
 * @throws TypeError / RangeError naming the argument when arrays disagree in length, a
 *   rule is malformed, or the slices do not fit in `out`.
 *
 * Departs: assumes a little-endian host (x86, ARM), as every DICOM workstation is.
 */
export function readSlicesToHu(
  files: readonly string[],
  offsets: readonly number[],
  rules: readonly HuRule[],
  out: Int16Array,
  firstSlice: number,
  sliceValues: number,
): SlicesRead {
  return load().readSlicesToHu(files, offsets, rules, out, firstSlice, sliceValues);
}
