import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { writeMetaImage } from '../../electron/core/io/write/metaimage-writer';
import { generateChestPhantom } from '../../electron/core/phantom';
import path from 'node:path';
import { discoverSeries, loadVolume } from '../../electron/core/io';
import { segmentLungMask3d, segmentLungMasks3d } from '../../electron/core/pipelines/lung-mask-3d';
import { segmentNodule } from '../../electron/core/pipelines/nodule-segmentation';
import { resampleToSpacing, type ZoomOrder } from '../../native/resample';
import { binaryDilation } from '../../native/morphology';

/**
 * Issue 5's goal, side by side on the same real scan: the whole preprocess (load → HU →
 * 1 mm → lung mask with fill) against the seed's Python pipeline as written (scipy zoom
 * order 3) and with linear (order 1) resampling. Ours: median of 3 in this process after a
 * warm-up; seed: its own per-step timings (--json --no-save), one run each (it takes tens of
 * seconds). Also the interactive job: semi-automatic nodule segmentation at the LUNA16 nodule.
 */
const root = path.resolve(__dirname, '..', '..');
const shared = path.resolve(root, '..', 'shared');
const scan = path.join(shared, 'data', 'LIDC-IDRI-0001');
const seed = path.join(shared, 'reference', 'seed_pipeline.py');
const python = '/usr/bin/python3';

async function ours(order: ZoomOrder): Promise<{ total: number; steps: Record<string, number> }> {
  const steps: Record<string, number> = {};
  const t = (name: string, t0: number) => (steps[name] = performance.now() - t0);
  let t0 = performance.now();
  const found = await discoverSeries(scan);
  const { volume } = await loadVolume(found.series.find((s) => s.format === 'dicom')!);
  t('load+hu', t0);
  t0 = performance.now();
  const r = resampleToSpacing(volume.voxels, volume.dims, volume.spacing, [1, 1, 1], order);
  t('resample', t0);
  t0 = performance.now();
  segmentLungMask3d(r.data, r.dims, { fill: true });
  t('lung mask (fill)', t0);
  return { total: Object.values(steps).reduce((a, b) => a + b, 0), steps };
}

function median<T>(runs: T[], key: (t: T) => number): T {
  return [...runs].sort((a, b) => key(a) - key(b))[Math.floor(runs.length / 2)]!;
}

function seedRun(order: number): Record<string, number> | null {
  if (!fs.existsSync(python) || !fs.existsSync(seed)) return null;
  const dir = fs.readdirSync(path.join(scan), { withFileTypes: true }).find((d) => d.isDirectory())!.name;
  const series = path.join(scan, dir, fs.readdirSync(path.join(scan, dir))[0]!);
  const r = spawnSync(python, [seed, series, '--out', '/tmp/lungdesk-bench-seed', '--order', String(order), '--no-save', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.log(`(seed pipeline failed: ${r.stderr.split('\n').slice(-3).join(' ')})`);
    return null;
  }
  const doc = JSON.parse(r.stdout) as { timings: { step: string; seconds: number }[] };
  return Object.fromEntries(doc.timings.map((s) => [s.step, s.seconds * 1000]));
}

async function main(): Promise<void> {
  if (!fs.existsSync(scan)) {
    console.log(`(no ${scan}: preprocess bench skipped)`);
    return;
  }
  await ours(1); // warm-up: page cache, addon, JIT
  for (const order of [3, 1] as const) {
    const runs = [await ours(order), await ours(order), await ours(order)];
    const m = median(runs, (r) => r.total);
    const s = seedRun(order);
    const stepText = Object.entries(m.steps).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
    if (!s) {
      console.log(`preprocess LIDC-IDRI-0001 order ${order}: ours median ${m.total.toFixed(0)} ms (${stepText}) | seed not available (${python} with numpy/scipy/skimage/pydicom)`);
      continue;
    }
    const seedTotal = (s.load ?? 0) + (s.hu ?? 0) + (s.resample ?? 0) + (s.segment_fill ?? 0);
    const ratio = seedTotal / m.total;
    const goal = order === 3 ? 20 : 5;
    console.log(
      `preprocess LIDC-IDRI-0001 (load → HU → 1 mm → lung mask with fill), order ${order}: ours median ${m.total.toFixed(0)} ms (${stepText}) | ` +
        `seed ${seedTotal.toFixed(0)} ms (load ${s.load?.toFixed(0)}, hu ${s.hu?.toFixed(0)}, resample ${s.resample?.toFixed(0)}, segment_fill ${s.segment_fill?.toFixed(0)}) | ` +
        `${ratio.toFixed(1)}x faster (goal ${goal}x: ${ratio >= goal ? 'MET' : 'MISSED'})`,
    );
  }

  // Whole-pipeline steps on their own, and the interactive nodule segmentation.
  const found = await discoverSeries(scan);
  const { volume } = await loadVolume(found.series.find((s) => s.format === 'dicom')!);
  const r = resampleToSpacing(volume.voxels, volume.dims, volume.spacing, [1, 1, 1], 1);
  let t0 = performance.now();
  const masks = segmentLungMasks3d(r.data, r.dims);
  const both = performance.now() - t0;
  t0 = performance.now();
  binaryDilation(masks.fill, r.dims, 5, { footprint: 'ball' });
  console.log(`lung masks without and with fill ${both.toFixed(0)} ms; dilation ball(5) ${(performance.now() - t0).toFixed(0)} ms (on ${r.dims.join('×')})`);
  if (!fs.existsSync(path.join(shared, 'data', 'annotations.csv'))) return;
  const center = lunaRow();
  segmentNodule(volume.voxels, volume, { center, diameterMm: 23.4 });
  const times: number[] = [];
  let res = segmentNodule(volume.voxels, volume, { center, diameterMm: 23.4 });
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    res = segmentNodule(volume.voxels, volume, { center, diameterMm: 23.4 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `semi-automatic nodule segmentation (LIDC-IDRI-0001's LUNA16 nodule, 23 mm): median ${times[2]!.toFixed(1)} ms (goal < 100 ms) → ` +
      `${res.volumeMm3.toFixed(0)} mm³, equivalent diameter ${res.equivalentDiameterMm.toFixed(1)} mm, axes ${res.longAxisMm.toFixed(1)} × ${res.shortAxisMm.toFixed(1)} mm`,
  );
}

/** The CLI on a phantom of real size (512×512×300), in a fresh process: per-step times and peak RSS. */
async function phantomRun(): Promise<void> {
  const dir = path.join(os.tmpdir(), 'lungdesk-bench-v1', 'phantom-512x512x300-mhd');
  const mhd = path.join(dir, 'phantom.mhd');
  if (!fs.existsSync(mhd)) {
    fs.mkdirSync(dir, { recursive: true });
    const { volume } = generateChestPhantom({ dims: [512, 512, 300], spacing: [0.7, 0.7, 1.25], seed: 3 });
    await writeMetaImage(volume, mhd);
  }
  const compiled = path.join(root, 'dist', 'electron', 'cli', 'main.js');
  const args = fs.existsSync(compiled) ? [compiled] : ['--import', 'tsx', path.join(root, 'electron', 'cli', 'main.ts')];
  for (const interp of ['linear', 'cubic']) {
    const r = spawnSync(process.execPath, [...args, 'preprocess', mhd, '--out', path.join(dir, `out-${interp}`), '--interp', interp, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      console.log(`phantom preprocess failed: ${r.stderr}`);
      return;
    }
    const doc = JSON.parse(r.stdout) as { timings: { step: string; seconds: number }[]; totalSeconds: number; peakRssMb: number; volumeMb: number };
    console.log(
      `preprocess phantom 512x512x300 (${interp}, whole CLI incl. writing every .npy): total ${doc.totalSeconds.toFixed(2)} s; ` +
        doc.timings.map((t) => `${t.step} ${(t.seconds * 1000).toFixed(0)} ms`).join(', ') +
        ` | peak RSS ${doc.peakRssMb} MB = ${(doc.peakRssMb / doc.volumeMb).toFixed(1)}x the ${doc.volumeMb} MB volume (process total, including Node itself)`,
    );
  }
}

function lunaRow(): [number, number, number] {
  const text = fs.readFileSync(path.join(shared, 'data', 'annotations.csv'), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192,'))!;
  const [, x, y, z] = line.split(',');
  return [Number(x), Number(y), Number(z)];
}

main()
  .then(phantomRun)
  .catch((e) => {
  console.error(e);
  process.exit(1);
});
