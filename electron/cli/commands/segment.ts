import * as path from 'node:path';
import type { Vec3 } from '../../common/geometry';
import { writeFileAtomic } from '../../core/io/write/atomic-write';
import { npyHeader, writeChunksAtomic } from '../../core/io/write/npy-writer';
import { segmentNodule } from '../../core/pipelines/nodule-segmentation';
import { pasteBoxMask } from '../../core/volume/box-mask';
import { parseArgs, UsageError, type CliIo } from '../args';
import { geometrySidecar, npyGeometryPath } from './convert';
import { loadScan, reportError, reportUsage } from './load-scan';
import { confineOutput } from '../../core/datasets/folder-policy';

/**
 * `lungdesk segment PATH --seed X,Y,Z --out FILE.npy [--diameter MM] [--series UID] [--json]`:
 * semi-automatic segmentation of one nodule from a seed point (world LPS mm, as LUNA16's
 * coordinates), the same `segmentNodule` the app runs. Writes the mask on the scan's grid as
 * uint8 .npy (z, y, x) with `<name>.geometry.json` beside it, and prints the measures.
 * Exit 0 written, 1 error (a seed outside the scan, nothing to segment there, unreadable
 * input), 2 usage.
 */

export const SEGMENT_USAGE = `usage: lungdesk segment PATH --seed X,Y,Z --out FILE.npy [--diameter MM] [--series UID] [--json]
  PATH        a DICOM folder (first series, or --series UID), .mhd/.mha, .nii/.nii.gz, .nrrd/.nhdr
  --seed      a point on the nodule, world LPS mm (LUNA16 coordX,coordY,coordZ), e.g. --seed=-56.1,86.3,-116
  --out       the mask: uint8 .npy [z][y][x] on the scan's grid (1 = nodule), with
              <name>.geometry.json beside it (dims, spacing, origin, direction: LPS)
  --diameter  the nodule's diameter in mm if known (sets the search region and scales);
              without it the size is measured from the image
  --json      the measures as JSON: voxels, volume mm³, equivalent diameter, long and short
              axial axes, centroid (LPS mm), solid or sub-solid, threshold HU`;

/** "X,Y,Z" → three finite numbers. */
export function parseSeed(text: string): Vec3 {
  const parts = text.split(',').map((s) => s.trim());
  const v = parts.map(Number);
  if (parts.length !== 3 || parts.some((p) => p === '') || !v.every(Number.isFinite)) {
    throw new UsageError(`--seed "${text}" is not three numbers X,Y,Z (world LPS mm)`);
  }
  return [v[0]!, v[1]!, v[2]!];
}

function single(values: Map<string, string[]>, name: string): string | undefined {
  const v = values.get(name);
  if (v && v.length > 1) throw new UsageError(`--${name} given more than once`);
  return v?.[0];
}

export async function segmentCommand(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let target: string;
  let seed: Vec3;
  let out: string;
  let diameterMm: number | undefined;
  let seriesUid: string | undefined;
  try {
    const args = parseArgs(argv, { values: ['seed', 'out', 'diameter', 'series'], flags: ['json'] });
    if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'PATH is missing' : 'give exactly one PATH');
    target = args.positionals[0]!;
    const s = single(args.values, 'seed');
    if (s === undefined) throw new UsageError('--seed X,Y,Z is needed');
    seed = parseSeed(s);
    const o = single(args.values, 'out');
    if (o === undefined) throw new UsageError('--out FILE.npy is needed');
    if (!/\.npy$/i.test(o)) throw new UsageError(`--out "${path.basename(o)}" must end in .npy`);
    out = o;
    const d = single(args.values, 'diameter');
    if (d !== undefined) {
      diameterMm = Number(d);
      if (d.trim() === '' || !(diameterMm > 0) || diameterMm > 100) throw new UsageError(`--diameter "${d}" must be a number of mm in (0, 100]`);
    }
    seriesUid = single(args.values, 'series');
  } catch (e) {
    return reportUsage(e instanceof Error ? e.message : String(e), 'segment', SEGMENT_USAGE, json, io);
  }
  try {
    const started = Date.now();
    const absOut = confineOutput(out);
    const { series, volume, warnings } = await loadScan(target, seriesUid);
    const t0 = performance.now();
    const seg = segmentNodule(volume.voxels, volume, diameterMm === undefined ? { center: seed } : { center: seed, diameterMm });
    const segmentMs = performance.now() - t0;
    const [nx, ny, nz] = volume.dims;
    const mask = new Uint8Array(nx * ny * nz);
    pasteBoxMask(mask, volume.dims, seg);
    await writeChunksAtomic(absOut, [npyHeader([nz, ny, nx], '|u1'), mask]);
    const side = npyGeometryPath(absOut);
    await writeFileAtomic(side, JSON.stringify(geometrySidecar(volume, series.files[0] ?? target, series.seriesInstanceUid, series.missingSlices, { dtype: 'uint8', units: 'mask (1 = nodule)' }), null, 2) + '\n');
    const result = {
      input: { path: path.resolve(target), format: series.format, seriesInstanceUid: series.seriesInstanceUid },
      seed,
      diameterHintMm: diameterMm ?? null,
      output: { path: absOut, files: [absOut, side] },
      dims: volume.dims,
      voxels: seg.voxels,
      volumeMm3: seg.volumeMm3,
      equivalentDiameterMm: seg.equivalentDiameterMm,
      longAxisMm: seg.longAxisMm,
      shortAxisMm: seg.shortAxisMm,
      centroid: seg.centroid,
      kind: seg.kind,
      thresholdHu: seg.thresholdHu,
      backgroundHu: seg.backgroundHu,
      openingMm: seg.openingMm,
      searchRadiusMm: seg.searchRadiusMm,
      reachesSearchLimit: seg.reachesSearchLimit,
      warnings,
      segmentMs: Math.round(segmentMs * 10) / 10,
      seconds: (Date.now() - started) / 1000,
    };
    if (json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      for (const w of warnings) io.stderr(`lungdesk segment: warning: ${w}\n`);
      const f = (v: number, d = 1) => v.toFixed(d);
      io.stdout(
        `wrote ${absOut}, ${side}\n` +
          `  ${seg.kind} nodule: ${seg.voxels} voxels, ${f(seg.volumeMm3, 0)} mm³, equivalent diameter ${f(seg.equivalentDiameterMm)} mm, ` +
          `axial axes ${f(seg.longAxisMm)} × ${f(seg.shortAxisMm)} mm, centroid (${seg.centroid.map((v) => f(v)).join(', ')}) mm LPS\n` +
          `  threshold ${seg.thresholdHu} HU over lung at ${seg.backgroundHu} HU, vessel opening ${seg.openingMm ? `${f(seg.openingMm, 2)} mm` : 'none'}` +
          `${seg.reachesSearchLimit ? `; the mask reaches the ${f(seg.searchRadiusMm, 0)} mm search limit, the nodule may be larger` : ''}\n`,
      );
    }
    return 0;
  } catch (e) {
    return reportError(e, 'segment', json, io);
  }
}
