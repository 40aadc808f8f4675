import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LungDeskError } from '../../common/errors';
import type { VolumeGeometry } from '../../common/geometry';

/**
 * What every scan reader checks before it trusts a header: the declared size against a cap
 * (before any buffer is allocated or handed to itk-wasm), the geometry against physical
 * bounds (never a default in place of a bad value), and data files named by a header against
 * the header's folder.
 */

/**
 * Default cap on a declared volume: 1 GiB of voxel data (as stored, or as int16, whichever is
 * larger), i.e. 512×512×2048 int16: every chest CT fits, and a worker holding one (with the
 * HU copy and a mask) stays within a laptop's memory.
 */
export const DEFAULT_MAX_VOLUME_BYTES = 1024 ** 3;

export interface ReadLimits {
  /** Largest volume accepted, in bytes of voxel data. Default: LUNGDESK_MAX_VOLUME_MB (MiB) or 1 GiB. */
  maxVolumeBytes?: number;
}

/** The cap in force: the option, else LUNGDESK_MAX_VOLUME_MB, else 1 GiB. A malformed variable is ignored (the default stands). */
export function maxVolumeBytes(limits?: ReadLimits): number {
  if (limits?.maxVolumeBytes !== undefined && limits.maxVolumeBytes > 0) return limits.maxVolumeBytes;
  const env = Number(process.env['LUNGDESK_MAX_VOLUME_MB']);
  if (Number.isFinite(env) && env > 0) return Math.floor(env * 1024 * 1024);
  return DEFAULT_MAX_VOLUME_BYTES;
}

const mib = (b: number): string => `${(b / 1024 ** 2).toFixed(b < 1024 ** 2 ? 3 : 0)} MiB`;

/**
 * Throws io.too-large when `dims` of `bytesPerVoxel` (and the int16 volume they become) exceed
 * the cap. Call before allocating anything the size of the data.
 */
export function checkVolumeSize(file: string, dims: readonly number[], bytesPerVoxel: number, limits?: ReadLimits): void {
  const voxels = dims.reduce((a, b) => a * b, 1);
  const bytes = voxels * Math.max(bytesPerVoxel, 2);
  const cap = maxVolumeBytes(limits);
  if (!(bytes <= cap)) {
    throw new LungDeskError(
      'io.too-large',
      `${file}: the header declares ${dims.join('×')} voxels (${mib(bytes)}), above the ${mib(cap)} cap (set LUNGDESK_MAX_VOLUME_MB to raise it)`,
      { file, detail: { dims: [...dims], bytes, cap } },
    );
  }
}

/** Throws io.too-large when a file is larger than the cap plus `slack` (reading it whole would be). */
export function checkFileSize(file: string, size: number, limits?: ReadLimits, slack = 64 * 1024 * 1024): void {
  const cap = maxVolumeBytes(limits);
  if (size > cap + slack) {
    throw new LungDeskError('io.too-large', `${file}: ${mib(size)} on disk, above the ${mib(cap)} cap (set LUNGDESK_MAX_VOLUME_MB to raise it)`, {
      file,
      detail: { bytes: size, cap },
    });
  }
}

/**
 * Physical bounds of a CT geometry. Spacing: 1 µm … 1000 mm (below is no scanner, above is a
 * corrupt field; 0 and NaN are never "unknown, use 1"). Origin: within ±1e6 mm (1 km) of the
 * scanner's origin. Direction: finite and not singular (|det| > 1e-6).
 */
export const MIN_SPACING_MM = 1e-3;
export const MAX_SPACING_MM = 1000;
export const MAX_ABS_ORIGIN_MM = 1e6;

/** The checks of `checkGeometry` for one spacing vector: an io.bad-header naming `field`, or nothing. */
export function checkSpacing(file: string, field: string, spacing: readonly number[]): void {
  if (spacing.some((s) => !Number.isFinite(s) || s < MIN_SPACING_MM || s > MAX_SPACING_MM)) {
    throw new LungDeskError('io.bad-header', `${file}: ${field} = [${spacing.join(', ')}] is not a voxel spacing (each must be finite, ${MIN_SPACING_MM}…${MAX_SPACING_MM} mm)`, {
      file,
      detail: { field, value: [...spacing] },
    });
  }
}

/**
 * Bounds of a stored → HU rescale. A CT's slope is about 1 and its intercept about −1024; a
 * slope outside 1e-6…1e4 in magnitude or an intercept beyond ±1e6 maps every stored value to
 * nothing an int16 HU volume can hold, so it is a corrupt field, not a scaling to apply.
 * Negative slopes stay legal (the standard allows them).
 */
export const MIN_ABS_RESCALE_SLOPE = 1e-6;
export const MAX_ABS_RESCALE_SLOPE = 1e4;
export const MAX_ABS_RESCALE_INTERCEPT = 1e6;

/** The reason `slope` is not a usable rescale slope, or null when it is. */
export function rescaleSlopeProblem(slope: number): string | null {
  if (!Number.isFinite(slope)) return `${slope} is not finite`;
  const a = Math.abs(slope);
  if (a < MIN_ABS_RESCALE_SLOPE || a > MAX_ABS_RESCALE_SLOPE) return `${slope} is outside ±${MIN_ABS_RESCALE_SLOPE}…${MAX_ABS_RESCALE_SLOPE}`;
  return null;
}

/** The reason `intercept` is not a usable rescale intercept, or null when it is. */
export function rescaleInterceptProblem(intercept: number): string | null {
  if (!Number.isFinite(intercept)) return `${intercept} is not finite`;
  if (Math.abs(intercept) > MAX_ABS_RESCALE_INTERCEPT) return `${intercept} is beyond ±${MAX_ABS_RESCALE_INTERCEPT}`;
  return null;
}

export function checkOrigin(file: string, field: string, origin: readonly number[]): void {
  if (origin.some((v) => !Number.isFinite(v) || Math.abs(v) > MAX_ABS_ORIGIN_MM)) {
    throw new LungDeskError('io.bad-header', `${file}: ${field} = [${origin.join(', ')}] is not a position (each must be finite, within ±${MAX_ABS_ORIGIN_MM} mm)`, {
      file,
      detail: { field, value: [...origin] },
    });
  }
}

export function checkDirection(file: string, field: string, d: readonly number[]): void {
  const [a, b, c, e, f, g, h, i, j] = d as [number, number, number, number, number, number, number, number, number];
  const det = a * (f * j - g * i) - b * (e * j - g * h) + c * (e * i - f * h);
  if (d.some((v) => !Number.isFinite(v)) || !(Math.abs(det) > 1e-6)) {
    throw new LungDeskError('io.bad-header', `${file}: ${field} = [${d.join(', ')}] is not a direction matrix (finite, not singular)`, {
      file,
      detail: { field, value: [...d] },
    });
  }
}

/** Spacing, origin and direction of `g` within physical bounds, else io.bad-header naming the field. */
export function checkGeometry(file: string, g: VolumeGeometry, fields: { spacing: string; origin: string; direction: string }): void {
  checkSpacing(file, fields.spacing, g.spacing);
  checkOrigin(file, fields.origin, g.origin);
  checkDirection(file, fields.direction, g.direction);
}

/**
 * A data file named in a header (MetaImage ElementDataFile, NRRD "data file"), resolved
 * against the header's folder; io.outside-folder when the name leads out of that folder
 * (absolute path elsewhere, `..`). Pure path arithmetic; `confineRealPath` adds symlinks.
 */
export function confineDataFile(headerFile: string, field: string, name: string): string {
  const dir = path.dirname(path.resolve(headerFile));
  const abs = path.resolve(dir, name);
  if (!isInside(dir, abs)) {
    throw new LungDeskError('io.outside-folder', `${headerFile}: ${field} "${name}" lies outside the header's folder ${dir}`, {
      file: headerFile,
      detail: { field, value: name, folder: dir },
    });
  }
  return abs;
}

const isInside = (dir: string, p: string): boolean => {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/**
 * `dataFile` (already confined by name) after symlinks: io.outside-folder when it resolves out
 * of the header's (real) folder. A missing file is left for the reader to report.
 */
export async function confineRealPath(headerFile: string, field: string, dataFile: string): Promise<void> {
  let real: string;
  let dir: string;
  try {
    real = await fsp.realpath(dataFile);
    dir = await fsp.realpath(path.dirname(path.resolve(headerFile)));
  } catch {
    return;
  }
  if (!isInside(dir, real)) {
    throw new LungDeskError('io.outside-folder', `${headerFile}: ${field} ${dataFile} is a link to ${real}, outside the header's folder`, {
      file: headerFile,
      detail: { field, value: dataFile, resolved: real },
    });
  }
}
