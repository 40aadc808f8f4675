import fs from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import { npyHeader, writeChunksAtomic } from '../io/write/npy-writer';
import type { JobContext } from '../../common/jobs';
import type { Vec3 } from '../../common/geometry';
import type { Volume } from '../volume/volume';
import { resampleToSpacing, type ZoomOrder } from '../../../native/resample';
import { dilateWithinBox, segmentLungMasks3d } from './lung-mask-3d';
import { segmentLungs2d } from './lung-mask-2d';
import { normalizeMasked } from './normalize';
import { noduleSlices, noduleSlicesOfVoxels } from './nodule-slices';
import { bridgeMissingSlices } from '../volume/bridge-missing-slices';

export type Interpolation = 'nearest' | 'linear' | 'cubic';
const ORDER: Record<Interpolation, ZoomOrder> = { nearest: 0, linear: 1, cubic: 3 };

export interface PreprocessParams {
  /** Isotropic target spacing, mm (default 1). */
  spacingMm?: number;
  /** Resampling: nearest (order 0), linear (1) or cubic B-spline (3, the tutorial's default). */
  interp?: Interpolation;
  /** Ball radius of the lung-mask dilation, mm (default 5: pleural nodules stay in); 0 disables. */
  dilateMm?: number;
  outsideAir?: 'corner' | 'sides';
  /** Also the 2D per-slice lung segmentation on the original grid. */
  seg2d?: boolean;
  /**
   * Nodules (LUNA16 rows of this scan), by their row index in the CSV. A nodule with its own
   * `voxels` (flat indices on the volume's grid, e.g. a reviewed lesion mask) gets
   * `masks_N.npy` from them instead of the sphere of its diameter, and no `masks_N_seed.npy`
   * (the tutorial's disk is a construction from the diameter, not a mask).
   */
  nodules?: { index: number; center: Vec3; diameterMm: number; voxels?: Uint32Array }[];
  /**
   * Slots of the volume's missing slices (`loadVolume`): hu.npy keeps their padding; every
   * later step sees them bridged (`bridgeMissingSlices`), so the lungs stay enclosed.
   */
  missingSlices?: readonly number[];
  /**
   * A lung mask to use instead of segmenting one (0/1 on the volume's grid, e.g. a reviewed
   * mask): resampled with nearest neighbour (order 0) onto the new grid and written as
   * lungmask.npy; dilation and segmented.npy follow from it as usual. lungmask_nofill.npy
   * is not written: a given mask has no unfilled variant.
   */
  lungMask?: Uint8Array;
  /**
   * Leave `volume` as it was: its voxels are not bridged in place (a bridged copy is made
   * when slices are missing) nor released by the resampling. For callers that use the
   * volume afterwards (the training-set export writes several formats from one load).
   */
  keepInput?: boolean;
}

/** An output array, C order (z, y, x) like the seed's .npy files: the bytes of our x-fastest arrays. */
export interface OutputArray {
  shape: number[];
  data: Int16Array | Uint8Array | Float32Array;
}

/** An output produced slab by slab (little-endian bytes in C order), for outputs too big to hold. */
export interface StreamedArray {
  shape: number[];
  descr: '<i2' | '|u1' | '<f4';
  /**
   * Consumed in order, each chunk used (written) before the next is asked for: a chunk's
   * bytes may be reused for the next one.
   */
  chunks: Iterable<Uint8Array>;
}

export type PreprocessSink = (name: string, array: OutputArray | StreamedArray) => Promise<void>;

/** The .npy dtype code of an output. */
export function descrOf(a: OutputArray | StreamedArray): '<i2' | '|u1' | '<f4' {
  if ('descr' in a) return a.descr;
  return a.data instanceof Int16Array ? '<i2' : a.data instanceof Uint8Array ? '|u1' : '<f4';
}

/** A header chunk followed by the data chunks, lazily. */
export function* withHeader(header: Uint8Array, body: Iterable<Uint8Array>): Iterable<Uint8Array> {
  yield header;
  yield* body;
}

/** A sink writing each output as `<outDir>/<name>` (.npy, atomically), as the seed lays them out. */
export function npyFileSink(outDir: string): PreprocessSink {
  return async (name, a) => {
    const file = path.join(outDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeChunksAtomic(file, withHeader(npyHeader(a.shape, descrOf(a)), bytesOf(a)));
  };
}

/** The bytes of an output, whole or slab by slab. */
export function bytesOf(a: OutputArray | StreamedArray): Iterable<Uint8Array> {
  return 'chunks' in a ? a.chunks : [new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength)];
}

export interface PreprocessSummary {
  shapeZyx: number[];
  spacingZyx: number[];
  resampledShapeZyx: number[];
  resampledSpacingZyx: number[];
  dilationRadiusVoxels: number;
  /** Voxel counts on the new grid; with a given lung mask, `nofill` is the given mask's count too. */
  lungVoxels: { nofill: number; fill: number; dilated: number };
  nodules: { index: number; slices: number[]; maskVoxels: number; maskSeedVoxels: number }[];
  /** Slots of missing slices: padding in hu.npy, linearly interpolated for every later output. */
  missingSlices: number[];
  timings: { step: string; seconds: number }[];
}

const zyx = (d: readonly number[]) => [d[2]!, d[1]!, d[0]!];
const count = (m: Uint8Array) => {
  let n = 0;
  for (let i = 0; i < m.length; i++) n += m[i]!;
  return n;
};

/**
 * The DSB2017/LUNA16 preprocessing of the seed pipeline on one HU volume, step by step:
 * hu (missing slices padded) → missing slices bridged → nodule slices (original grid) → resample to isotropic spacing (the seed's grid
 * rule) → 3D lung mask without and with the per-slice fill → dilation by a ball of
 * round(dilateMm / min spacing) voxels → normalised, zero-centred, masked float32 volume;
 * optionally the 2D per-slice segmentation. Each output goes to `sink` as soon as it exists
 * and is then dropped, and the input volume's voxels are released once resampled (the
 * function consumes `volume`, unless `keepInput`), so a job stays under three times its input.
 * A given `lungMask` replaces the segmentation, given nodule `voxels` the spheres.
 */
export async function preprocessVolume(volume: Volume, p: PreprocessParams, sink: PreprocessSink, ctx?: JobContext): Promise<PreprocessSummary> {
  const timings: { step: string; seconds: number }[] = [];
  const stop = () => {
    if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'preprocessing cancelled');
  };
  const step = async <T>(name: string, fraction: number, fn: () => T | Promise<T>): Promise<T> => {
    stop();
    ctx?.progress(name, fraction);
    const t0 = performance.now();
    const out = await fn();
    timings.push({ step: name, seconds: Number(((performance.now() - t0) / 1000).toFixed(3)) });
    return out;
  };
  const s = p.spacingMm ?? 1;
  const order = ORDER[p.interp ?? 'cubic'];
  const dims = volume.dims;
  if (p.lungMask && p.lungMask.length !== volume.voxels.length) {
    throw new LungDeskError('contract.bad-input', `the given lung mask has ${p.lungMask.length} voxels, the volume ${volume.voxels.length}`);
  }

  await step('save hu', 0.02, () => sink('hu.npy', { shape: zyx(dims), data: volume.voxels }));
  const missingSlices = [...(p.missingSlices ?? [])];
  // `hu` is what every later step reads: the volume's voxels, or a copy when they must stay.
  const copied = !!p.keepInput && missingSlices.length > 0;
  const hu = copied ? volume.voxels.slice() : volume.voxels;
  bridgeMissingSlices({ voxels: hu, dims }, missingSlices);
  const nodules: PreprocessSummary['nodules'] = [];
  if (p.nodules?.length) {
    await step('nodules', 0.05, async () => {
      for (const n of p.nodules!) {
        const shape = [3, dims[1], dims[0]];
        if (n.voxels) {
          const r = noduleSlicesOfVoxels(hu, volume, n.center, n.voxels);
          await sink(`nodules/images_${n.index}.npy`, { shape, data: r.images });
          await sink(`nodules/masks_${n.index}.npy`, { shape, data: r.masks });
          nodules.push({ index: n.index, slices: r.slices, maskVoxels: count(r.masks), maskSeedVoxels: 0 });
          continue;
        }
        const r = noduleSlices(hu, volume, n.center, n.diameterMm);
        await sink(`nodules/images_${n.index}.npy`, { shape, data: r.images });
        await sink(`nodules/masks_${n.index}.npy`, { shape, data: r.masks });
        await sink(`nodules/masks_${n.index}_seed.npy`, { shape, data: r.masksSeed });
        nodules.push({ index: n.index, slices: r.slices, maskVoxels: count(r.masks), maskSeedVoxels: count(r.masksSeed) });
      }
    });
  }
  if (p.seg2d) {
    const r = await step('seg2d', 0.08, () => segmentLungs2d(hu, dims, {}, ctx));
    await sink('lungmask2d.npy', { shape: zyx(dims), data: r.mask });
    await sink('segmented2d.npy', { shape: zyx(dims), data: r.image });
  }
  // The original grid is not needed after this: cubic resampling frees it midway (unless
  // the caller keeps the volume; a bridged copy of it can still go).
  const consume = !p.keepInput || copied;
  const res = await step('resample', 0.15, () => resampleToSpacing(hu, dims, volume.spacing, [s, s, s], order, { consumeInput: consume }));
  if (!p.keepInput) volume.voxels = new Int16Array(0);
  await sink('resampled.npy', { shape: zyx(res.dims), data: res.data });
  let fill: Uint8Array;
  const lungVoxels = { nofill: 0, fill: 0, dilated: 0 };
  if (p.lungMask) {
    // Nearest neighbour on the same grid as resampled.npy: a mask's values are labels, not intensities.
    fill = await step('lung mask (given)', 0.45, () => resampleToSpacing(p.lungMask!, dims, volume.spacing, [s, s, s], 0).data);
    lungVoxels.fill = lungVoxels.nofill = count(fill);
  } else {
    // Each output is written, counted and dropped before the next is made (peak memory).
    let masks: { nofill?: Uint8Array; fill?: Uint8Array } = await step('segment', 0.45, () => segmentLungMasks3d(res.data, res.dims, { outsideAir: p.outsideAir }, ctx));
    await sink('lungmask_nofill.npy', { shape: zyx(res.dims), data: masks.nofill! });
    lungVoxels.nofill = count(masks.nofill!);
    fill = masks.fill!;
    masks = {};
    lungVoxels.fill = count(fill);
  }
  await sink('lungmask.npy', { shape: zyx(res.dims), data: fill });
  // The seed: radius = round(dilate_mm / min(real spacing)) voxels, ball on the new grid.
  const radius = Math.round((p.dilateMm ?? 5) / Math.min(...res.spacing));
  // Within the mask's box grown by the radius: equal to the whole-volume dilation (the
  // seed's crop=True), with the distance transform's scratch limited to the box.
  const dilated = await step('dilate', 0.75, () => (radius > 0 ? dilateWithinBox(fill, res.dims, [radius, radius, radius]) : fill));
  await sink('lungmask_dilated.npy', { shape: zyx(res.dims), data: dilated });
  lungVoxels.dilated = count(dilated);
  // The float32 output is the largest of all (4 bytes per voxel of the new grid): it is
  // computed and written slab by slab, never held whole.
  // One slab buffer for all: each chunk is written before the next is asked for (the
  // sink contract), and a fresh array per slab would leave the garbage collector to catch
  // up with ~1.5x the input in dead slabs.
  const slabVoxels = res.dims[0] * res.dims[1] * 16;
  function* segmentedSlabs(): Iterable<Uint8Array> {
    const slab = new Float32Array(Math.min(slabVoxels, res.data.length));
    for (let o = 0; o < res.data.length; o += slabVoxels) {
      const end = Math.min(res.data.length, o + slabVoxels);
      const f = normalizeMasked(res.data.subarray(o, end), dilated.subarray(o, end), undefined, slab.subarray(0, end - o));
      yield new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
    }
  }
  await step('normalize_mask', 0.9, () => sink('segmented.npy', { shape: zyx(res.dims), descr: '<f4', chunks: segmentedSlabs() }));
  ctx?.progress('done', 1);
  return {
    shapeZyx: zyx(dims),
    spacingZyx: zyx(volume.spacing),
    resampledShapeZyx: zyx(res.dims),
    resampledSpacingZyx: zyx(res.spacing),
    dilationRadiusVoxels: radius,
    lungVoxels,
    nodules,
    missingSlices,
    timings,
  };
}
