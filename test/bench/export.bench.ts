import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHARED_DATA, SHARED_REFERENCE } from '../helpers/shared-data';
import { LIDC_SERIES, makeReviewedData, type ReviewedData } from './export/reviewed-data';
import { watchWorkerRss } from './export/process-tree-rss';

/**
 * Issue 13's export figures, from the built CLI (`npm run build` first) on a data folder a
 * reviewer left (the demo dataset and LIDC-IDRI-0001: lung masks run, nodules accepted, scans
 * done), on this machine's cores:
 * - nnU-Net + cubes + DICOM SEG: wall time, cases per minute, each worker's peak RSS against
 *   the largest volume's int16 bytes (goal ≤ 3×);
 * - the arrays both write (format npy: the seed's per-patient .npy files) against the seed's
 *   own main loop (seed_pipeline.py per scan, saving), per case (goal ≥ 10× faster), with
 *   ours also on one worker so the ratio is not only the second core.
 * Ours: median of 3 runs, each into a fresh folder. The seed: one run per scan (tens of s each).
 */
const root = path.resolve(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'electron', 'cli', 'main.js');
const SEED = path.join(SHARED_REFERENCE, 'seed_pipeline.py');
const PYTHON = '/usr/bin/python3';
const RUNS = 3;

interface Run {
  seconds: number;
  cases: number;
  workerPeaks: number[];
}

async function exportOnce(data: ReviewedData, out: string, formats: string, extra: string[] = []): Promise<Run> {
  fs.rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'export', '--db', data.db, '--out', out, '--format', formats, '--json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const rss = watchWorkerRss(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res) => child.on('close', res));
  const seconds = (performance.now() - t0) / 1000;
  const workerPeaks = rss.stop();
  if (code !== 0) throw new Error(`lungdesk export ${formats} exited ${code}: ${stderr.slice(-500)}`);
  const summary = JSON.parse(stdout) as { casesWritten: number };
  return { seconds, cases: summary.casesWritten, workerPeaks };
}

async function median3(data: ReviewedData, out: string, formats: string, extra: string[] = []): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await exportOnce(data, out, formats, extra));
  runs.sort((a, b) => a.seconds - b.seconds);
  const m = runs[Math.floor(runs.length / 2)]!;
  return { ...m, workerPeaks: runs.flatMap((r) => r.workerPeaks) };
}

/** The seed's main loop on one scan (load, HU, 1 mm order 3, masks, normalise, every .npy saved): wall seconds. */
function seedCase(scanPath: string, out: string): number | null {
  fs.rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(PYTHON, [SEED, scanPath, '--out', out, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.log(`  (seed failed on ${scanPath}: ${r.stderr.split('\n').filter(Boolean).slice(-2).join(' ')})`);
    return null;
  }
  return (performance.now() - t0) / 1000;
}

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

/** RSS of a Node process that has loaded every worker job's code and does nothing: a worker's floor. */
function idleWorkerRss(): number {
  const jobs = path.join(root, 'dist', 'electron', 'workers', 'jobs', 'index.js');
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(jobs)}); setTimeout(() => console.log(process.memoryUsage().rss), 300)`], { encoding: 'utf8' });
  return Number(r.stdout.trim()) || 0;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) {
    console.log(`skipped: ${CLI} is not built (npm run build)`);
    return;
  }
  if (!fs.existsSync(path.join(SHARED_DATA, LIDC_SERIES))) {
    console.log('skipped: LIDC-IDRI-0001 is not in ../shared/data');
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-export-bench-'));
  try {
    const t0 = performance.now();
    const data = await makeReviewedData(tmp, () => {});
    console.log(`data folder: ${data.scans.length} reviewed scans (${data.scans.map((s) => s.label || s.seriesInstanceUid.slice(-8)).join(', ')}), made in ${((performance.now() - t0) / 1000).toFixed(1)} s; cores ${os.cpus().length}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const volumeBytes = 512 * 512 * 133 * 2; // the largest scan here (LIDC-IDRI-0001), int16

    const main = await median3(data, path.join(tmp, 'out-main'), 'nnunet,cubes,seg');
    const peak = Math.max(...main.workerPeaks);
    const idle = idleWorkerRss();
    const working = peak - idle;
    console.log(
      `export nnunet+cubes+seg, ${main.cases} cases: median ${main.seconds.toFixed(2)} s = ${((main.cases / main.seconds) * 60).toFixed(1)} cases/min on ${os.cpus().length} cores | ` +
        `peak worker RSS ${mb(peak)} = ${(peak / volumeBytes).toFixed(2)}× the largest volume (${mb(volumeBytes)} int16); ` +
        `above an idle worker (${mb(idle)}: Node and the job modules loaded) ${mb(working)} = ${(working / volumeBytes).toFixed(2)}× (goal ≤ 3×: ${working <= 3 * volumeBytes ? 'MET' : 'MISSED'})`,
    );

    const npy = await median3(data, path.join(tmp, 'out-npy'), 'npy');
    const npy1 = await median3(data, path.join(tmp, 'out-npy1'), 'npy', ['--workers', '1']);
    const seed: number[] = [];
    if (fs.existsSync(PYTHON) && fs.existsSync(SEED)) {
      for (const s of data.scans) {
        const sec = seedCase(s.path, path.join(tmp, 'seed', String(s.id)));
        if (sec !== null) seed.push(sec);
      }
    }
    const oursPerCase = npy.seconds / npy.cases;
    const ours1PerCase = npy1.seconds / npy1.cases;
    if (!seed.length) {
      console.log(`arrays (npy): ours ${oursPerCase.toFixed(2)} s per case (${ours1PerCase.toFixed(2)} s on one worker) | seed not available (${PYTHON} with numpy/scipy/skimage/pydicom)`);
      return;
    }
    const seedPerCase = seed.reduce((a, b) => a + b, 0) / seed.length;
    const ratio = seedPerCase / oursPerCase;
    console.log(
      `arrays (npy, the seed's per-patient files), ${npy.cases} cases: ours median ${oursPerCase.toFixed(2)} s per case (${ours1PerCase.toFixed(2)} s on one worker: ${(seedPerCase / ours1PerCase).toFixed(1)}×) | ` +
        `seed main loop ${seedPerCase.toFixed(1)} s per case (${seed.map((s) => s.toFixed(1)).join(', ')}) | ${ratio.toFixed(1)}× faster (goal ≥ 10×: ${ratio >= 10 ? 'MET' : 'MISSED'})`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
