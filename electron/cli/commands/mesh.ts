import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import type { VolumeGeometry } from '../../common/geometry';
import { readLunaAnnotations } from '../../core/annotations/luna';
import { readNpyMask } from '../../core/io/npy-reader';
import { makeLabelSurfaces, makeSurface, meshBounds, surfaceFormatOf, writeSurfaceFile, type MeshStats, type WorldMesh } from '../../core/mesh';
import { preprocessGrid } from '../../core/mesh/preprocess-grid';
import { sphereLabels } from '../../core/mesh/sphere-labels';
import { segmentLungMask3d } from '../../core/pipelines/lung-mask-3d';
import { parseArgs, UsageError, type CliIo } from '../args';
import { loadScan, reportError } from './load-scan';
import { confineOutput } from '../../core/datasets/folder-policy';

export const MESH_USAGE = `usage: lungdesk mesh PATH --mask lung|nodules|bone --out FILE.stl|.obj|.gltf [--threshold HU]
                     [--budget N] [--annotations CSV] [--series UID] [--json]
  A closed surface in world LPS mm (binary STL, OBJ or glTF by the extension): marching cubes,
  Taubin smoothing, decimation to --budget triangles (default 200000). PATH is a scan (DICOM
  folder, .mhd/.mha, .nii(.gz), .nrrd); --mask lung computes the filled lung mask as
  \`lungdesk preprocess\` does, on the scan's grid; --mask bone is HU above --threshold (400, as the
  seed's plot_3d); --mask nodules needs --annotations (LUNA16 rows of this series, balls of the
  row's diameter; one part per row). For --mask lung PATH may also be the lungmask.npy that
  \`lungdesk preprocess\` writes (its grid from the meta.json beside it).`;

interface Meshed {
  mesh: WorldMesh;
  stats: MeshStats;
  groups: { name: string; start: number; count: number }[];
  thresholdHu: number | null;
  warnings: string[];
}

/** `lungdesk mesh`: one surface to one file, stateless per scan like the other batch commands. */
export async function meshCommand(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    const args = parseArgs(argv, { values: ['mask', 'threshold', 'budget', 'out', 'annotations', 'series'], flags: ['json', 'help'] });
    if (args.flags.has('help')) {
      io.stdout(MESH_USAGE + '\n');
      return 0;
    }
    const [target, extra] = args.positionals;
    if (!target || extra) throw new UsageError(`give exactly one PATH\n${MESH_USAGE}`);
    const out = args.values.get('out')?.at(-1);
    if (!out) throw new UsageError(`--out FILE is required\n${MESH_USAGE}`);
    const kind = args.values.get('mask')?.at(-1);
    if (kind !== 'lung' && kind !== 'nodules' && kind !== 'bone') throw new UsageError(`--mask must be lung, nodules or bone\n${MESH_USAGE}`);
    const num = (name: string, dflt: number, min: number, max: number): number => {
      const v = args.values.get(name)?.at(-1);
      if (v === undefined) return dflt;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, not ${v}`);
      return n;
    };
    const budget = Math.round(num('budget', kind === 'nodules' ? 50_000 : 200_000, 100, 5_000_000));
    const thresholdHu = num('threshold', 400, -1200, 3000);
    const format = surfaceFormatOf(out);
    const t0 = performance.now();
    // Refused before the work: never into a system folder, nor through a link that leads there.
    const file = confineOutput(out);
    const meshed = await meshOf(target, kind, { budget, thresholdHu, annotations: args.values.get('annotations')?.at(-1), series: args.values.get('series')?.at(-1) });
    const bytes = await writeSurfaceFile(file, format, meshed.mesh, meshed.groups, `${kind} surface`);
    const result = {
      input: path.resolve(target),
      mask: kind,
      thresholdHu: meshed.thresholdHu,
      file,
      format,
      bytes,
      triangles: meshed.stats.triangles,
      trianglesBeforeDecimation: meshed.stats.trianglesFull,
      gridFactor: meshed.stats.factor,
      vertices: meshed.mesh.positions.length / 3,
      bounds: meshBounds(meshed.mesh.positions),
      groups: meshed.groups,
      coordinateSystem: 'LPS mm',
      seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
      warnings: meshed.warnings,
    };
    if (json) io.stdout(JSON.stringify(result, null, 1) + '\n');
    else {
      for (const w of meshed.warnings) io.stderr(`lungdesk mesh: warning: ${w}\n`);
      io.stdout(`${result.input} → ${file}: ${result.triangles} triangles (${result.trianglesBeforeDecimation} before decimation), ${result.seconds.toFixed(2)} s, world LPS mm\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return reportError(e, 'mesh', json, io);
  }
}

async function meshOf(target: string, kind: 'lung' | 'nodules' | 'bone', o: { budget: number; thresholdHu: number; annotations?: string; series?: string }): Promise<Meshed> {
  const opts = { triangleBudget: o.budget };
  if (/\.npy$/i.test(target)) {
    if (kind !== 'lung') throw new LungDeskError('contract.bad-input', `${target}: a .npy mask can be meshed with --mask lung only (bone and nodules need the scan)`, { file: target });
    const { geometry, warnings } = await preprocessGrid(path.dirname(path.resolve(target)));
    const mask = await readNpyMask(target, geometry.dims);
    const r = makeSurface({ kind: 'labels', mask, values: [1] }, geometry, opts);
    return { ...r, groups: [], thresholdHu: null, warnings: [...warnings, ...emptyWarning(r.stats, 'the lung mask is empty')] };
  }
  const { series, volume, warnings } = await loadScan(target, o.series);
  const g: VolumeGeometry = volume;
  if (kind === 'bone') {
    const r = makeSurface({ kind: 'threshold', hu: volume.voxels, thresholdHu: o.thresholdHu }, g, opts);
    return { ...r, groups: [], thresholdHu: o.thresholdHu, warnings };
  }
  if (kind === 'lung') {
    // As `lungdesk preprocess` computes lungmask.npy (filled, corner outside air), but on the scan's own grid.
    const mask = segmentLungMask3d(volume.voxels, volume.dims, { fill: true, outsideAir: 'corner' });
    const r = makeSurface({ kind: 'labels', mask, values: [1] }, g, opts);
    return { ...r, groups: [], thresholdHu: null, warnings: [...warnings, ...emptyWarning(r.stats, 'no lung found')] };
  }
  if (!o.annotations) throw new LungDeskError('contract.bad-input', `--mask nodules on a scan needs --annotations CSV (LUNA16 annotations.csv rows for series ${series.seriesInstanceUid})`);
  const ann = await readLunaAnnotations(path.resolve(o.annotations));
  const rows = ann.rows.filter((r) => r.seriesuid === series.seriesInstanceUid && r.diameterMm !== null);
  if (rows.length === 0) throw new LungDeskError('not-found', `${o.annotations}: no rows with a diameter for series ${series.seriesInstanceUid}`, { file: path.resolve(o.annotations) });
  if (rows.length > 255) throw new LungDeskError('contract.bad-input', `${o.annotations}: ${rows.length} nodules for one series, more than the 255 labels a mask holds`);
  const mask = sphereLabels(g, rows.map((r) => ({ center: [r.coordX, r.coordY, r.coordZ], diameterMm: r.diameterMm! })));
  const r = makeLabelSurfaces(mask, rows.map((_, i) => i + 1), g, opts);
  const groups = r.groups.map((gr, i) => ({ name: `row_${rows[i]!.line - 2}`, start: gr.start, count: gr.count }));
  return { mesh: r.mesh, stats: r.stats, groups, thresholdHu: null, warnings };
}

function emptyWarning(stats: MeshStats, what: string): string[] {
  return stats.triangles === 0 ? [what] : [];
}
