import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LungDeskError } from '../../common/errors';
import { IDENTITY_DIRECTION, type VolumeGeometry } from '../../common/geometry';
import { discoverSeries } from '../io';

const PreprocessMeta = z.object({
  input: z.string().optional(),
  seriesInstanceUid: z.string().optional(),
  shapeZyx: z.array(z.number().int().positive()).length(3),
  spacingZyx: z.array(z.number().positive()).length(3),
  resampledShapeZyx: z.array(z.number().int().positive()).length(3),
  resampledSpacingZyx: z.array(z.number().positive()).length(3),
});

/**
 * The world grid of the arrays `lungdesk preprocess` writes (lungmask.npy and friends, on the
 * resampled grid), from the meta.json beside them. The resampling is corner aligned (new
 * voxel 0 on old voxel 0, the last on the last), so the grid keeps the scan's origin and
 * direction and its step is old spacing × (N − 1) / (n − 1) per axis. Origin and direction
 * come from the scan meta.json names when it can still be read; otherwise the grid is placed
 * at origin 0 with identity direction and a warning says so.
 */
export async function preprocessGrid(folder: string): Promise<{ geometry: VolumeGeometry; warnings: string[] }> {
  const metaPath = path.join(folder, 'meta.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LungDeskError(missing ? 'io.not-found' : 'io.bad-header', `${metaPath}: ${missing ? 'no meta.json beside the mask (write the folder with `lungdesk preprocess`)' : `not JSON: ${(e as Error).message}`}`, { file: metaPath });
  }
  const parsed = PreprocessMeta.safeParse(raw);
  if (!parsed.success) throw new LungDeskError('io.bad-header', `${metaPath}: not a lungdesk preprocess meta.json (${parsed.error.issues[0]?.message})`, { file: metaPath });
  const m = parsed.data;
  const dims = [m.resampledShapeZyx[2]!, m.resampledShapeZyx[1]!, m.resampledShapeZyx[0]!] as [number, number, number];
  const oldDims = [m.shapeZyx[2]!, m.shapeZyx[1]!, m.shapeZyx[0]!];
  const oldSpacing = [m.spacingZyx[2]!, m.spacingZyx[1]!, m.spacingZyx[0]!];
  const spacing = [0, 1, 2].map((a) => (dims[a]! > 1 ? (oldSpacing[a]! * (oldDims[a]! - 1)) / (dims[a]! - 1) : m.resampledSpacingZyx[2 - a]!)) as [number, number, number];
  const warnings: string[] = [];
  if (m.input) {
    try {
      const found = await discoverSeries(m.input);
      const s = found.series.find((x) => x.seriesInstanceUid === m.seriesInstanceUid) ?? found.series[0]!;
      return { geometry: { dims, spacing, origin: [...s.geometry.origin], direction: [...s.geometry.direction] }, warnings };
    } catch (e) {
      warnings.push(`could not read the scan ${m.input} for origin and direction (${(e as Error).message}); the surface is placed relative to voxel 0 with identity direction`);
    }
  } else {
    warnings.push(`${metaPath} names no input scan; the surface is placed relative to voxel 0 with identity direction`);
  }
  return { geometry: { dims, spacing, origin: [0, 0, 0], direction: [...IDENTITY_DIRECTION] }, warnings };
}
