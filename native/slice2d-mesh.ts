// Typed bindings of the per-slice 2D kernels of the DSB2017 2D lung segmentation
// (label2d, clearBorder, roberts: native/src/slice2d.h) and of marching cubes
// (native/src/marching-cubes.h). Arguments are validated in C++
// (native/src/bind-slice2d-mesh.cc); this file gives the kernels their types and docs.
import { nativeAddon } from './addon-loader';

/** Integer images the labelling and clear-border kernels accept. */
export type IntegerImage = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** Images `roberts` accepts (float32, float64, uint8 or bool-as-uint8, int16). */
export type RobertsImage = Float32Array | Float64Array | Uint8Array | Int16Array;

/** Volumes `marchingCubes` accepts. */
export type MeshVolume = Float32Array | Int16Array | Uint8Array;

/** Dimensions `[nx, ny, nz]`; element (x, y, z) sits at index `x + nx*(y + ny*z)`. */
export type Dims3 = readonly [number, number, number];

/** A triangle mesh in (x, y, z) order. */
export interface TriangleMesh {
  /** Vertex positions, (x, y, z) triples, in voxel units times spacing (mm). */
  vertices: Float32Array;
  /** Triangles, index triples into the vertices, counter-clockwise seen from outside. */
  faces: Uint32Array;
  /** Per-vertex unit normals, (x, y, z) triples, pointing towards decreasing values. */
  normals: Float32Array;
}

interface Slice2dMeshAddon {
  label2d(input: IntegerImage, dims: Dims3, connectivity: 1 | 2): { labels: Int32Array; counts: Int32Array };
  clearBorder(input: IntegerImage, dims: Dims3, bufferSize: number, perSlice: boolean): IntegerImage;
  roberts(image: RobertsImage, dims: Dims3, asBool: boolean): Float32Array | Float64Array;
  marchingCubes(volume: MeshVolume, dims: Dims3, level: number, spacing?: readonly [number, number, number]): TriangleMesh;
}

const load = (): Slice2dMeshAddon => nativeAddon<Slice2dMeshAddon>();

/**
 * Label connected regions of equal value in every axial slice independently.
 *
 * Each slice z (the `nx*ny` values from index `nx*ny*z`) is labelled as a 2D image: two
 * pixels join when they are neighbours and hold the **same value**; 0 is background
 * (label 0), every other value, negative ones included, is foreground. Nothing joins
 * across slices or across the image border.
 *
 * @param input - x-fastest, index `x + nx*(y + ny*z)` (a C-order (z, y, x) array; a 2D
 *   (y, x) image is nz = 1). Never modified.
 * @param dims - `[nx, ny, nz]`; `nx*ny*nz` must equal `input.length`.
 * @param connectivity - 1 = 4 neighbours, 2 = 8 neighbours (default, skimage's 2D full).
 * @returns `labels` (new Int32Array; numbering restarts at 1 in each slice, in raster
 *   order of each region's first pixel) and `counts` (regions per slice, length nz).
 * @throws TypeError / RangeError naming the parameter (input kind, dims, connectivity).
 *
 * Matches: `skimage.measure.label(slice, background=0, connectivity=c)`, scikit-image
 * 0.19.3, per slice, numbering included; ../shared/conformance/cases/label (2D cases).
 *
 * Departs: background is always 0; labels are int32. Slices run in parallel (OpenMP).
 */
export function label2d(input: IntegerImage, dims: Dims3, connectivity: 1 | 2 = 2): { labels: Int32Array; counts: Int32Array } {
  return load().label2d(input, dims, connectivity);
}

/**
 * Remove the connected regions that touch the border zone of an image.
 *
 * The zone is the first and the last `bufferSize + 1` indices along every axis of the
 * image. Regions are sets of neighbouring elements with the **same non-zero value** with
 * full connectivity (8 in 2D, 26 in 3D; different values never join; 0 is background);
 * each region with an element in the zone becomes 0, including a region that touches it
 * only through a corner. Everything else keeps its value.
 *
 * @param input - x-fastest, index `x + nx*(y + ny*z)`. Never modified.
 * @param dims - `[nx, ny, nz]`.
 * @param bufferSize - zone width minus one (default 0); must be smaller than every image
 *   dimension (skimage raises otherwise).
 * @param perSlice - true: every axial slice is its own 2D image (the 2D lung-mask step;
 *   slices in parallel). false (default): the whole array is one image, 2D when nz = 1,
 *   3D otherwise (zone along z too).
 * @returns a new array of the same kind as `input`.
 * @throws TypeError / RangeError naming the parameter.
 *
 * Matches: `skimage.segmentation.clear_border(image, buffer_size=b)`, scikit-image 0.19.3;
 * ../shared/conformance/cases/clear_border.
 *
 * Departs: no `mask`, `bgval` or `in_place`. A flood fill from the zone replaces
 * skimage's relabelling (same result).
 */
export function clearBorder<T extends IntegerImage>(input: T, dims: Dims3, bufferSize = 0, perSlice = false): T {
  return load().clearBorder(input, dims, bufferSize, perSlice) as T;
}

/**
 * Roberts cross edge magnitude of every axial slice (2D; slices independent).
 *
 * `pos = I[y+1,x+1] - I[y,x]`, `neg = I[y+1,x] - I[y,x+1]`, `out = sqrt(pos² + neg²)/√2`.
 * Indices past the last row or column are reflected onto it (`I[n] = I[n-1]`, scipy
 * 'reflect'); the border is not zeroed.
 *
 * @param image - x-fastest, index `x + nx*(y + ny*z)`. Converted as img_as_float:
 *   float32 and float64 as they are, uint8 / 255, int16 / 32767 (-32768 → -1); with
 *   `asBool` a Uint8Array mask is 0/1 (non-zero → 1). Never modified.
 * @param dims - `[nx, ny, nz]`.
 * @param asBool - the Uint8Array is a bool mask (skimage on a bool array). Default false.
 * @returns Float32Array for Float32Array input, Float64Array otherwise.
 * @throws TypeError / RangeError naming the parameter (also `asBool` with a non-Uint8Array).
 *
 * Matches: `skimage.filters.roberts(image)` (no mask), scikit-image 0.19.3, per slice;
 * ../shared/conformance/cases/roberts.
 *
 * Departs: computed in double; for float32 input rounded once at the end (skimage rounds
 * the two convolutions to float32 first), a few float32 ulps apart.
 */
export function roberts(image: Float32Array, dims: Dims3, asBool?: false): Float32Array;
export function roberts(image: Float64Array | Uint8Array | Int16Array, dims: Dims3, asBool?: boolean): Float64Array;
export function roberts(image: RobertsImage, dims: Dims3, asBool = false): Float32Array | Float64Array {
  return load().roberts(image, dims, asBool);
}

/**
 * The iso-surface `value == level` of a volume as a shared-vertex triangle mesh
 * (marching cubes).
 *
 * A voxel is inside when its value is > `level`. Vertices lie on the voxel-grid edges
 * that cross the level (linear interpolation) and are shared between neighbouring cubes,
 * so the mesh is watertight (every edge in exactly two triangles) wherever the surface
 * closes inside the volume; it is open where it leaves the volume (no padding).
 * Ambiguous cube faces are resolved by the asymptotic decider on the face's four values,
 * identically in both cubes sharing the face, so there are no cracks.
 *
 * @param volume - x-fastest, index `x + nx*(y + ny*z)`; Float32Array, Int16Array (HU) or
 *   Uint8Array (mask; use level 0.5). Never modified.
 * @param dims - `[nx, ny, nz]`; a dimension below 2 gives an empty mesh.
 * @param level - the iso-value, finite.
 * @param opts.spacing - voxel size `[x, y, z]` in mm (default `[1, 1, 1]`).
 * @returns vertices (x, y, z) in voxel units times spacing; faces counter-clockwise seen
 *   from outside (right-hand normal towards decreasing values, so a bright closed object
 *   has positive signed volume); per-vertex unit normals = negated central-difference
 *   gradient interpolated along the edge (towards decreasing values: outward for a bright
 *   object on a dark background).
 * @throws TypeError / RangeError naming the parameter (volume kind, dims, level, spacing).
 *
 * Matches: `skimage.measure.marching_cubes(volume, level, spacing=(z, y, x),
 * gradient_direction='descent')`, scikit-image 0.19.3, in area, enclosed volume and vertex
 * positions (compare mode `mesh`, ../shared/conformance/cases/marching_cubes), with
 * vertices in (x, y, z) where skimage gives (z, y, x).
 *
 * Departs: a different valid triangulation (case table generated from the face rules, not
 * Lewiner's), so vertex/face counts and order differ; no mask, step_size or values output.
 * Parallel over z slabs (OpenMP) for large volumes.
 */
export function marchingCubes(
  volume: MeshVolume,
  dims: Dims3,
  level: number,
  opts: { spacing?: readonly [number, number, number] } = {},
): TriangleMesh {
  return load().marchingCubes(volume, dims, level, opts.spacing);
}
