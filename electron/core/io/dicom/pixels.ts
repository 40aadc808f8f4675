import { readSlicesToHu, storedToHu as nativeStoredToHu, type HuRule } from '../../../../native';
import { LungDeskError } from '../../../common/errors';
import type { JobContext } from '../../../common/jobs';
import { PADDING_HU } from '../../volume/padding';
import { valueRange, type Volume } from '../../volume/volume';
import { mapPool, throwIfCancelled } from '../cancel';
import { decodeFrame, ensureCodec } from './codecs';
import type { DicomFile } from './parse';
import { readDicomFile, readDicomHeader, readDicomHeaderNow } from './read-file';
import { assembleFromFiles } from './series';
import { checkVolumeSize, type ReadLimits } from '../limits';
import { expectedPixelBytes, sliceHeaderOf, type SliceHeader } from './slice-header';
import { transferSyntaxOf } from './transfer-syntax';

/**
 * Pixel decoding (native data here, compressed data through `codecs/`) and the stored-value →
 * HU rule, which is the same for both: a compressed slice is decoded to its native values
 * first, then goes through the very loop the native 16-bit fast path uses.
 *
 * Stored values: BitsAllocated 8/16/32, little or big endian; the BitsStored bits ending at
 * HighBit are extracted (masking overlay/garbage bits) and sign-extended when
 * PixelRepresentation = 1. (pydicom 2.3, behind the seed, does neither; on data whose unused
 * high bits are zero, as in every file in shared/data, the two agree.)
 *
 * HU, per slice, following the seed's get_pixels_hu:
 *   v = stored value viewed as int16 (uint16 and 32-bit values wrap, as numpy's astype(int16));
 *   v == -2000 → 0 (the tutorial's padding rule), and also stored == PixelPaddingValue → 0,
 *     so padding ends up at the intercept value;
 *   if slope != 1: v = trunc(slope · v) (float64 product, truncated toward zero);
 *   HU = v + trunc(intercept).
 * Departs from the seed: results outside int16 are clamped to −32768…32767 where the seed's
 * int16 arithmetic wraps (only reachable with extreme values; clamping keeps the sign right).
 */

const clamp16 = (v: number): number => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);

export interface SliceStats {
  /** Smallest and largest stored value (after masking and sign extension, before padding). */
  min: number;
  max: number;
  /** Values the padding rule matched (outside the field of view): all now hold clamp16(trunc(intercept)) HU. */
  padded: number;
}

/** Voxels the padding rule turned into one HU value (their slices' intercept), for whoever must tell them from air. */
export interface PaddedVoxels {
  hu: number;
  voxels: number;
}

/** What `loadDicomVolume` gives: the volume on the series' slot grid and what no slice measured. */
export interface DicomVolumeLoad {
  volume: Volume;
  warnings: string[];
  /** Slots with no file, filled with `PADDING_HU` (see `assembleSeries`). */
  missingSlices: number[];
  /** Outside-the-field pixels of the acquired slices, by the HU they became. */
  outsideField: PaddedVoxels[];
}

/**
 * Decodes the pixel data of one fully parsed file into `out` at `outOffset` as HU int16.
 * Writes rows × columns values; throws io.unsupported for non-grey data and for compressed
 * syntaxes without a decoder. A compressed file needs `await ensureCodec(uid)` beforehand
 * (`loadDicomVolume` does it); decoding itself is synchronous.
 */
export function decodeSliceToHu(f: DicomFile, h: SliceHeader, out: Int16Array, outOffset: number): SliceStats {
  if (h.encapsulated || f.pixelData?.encapsulated) return decodeCompressedToHu(f, h, out, outOffset);
  if (!f.pixelData || f.pixelData.length === undefined) {
    throw new LungDeskError('io.bad-header', `${f.file}: no pixel data`, { file: f.file });
  }
  if (h.samplesPerPixel !== 1) {
    throw new LungDeskError('io.unsupported', `${f.file}: ${h.samplesPerPixel} samples per pixel (${h.photometricInterpretation}); only greyscale is read`, { file: f.file });
  }
  const ba = h.bitsAllocated;
  if (ba !== 8 && ba !== 16 && ba !== 32) {
    throw new LungDeskError('io.unsupported', `${f.file}: BitsAllocated ${ba} is not supported (8, 16 or 32)`, { file: f.file });
  }
  const count = h.rows * h.columns;
  const need = expectedPixelBytes(h);
  if (f.pixelData.length < need) {
    throw new LungDeskError('io.size-mismatch', `${f.file}: pixel data holds ${f.pixelData.length} bytes, ${h.rows}×${h.columns}×${ba} bits need ${need}`, {
      file: f.file,
      detail: { expected: need, actual: f.pixelData.length },
    });
  }
  if (outOffset + count > out.length) throw new RangeError('slice does not fit in the output volume');

  const buf = f.buffer;
  const base = f.pixelData.offset;
  const le = f.transferSyntax.littleEndian;
  const bs = h.bitsStored;
  const shift = h.highBit + 1 - bs;
  const signed = h.pixelRepresentation === 1;
  // Masks via arithmetic so that 32-bit stored values stay exact (no 32-bit sign surprises).
  const range = 2 ** bs;
  const half = range / 2;
  const needsMask = bs < ba || shift > 0;
  const padding = h.pixelPaddingValue;
  const slope = h.rescaleSlope;
  const intercept = Math.trunc(h.rescaleIntercept);
  const scale = slope !== 1;

  let min = Infinity;
  let max = -Infinity;
  let padded = 0;
  for (let i = 0; i < count; i++) {
    let raw: number;
    if (ba === 16) raw = le ? buf.readUInt16LE(base + 2 * i) : buf.readUInt16BE(base + 2 * i);
    else if (ba === 8) raw = buf[base + i]!;
    else raw = le ? buf.readUInt32LE(base + 4 * i) : buf.readUInt32BE(base + 4 * i);
    let v = raw;
    if (needsMask) v = Math.floor(raw / 2 ** shift) % range;
    if (signed && v >= half) v -= range;
    if (v < min) min = v;
    if (v > max) max = v;
    // numpy astype(int16): keep the low 16 bits as two's complement.
    let s = (v << 16) >> 16;
    if (s === -2000 || v === padding) {
      s = 0;
      padded++;
    }
    if (scale) s = clamp16(Math.trunc(slope * s));
    out[outOffset + i] = clamp16(s + intercept);
  }
  return { min, max, padded };
}

/** Fast path for 16-bit little-endian data (most CT): the same rule as `decodeSliceToHu`. */
function decode16le(f: DicomFile, h: SliceHeader, out: Int16Array, outOffset: number): SliceStats | undefined {
  if (h.bitsAllocated !== 16 || !f.transferSyntax.littleEndian) return undefined;
  if (h.encapsulated || h.samplesPerPixel !== 1 || !f.pixelData || f.pixelData.length === undefined) return undefined;
  const count = h.rows * h.columns;
  if (f.pixelData.length < count * 2 || outOffset + count > out.length) return undefined;
  const start = f.buffer.byteOffset + f.pixelData.offset;
  // Uint16Array needs 2-byte alignment; copy the bytes otherwise.
  const src =
    start % 2 === 0
      ? new Uint16Array(f.buffer.buffer, start, count)
      : new Uint16Array(new Uint8Array(f.buffer.subarray(f.pixelData.offset, f.pixelData.offset + count * 2)).buffer);
  return storedToHu(src, h, out, outOffset);
}

/**
 * Decodes an encapsulated slice with its codec, then applies the HU rule to the decoded
 * values. Only 8- and 16-bit greyscale reach here (the codecs refuse the rest).
 */
function decodeCompressedToHu(f: DicomFile, h: SliceHeader, out: Int16Array, outOffset: number): SliceStats {
  const count = h.rows * h.columns;
  if (outOffset + count > out.length) throw new RangeError('slice does not fit in the output volume');
  const values = decodeFrame(f, h);
  // One array type in the HU loop keeps it monomorphic: 16-bit values are viewed as their
  // bit pattern (the loop masks and sign-extends), 8-bit ones widened.
  const src = values instanceof Uint8Array ? Uint16Array.from(values) : values instanceof Int16Array ? new Uint16Array(values.buffer, values.byteOffset, values.length) : values;
  return storedToHu(src, h, out, outOffset);
}

/**
 * The HU rule over stored values given as unsigned bit patterns of up to 16 bits (see the
 * module comment); writes `src.length` values into `out` from `outOffset`.
 */
function storedToHu(src: Uint16Array, h: SliceHeader, out: Int16Array, outOffset: number): SliceStats {
  // The per-voxel loop runs natively (vectorised C++): it is most of a series' load time.
  return nativeStoredToHu(src, out, outOffset, huRuleOf(h));
}

function huRuleOf(h: SliceHeader): HuRule {
  return {
    bitsStored: h.bitsStored,
    highBit: h.highBit,
    signed: h.pixelRepresentation === 1,
    padding: h.pixelPaddingValue ?? null,
    slope: h.rescaleSlope,
    intercept: h.rescaleIntercept,
  };
}

/** Whether a slice's pixels can be read straight from its file at a known offset. */
function directReadable(h: SliceHeader, nx: number, ny: number): boolean {
  const ts = transferSyntaxOf(h.transferSyntaxUid);
  return (
    !h.encapsulated &&
    !ts.encapsulated &&
    !ts.deflated &&
    ts.littleEndian &&
    h.bitsAllocated === 16 &&
    h.samplesPerPixel === 1 &&
    h.numberOfFrames <= 1 &&
    h.rows === ny &&
    h.columns === nx &&
    h.pixelDataOffset !== undefined &&
    h.pixelDataLength !== undefined &&
    h.pixelDataLength >= nx * ny * 2
  );
}

/** Decodes one slice, picking the fast path when it applies. */
export function sliceToHu(f: DicomFile, h: SliceHeader, out: Int16Array, outOffset: number): SliceStats {
  return decode16le(f, h, out, outOffset) ?? decodeSliceToHu(f, h, out, outOffset);
}

/**
 * Loads a DICOM series as an HU volume. `files` may come in any order: they are re-sorted by
 * position (the same assembly as discovery), each acquired slice goes to its slot of the
 * series' grid and the slots of missing slices are filled with `PADDING_HU`. The output array
 * is allocated once and each file is read, decoded into its slice and dropped, so peak memory
 * stays near one volume plus a few files (and, for compressed files, a few decoded slices).
 * Compressed syntaxes without a decoder (JPEG baseline, HTJ2K) are io.unsupported before any
 * pixel is read.
 */
export async function loadDicomVolume(files: readonly string[], ctx?: JobContext, limits?: ReadLimits): Promise<DicomVolumeLoad> {
  throwIfCancelled(ctx);
  const series = await assembleFromFiles(files, ctx);
  const { geometry, slots } = series;
  const warnings = [...series.warnings];
  // Compressed slices: make each codec ready once, before the loop, so the per-slice work
  // stays synchronous (and the native path has no extra await at all).
  const firstOfSyntax = new Map<string, string>();
  for (const h of series.slices) if (h.encapsulated && !firstOfSyntax.has(h.transferSyntaxUid)) firstOfSyntax.set(h.transferSyntaxUid, h.file);
  for (const [uid, file] of firstOfSyntax) await ensureCodec(uid, file);
  const [nx, ny, nz] = geometry.dims;
  const sliceSize = nx * ny;
  const total = sliceSize * nz;
  checkVolumeSize(series.slices[0]?.file ?? files[0] ?? '', geometry.dims, 2, limits);
  if (ctx && total * 2 > ctx.budgetBytes) {
    throw new LungDeskError('job.oom', `volume needs ${total * 2} bytes, budget is ${ctx.budgetBytes}`, { detail: { needed: total * 2, budget: ctx.budgetBytes } });
  }
  const voxels = new Int16Array(total);
  for (const k of series.missingSlices) voxels.fill(PADDING_HU, k * sliceSize, (k + 1) * sliceSize);
  const outOfRange: string[] = [];
  const paddedByHu = new Map<number, number>();
  const account = (h: SliceHeader, file: string, stats: SliceStats) => {
    const lo = h.smallestImagePixelValue;
    const hi = h.largestImagePixelValue;
    if ((lo !== undefined && stats.min < lo) || (hi !== undefined && stats.max > hi)) {
      outOfRange.push(`${file}: stored ${stats.min}…${stats.max}, header says ${lo ?? '?'}…${hi ?? '?'}`);
    }
    if (stats.padded > 0) {
      const hu = clamp16(Math.trunc(h.rescaleIntercept));
      paddedByHu.set(hu, (paddedByHu.get(hu) ?? 0) + stats.padded);
    }
  };
  const n = series.slices.length;
  let done = 0;
  // Plain 16-bit little-endian slices (most CT) are read and converted natively on every
  // core, straight from their files at the pixel offset the header parse found, in runs of
  // consecutive slots (the kernel writes consecutive slices); batches keep progress and
  // cancel responsive. Everything else goes through the JS decoders.
  const direct = series.slices.map((h) => directReadable(h, nx, ny));
  const BATCH = 16;
  for (let i = 0; i < n; ) {
    throwIfCancelled(ctx);
    if (!direct[i]) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && end - i < BATCH && direct[end] && slots[end] === slots[end - 1]! + 1) end++;
    const batch = series.slices.slice(i, end);
    const r = readSlicesToHu(batch.map((h) => h.file), batch.map((h) => h.pixelDataOffset!), batch.map(huRuleOf), voxels, slots[i]!, sliceSize);
    for (let b = 0; b < batch.length; b++) {
      const err = r.errors[b];
      if (err) throw new LungDeskError('io.truncated', `${batch[b]!.file}: ${err}`, { file: batch[b]!.file });
      account(batch[b]!, batch[b]!.file, { min: r.min[b]!, max: r.max[b]!, padded: r.padded[b]! });
    }
    done += batch.length;
    ctx?.progress('read pixels', done / n);
    i = end;
  }
  const rest = series.slices.map((h, i) => ({ h, k: slots[i]! })).filter((_, i) => !direct[i]);
  await mapPool(
    rest,
    4,
    async ({ h: expected, k }) => {
      const f = await readDicomFile(expected.file);
      const h = sliceHeaderOf(f);
      if (h.rows !== ny || h.columns !== nx) {
        throw new LungDeskError('io.size-mismatch', `${f.file}: ${h.columns}×${h.rows} pixels, the series is ${nx}×${ny}`, { file: f.file });
      }
      account(h, f.file, sliceToHu(f, h, voxels, k * sliceSize));
      done++;
      ctx?.progress('read pixels', done / n);
    },
    ctx,
  );
  if (outOfRange.length) {
    warnings.push(
      `${outOfRange.length} slice(s) hold values outside SmallestImagePixelValue/LargestImagePixelValue, e.g. ${outOfRange[0]}`,
    );
  }
  const outsideField = [...paddedByHu].map(([hu, count]) => ({ hu, voxels: count })).sort((a, b) => a.hu - b.hu);
  return { volume: { ...geometry, voxels }, warnings, missingSlices: [...series.missingSlices], outsideField };
}

/**
 * Reads slices of a series straight from their files (in the order given) as HU, for a
 * viewer that streams a volume in slab by slab; a null file is a missing slice's slot and
 * reads as `PADDING_HU`. Every file must have the series' nx×ny pixels. Headers are read
 * first (a few KB each); when every slice is plain 16-bit little-endian, the pixels go
 * through the native reader, one call per run of consecutive slots (every core, straight
 * from the page cache, as `loadDicomVolume` reads them), else file by file. Compressed files
 * get their codec readied first, or, with `compressed: 'refuse'`, the read gives null
 * (decoding many on the caller's thread would stall it: those belong in a worker). With
 * `now`, the headers are read without first letting the caller's other work run (requests
 * that arrived meanwhile): for a slice someone is waiting to see. With `into`, the slices go
 * into the start of that buffer instead of a new one.
 */
export async function loadDicomSlices(
  files: readonly (string | null)[],
  nx: number,
  ny: number,
  opts: { compressed?: 'decode' | 'refuse'; now?: boolean; into?: Int16Array } = {},
): Promise<{ voxels: Int16Array; min: number; max: number } | null> {
  const sliceSize = nx * ny;
  // A caller's buffer (a stream reuses two) must hold the slices; else a fresh one.
  if (opts.into && opts.into.length < sliceSize * files.length) throw new LungDeskError('internal', `loadDicomSlices: a buffer of ${opts.into.length} values cannot hold ${files.length} slices of ${nx}×${ny}`);
  const voxels = opts.into ? opts.into.subarray(0, sliceSize * files.length) : new Int16Array(sliceSize * files.length);
  const present: { slot: number; file: string; h: SliceHeader }[] = [];
  for (let slot = 0; slot < files.length; slot++) {
    const file = files[slot];
    if (file === null || file === undefined) {
      voxels.fill(PADDING_HU, slot * sliceSize, (slot + 1) * sliceSize);
      continue;
    }
    const h = sliceHeaderOf(opts.now ? readDicomHeaderNow(file) : await readDicomHeader(file));
    if (h.rows !== ny || h.columns !== nx) {
      throw new LungDeskError('io.size-mismatch', `${file}: ${h.columns}×${h.rows} pixels, the series is ${nx}×${ny}`, { file });
    }
    if (h.encapsulated && opts.compressed === 'refuse') return null;
    present.push({ slot, file, h });
  }
  const padded = present.length < files.length;
  if (present.every((p) => directReadable(p.h, nx, ny))) {
    let min = padded ? PADDING_HU : Infinity;
    let max = padded ? PADDING_HU : -Infinity;
    for (let start = 0; start < present.length; ) {
      let end = start + 1;
      while (end < present.length && present[end]!.slot === present[end - 1]!.slot + 1) end++;
      const run = present.slice(start, end);
      const r = readSlicesToHu(run.map((p) => p.file), run.map((p) => p.h.pixelDataOffset!), run.map((p) => huRuleOf(p.h)), voxels, run[0]!.slot, sliceSize);
      const bad = r.errors.findIndex((e) => e !== null);
      if (bad >= 0) throw new LungDeskError('io.truncated', `${run[bad]!.file}: ${r.errors[bad]}`, { file: run[bad]!.file });
      for (let i = 0; i < run.length; i++) {
        min = Math.min(min, r.huMin[i]!);
        max = Math.max(max, r.huMax[i]!);
      }
      start = end;
    }
    return { voxels, min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 };
  }
  for (const { slot, file } of present) {
    const f = await readDicomFile(file);
    const h = sliceHeaderOf(f);
    if (h.encapsulated) await ensureCodec(h.transferSyntaxUid, h.file);
    sliceToHu(f, h, voxels, slot * sliceSize);
  }
  // The decoders' stats are stored values; the header wants HU.
  return { voxels, ...valueRange(voxels) };
}
