import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LungDeskError, isLungDeskError } from '../../../common/errors';
import type { VolumeGeometry } from '../../../common/geometry';
import type { JobContext } from '../../../common/jobs';
import { mapPool, throwIfCancelled } from '../cancel';
import type { FileIssue } from '../types';
import { PADDING_HU } from '../../volume/padding';
import { readDicomHeader } from './read-file';
import { MAX_SPACING_MM, MIN_SPACING_MM } from '../limits';
import { expectedPixelBytes, framesMismatch, sliceHeaderOf, type SliceHeader } from './slice-header';
import { sliceGrid, slotRuns } from './slice-grid';
import { transferSyntaxOf } from './transfer-syntax';
import { WalkGuard, type WalkGuardOptions } from '../../datasets/walk-guard';

/**
 * DICOM series discovery: list files under a folder, parse their headers (never pixels),
 * group them into series, drop what cannot be part of a volume (localizers, other
 * orientations or sizes, multi-frame), sort slices by position along the slice normal and
 * derive the volume geometry, with human-readable warnings for everything odd.
 *
 * Geometry conventions (LPS mm, as `VolumeGeometry`):
 *   row direction r = IOP[0..2] (voxel axis x: increasing column index),
 *   column direction c = IOP[3..5] (voxel axis y: increasing row index), normal n = r × c;
 *   slices sorted by dot(IPP, n) ascending (voxel axis z), never by file name or InstanceNumber;
 *   spacing = [PixelSpacing[1] (between columns), PixelSpacing[0] (between rows), step];
 *   origin = IPP of the first sorted slice; direction columns = r, c, n.
 * The step and the z axis come from `sliceGrid`: a series with missing slices keeps every
 * acquired slice at its own position (slot k = its distance from the first / step), with the
 * empty slots listed in `missingSlices`; irregular spacing that is not a whole multiple of one
 * step is stacked at the median step, as before, with a warning.
 */

/** Files never probed as DICOM: MetaImage headers and data files belong to the MetaImage reader. */
const NOT_DICOM_EXT = new Set(['.mhd', '.mha', '.raw', '.zraw', '.img']);

/**
 * Every regular file under `root` at any depth, sorted. Hidden entries (dot names) are skipped;
 * symbolic links are followed only inside the root's real path (a link to `/` or to a sibling
 * folder is not), every folder is entered once (by device and inode) so link loops end, and
 * past `opts.fileBudget` files the listing stops with dataset.too-many-files (walk-guard.ts).
 * `opts.guard` passes a guard in to read what it skipped (`outside`).
 */
export async function listFiles(root: string, ctx?: JobContext, opts: WalkGuardOptions & { guard?: WalkGuard } = {}): Promise<string[]> {
  const out: string[] = [];
  const guard = opts.guard ?? (await WalkGuard.open(root, opts));
  const walk = async (dir: string): Promise<void> => {
    throwIfCancelled(ctx);
    if (!(await guard.enter(dir))) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      const kind = await guard.kind(dir, e);
      if (kind === 'dir') await walk(p);
      else if (kind === 'file') {
        guard.countFile();
        out.push(p);
      }
    }
  };
  await walk(guard.root);
  return out;
}

export function isDicomCandidate(file: string): boolean {
  return !NOT_DICOM_EXT.has(path.extname(file).toLowerCase());
}

function issueOf(e: unknown, file: string): FileIssue {
  if (isLungDeskError(e)) return { file, code: e.code, message: e.message };
  return { file, code: 'internal', message: `${file}: ${e instanceof Error ? e.message : String(e)}` };
}

/**
 * Parses the header of every file (several reads in flight) and keeps the images. Files that
 * are not DICOM, hold no pixel data, are multi-frame or whose native pixel data is shorter
 * than Rows × Columns × BitsAllocated announce go to `issues` and are left out.
 */
export async function readSliceHeaders(
  files: readonly string[],
  ctx: JobContext | undefined,
  issues: FileIssue[],
  progress?: (done: number) => void,
): Promise<SliceHeader[]> {
  let done = 0;
  const results = await mapPool(
    files,
    8,
    async (file) => {
      try {
        const d = await readDicomHeader(file);
        if (!d.pixelData) {
          issues.push({ file, code: 'io.unsupported', reason: 'not-image', message: `${file}: DICOM file without pixel data (not an image), skipped` });
          return undefined;
        }
        const h = sliceHeaderOf(d);
        const frames = framesMismatch(h);
        if (frames) {
          issues.push({ file, code: 'io.bad-header', message: frames });
          return undefined;
        }
        if (h.numberOfFrames > 1) {
          issues.push({ file, code: 'io.unsupported', message: `${file}: multi-frame image (${h.numberOfFrames} frames) is not supported yet, skipped` });
          return undefined;
        }
        if (!h.encapsulated && h.pixelDataLength !== undefined && h.pixelDataLength < expectedPixelBytes(h)) {
          issues.push({
            file,
            code: 'io.size-mismatch',
            message: `${file}: pixel data holds ${h.pixelDataLength} bytes, ${h.rows}×${h.columns}×${h.bitsAllocated} bits need ${expectedPixelBytes(h)}`,
          });
          return undefined;
        }
        return h;
      } catch (e) {
        if (isLungDeskError(e) && e.code === 'job.cancelled') throw e;
        issues.push(issueOf(e, file));
        return undefined;
      } finally {
        done++;
        progress?.(done);
      }
    },
    ctx,
  );
  return results.filter((h): h is SliceHeader => h !== undefined);
}

const round = (v: number, digits = 3): number => Number(v.toFixed(digits));
const fmt = (v: number): string => String(round(v, 4));

function orientationKey(h: SliceHeader): string {
  return h.imageOrientationPatient.map((v) => round(v, 3).toFixed(3)).join(',');
}

/**
 * Groups headers into candidate series: by SeriesInstanceUID; files whose UID is empty (some
 * de-identified exports) are grouped by folder + orientation + image size instead.
 */
export function groupBySeries(headers: readonly SliceHeader[]): SliceHeader[][] {
  const groups = new Map<string, SliceHeader[]>();
  for (const h of headers) {
    const key = h.seriesInstanceUid
      ? `uid:${h.seriesInstanceUid}`
      : `dir:${path.dirname(h.file)}|${orientationKey(h)}|${h.rows}x${h.columns}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(h);
  }
  return [...groups.values()];
}

export interface AssembledSeries {
  /** The acquired slices, sorted along the normal. */
  slices: SliceHeader[];
  /** Slot k (voxel z index) of each slice, same order; equal to the index unless slices are missing. */
  slots: number[];
  /** Slots no slice fills (padding), ascending. */
  missingSlices: number[];
  geometry: VolumeGeometry;
  warnings: string[];
  /**
   * Files of the group left out (localizers, other orientations or sizes, duplicate
   * positions) or unreadable for pixels (compressed with no decoder), one issue each.
   */
  issues: FileIssue[];
}

function majority<T>(items: readonly T[], key: (t: T) => string): { kept: T[]; others: Map<string, T[]> } {
  const by = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    let g = by.get(k);
    if (!g) by.set(k, (g = []));
    g.push(t);
  }
  let best: string | undefined;
  for (const [k, g] of by) if (best === undefined || g.length > by.get(best)!.length) best = k;
  const kept = best === undefined ? [] : by.get(best)!;
  by.delete(best!);
  return { kept, others: by };
}

const cross = (a: number[], b: number[]): [number, number, number] => [
  a[1]! * b[2]! - a[2]! * b[1]!,
  a[2]! * b[0]! - a[0]! * b[2]!,
  a[0]! * b[1]! - a[1]! * b[0]!,
];
const dot3 = (a: readonly number[], b: readonly number[]): number => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

/**
 * Turns one group of headers into a sorted series with geometry and warnings. Returns
 * undefined (and fills `issues`) when nothing in the group can form a volume.
 */
export function assembleSeries(group: readonly SliceHeader[]): AssembledSeries | { slices: []; issues: FileIssue[] } {
  const warnings: string[] = [];
  const issues: FileIssue[] = [];

  const localizers = group.filter((h) => h.imageType.includes('LOCALIZER'));
  let slices = group.filter((h) => !h.imageType.includes('LOCALIZER'));
  for (const h of localizers) issues.push({ file: h.file, code: 'io.unsupported', reason: 'localizer', message: `${h.file}: localizer (scout) image, not part of a volume` });
  if (slices.length === 0) return { slices: [], issues };
  if (localizers.length) warnings.push(`excluded ${localizers.length} localizer (scout) image(s)`);

  const byOrientation = majority(slices, orientationKey);
  slices = byOrientation.kept;
  for (const [k, g] of byOrientation.others) {
    warnings.push(`excluded ${g.length} image(s) with orientation [${k}] differing from the series' [${orientationKey(slices[0]!)}] (localizer or reformat)`);
    for (const h of g) {
      issues.push({ file: h.file, code: 'io.unsupported', reason: 'other-orientation', message: `${h.file}: orientation [${k}] differs from the series' [${orientationKey(slices[0]!)}], left out` });
    }
  }
  const byDims = majority(slices, (h) => `${h.columns}×${h.rows}`);
  slices = byDims.kept;
  if (byDims.others.size) {
    const parts = [...byDims.others].map(([k, g]) => `${k} (${g.length} excluded)`);
    warnings.push(`mixed dimensions: ${slices[0]!.columns}×${slices[0]!.rows} (${slices.length} slices) kept, ${parts.join(', ')}`);
    for (const [k, g] of byDims.others) {
      for (const h of g) issues.push({ file: h.file, code: 'io.unsupported', reason: 'other-size', message: `${h.file}: ${k} pixels, the series is ${slices[0]!.columns}×${slices[0]!.rows}, left out` });
    }
  }

  const first0 = slices[0]!;
  const iop = first0.imageOrientationPatient;
  const r = iop.slice(0, 3);
  const c = iop.slice(3, 6);
  const nRaw = cross(r, c);
  const nn = Math.hypot(...nRaw);
  const n = nRaw.map((v) => v / nn);
  const pos = new Map<SliceHeader, number>(slices.map((h) => [h, dot3(h.imagePositionPatient, n)]));
  // Ties (duplicates) put native files first, then compressed ones we decode, then the rest;
  // then the lower InstanceNumber.
  const rank = (h: SliceHeader): number => (!h.encapsulated ? 0 : transferSyntaxOf(h.transferSyntaxUid).decodable ? 1 : 2);
  slices = [...slices].sort((a, b) => pos.get(a)! - pos.get(b)! || rank(a) - rank(b) || (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));

  // Duplicate positions: keep the first of each position, report the rest.
  const unique: SliceHeader[] = [];
  const dups: SliceHeader[] = [];
  for (const h of slices) {
    const last = unique[unique.length - 1];
    if (last && Math.abs(pos.get(h)! - pos.get(last)!) < 1e-3) dups.push(h);
    else unique.push(h);
  }
  if (dups.length) {
    const at = [...new Set(dups.map((h) => fmt(pos.get(h)!)))].slice(0, 5);
    warnings.push(`duplicate positions: ${dups.length} slice(s) share a position with another slice (at ${at.join(', ')} mm along the normal) and were left out`);
    for (const h of dups) {
      issues.push({ file: h.file, code: 'io.unsupported', reason: 'duplicate-position', message: `${h.file}: a second image at ${fmt(pos.get(h)!)} mm along the normal, left out` });
    }
  }
  slices = unique;

  const first = slices[0]!;
  let step: number;
  let slots = slices.map((_, k) => k);
  let missingSlices: number[] = [];
  if (slices.length === 1) {
    step = first.sliceThickness !== undefined && first.sliceThickness > 0 ? first.sliceThickness : 1;
    warnings.push(`single slice: z spacing taken from ${first.sliceThickness !== undefined && first.sliceThickness > 0 ? `SliceThickness (${fmt(step)} mm)` : 'nothing (1 mm assumed)'}`);
  } else {
    const positions = slices.map((h) => pos.get(h)!);
    const grid = sliceGrid(positions);
    step = grid.step;
    slots = grid.slots;
    missingSlices = grid.missing;
    const tol = Math.max(0.01, 0.01 * step);
    if (missingSlices.length) {
      // World z of slot k: the first slice's z plus k steps along the normal.
      const zOf = (k: number) => fmt(first.imagePositionPatient[2] + k * step * n[2]!);
      const runs = slotRuns(missingSlices).map(([a, b]) => (a === b ? `slot ${a} (z ${zOf(a)} mm)` : `slots ${a}–${b} (z ${zOf(a)} … ${zOf(b)} mm)`));
      warnings.push(
        `missing slices: ${missingSlices.length} of ${grid.count} slot(s) have no file (${runs.length} gap(s): ${runs.slice(0, 8).join('; ')}${runs.length > 8 ? '; …' : ''}); ` +
          `they are padded with ${PADDING_HU} HU and every acquired slice stays at its own position` +
          (grid.maxResidual > 0.01 ? ` (within ${fmt(grid.maxResidual)} mm of its slot)` : ''),
      );
    } else {
      const gaps: string[] = [];
      let missing = 0;
      const odd = new Map<string, number>();
      const steps = positions.slice(1).map((p, k) => p - positions[k]!);
      steps.forEach((d, k) => {
        if (Math.abs(d - step) <= tol) return;
        const ratio = d / step;
        if (ratio >= 1.5 && Math.abs(ratio - Math.round(ratio)) < 0.1) {
          missing += Math.round(ratio) - 1;
          gaps.push(`${fmt(d)} mm between ${fmt(positions[k]!)} and ${fmt(positions[k + 1]!)} mm (≈${Math.round(ratio) - 1} missing)`);
        } else {
          odd.set(fmt(d), (odd.get(fmt(d)) ?? 0) + 1);
        }
      });
      if (gaps.length) {
        warnings.push(
          `missing slices: ${gaps.length} gap(s), ≈${missing} slice(s) missing: ${gaps.slice(0, 5).join('; ')}${gaps.length > 5 ? '; …' : ''}; ` +
            `not padded (${grid.irregular ?? 'irregular spacing'}): slices past a gap are stacked at the median step, away from their acquired positions`,
        );
      }
      if (odd.size) {
        const list = [...odd].map(([v, k]) => `${v} mm (${k}×)`).join(', ');
        warnings.push(`non-uniform slice spacing: median step ${fmt(step)} mm used, other steps ${list}`);
      }
    }
    // Positions must lie on the line origin + t·n; off-axis drift means gantry tilt or shear.
    const o = first.imagePositionPatient;
    let maxPerp = 0;
    let alongAtMax = 0;
    for (const h of slices) {
      const d = [h.imagePositionPatient[0] - o[0], h.imagePositionPatient[1] - o[1], h.imagePositionPatient[2] - o[2]];
      const along = dot3(d, n);
      const perp = Math.hypot(d[0]! - along * n[0]!, d[1]! - along * n[1]!, d[2]! - along * n[2]!);
      if (perp > maxPerp) {
        maxPerp = perp;
        alongAtMax = along;
      }
    }
    if (maxPerp > Math.max(0.01, 0.01 * step)) {
      const angle = (Math.atan2(maxPerp, Math.abs(alongAtMax)) * 180) / Math.PI;
      warnings.push(
        `gantry tilt or sheared geometry: slice positions drift up to ${fmt(maxPerp)} mm off the slice normal (≈${angle.toFixed(2)}°); the volume is treated as orthogonal`,
      );
    }
    const th = first.sliceThickness;
    if (th !== undefined && th > 0 && Math.abs(th - step) > tol) {
      warnings.push(`SliceThickness ${fmt(th)} mm differs from the slice step ${fmt(step)} mm (overlapping or gapped reconstruction); the step is used`);
    }
  }

  const modality = first.modality.toUpperCase();
  if (modality !== 'CT') warnings.push(`modality is ${modality ? `"${modality}"` : 'missing'}, not CT: values may not be Hounsfield units`);

  const undecodable = slices.filter((h) => !transferSyntaxOf(h.transferSyntaxUid).decodable);
  if (undecodable.length) {
    const names = [...new Set(undecodable.map((h) => `${h.transferSyntaxName} (${h.transferSyntaxUid})`))];
    warnings.push(`pixel data compressed with ${names.join(', ')}: no decoder for it, only the geometry is available`);
    for (const h of undecodable) {
      issues.push({ file: h.file, code: 'io.unsupported', message: `${h.file}: compressed transfer syntax ${h.transferSyntaxName} (${h.transferSyntaxUid}) cannot be decoded` });
    }
  }
  for (const note of new Set(slices.flatMap((h) => h.notes))) warnings.push(note);

  // Slice positions (or a single slice's SliceThickness) must give a physical step: a corrupt
  // position 10 m away is an error naming the field, not a 10 m voxel.
  if (!(step >= MIN_SPACING_MM && step <= MAX_SPACING_MM)) {
    const field = slices.length === 1 ? `SliceThickness (0018,0050) ${step}` : `ImagePositionPatient (0020,0032): the slices are ${fmt(step)} mm apart`;
    for (const h of slices) issues.push({ file: h.file, code: 'io.bad-header', message: `${h.file}: ${field}, not a slice spacing (${MIN_SPACING_MM}…${MAX_SPACING_MM} mm)` });
    return { slices: [], issues };
  }
  const geometry: VolumeGeometry = {
    dims: [first.columns, first.rows, slices.length + missingSlices.length],
    spacing: [first.pixelSpacing[1], first.pixelSpacing[0], step],
    origin: [...first.imagePositionPatient],
    // `+ 0` turns -0 into 0 so JSON and equality checks stay clean.
    direction: [r[0]!, c[0]!, n[0]!, r[1]!, c[1]!, n[1]!, r[2]!, c[2]!, n[2]!].map((v) => v + 0),
  };
  return { slices, slots, missingSlices, geometry, warnings, issues };
}

/** Reads headers of `files` (already one series, any order) and assembles them; throws on nothing usable. */
export async function assembleFromFiles(files: readonly string[], ctx?: JobContext): Promise<AssembledSeries> {
  const issues: FileIssue[] = [];
  const headers = await readSliceHeaders(files, ctx, issues);
  if (headers.length === 0) {
    const first = issues[0];
    if (files.length === 1 && first) throw new LungDeskError(first.code, first.message, { file: first.file });
    throw new LungDeskError('io.no-series', `none of the ${files.length} file(s) is a readable DICOM image${first ? ` (first problem: ${first.message})` : ''}`, {
      file: files[0],
      detail: { issues },
    });
  }
  const groups = groupBySeries(headers);
  // The caller said these files are one series: take the largest group if they are not.
  groups.sort((a, b) => b.length - a.length);
  const a = assembleSeries(groups[0]!);
  if (a.slices.length === 0) {
    throw new LungDeskError('io.no-series', `no volume slices among ${files.length} file(s): ${a.issues[0]?.message ?? ''}`, { file: files[0] });
  }
  return a as AssembledSeries;
}
