import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ensurePhantomSeries } from './dicom-fixtures';
import { seriesFolder } from './series-folder';

/**
 * DICOM series → HU volume: our reader against the seed's pydicom + numpy loading, on the same
 * files, with a warm page cache (one untimed load first).
 *
 * Ours (headline): discoverSeries + loadVolume in a Node child process, IN-PROCESS after one
 * untimed warm-up load — timed the same way as the seed. The machine is shared and its speed
 * drifts, so ours and the seed's runs are INTERLEAVED: ROUNDS rounds, each one child of ours
 * (warm-up + PER_ROUND timed loads) then one seed process (the same); medians over all
 * ROUNDS × PER_ROUND timed loads of each.
 * Also printed: the median of RUNS loads each in a FRESH child process (cold JIT, as a worker
 * loading one scan; time taken after the module imports). Those fresh children give the peak
 * memory: maxRSS of the loading child minus maxRSS of an idle child that only imported the
 * modules, against the volume's bytes.
 * Seed: test/bench/python/seed_load.py, load_scan + scan_hu after one warm-up in each process. Both results carry a strided checksum of the HU volume, so a
 * mismatch (different HU or slice order) is printed.
 *
 * Goals: ours ≥ 2× faster than the seed; peak extra RSS ≤ 2× the volume's bytes.
 */

const RUNS = 5;
const ROUNDS = 3;
const PER_ROUND = 3;
const PYTHON = '/usr/bin/python3';
const root = path.join(__dirname, '..', '..');
const child = path.join(__dirname, 'dicom-load-child.ts');
const seedScript = path.join(__dirname, 'python', 'seed_load.py');
const seedPipeline = path.join(root, '..', 'shared', 'reference', 'seed_pipeline.py');
const LIDC = path.join(root, '..', 'shared', 'data', 'LIDC-IDRI-0001');

interface ChildResult {
  ms: number;
  discoverMs: number;
  loadMs: number;
  maxRss: number;
  dims: [number, number, number];
  volumeBytes: number;
  sum: number;
}

function runChild(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', child, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as Record<string, unknown>;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;

function seedAvailable(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  if (!existsSync(seedPipeline)) return `${seedPipeline} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import numpy, pydicom'], { encoding: 'utf8' });
  if (r.status !== 0) return `${PYTHON} lacks numpy or pydicom`;
  return undefined;
}

function timeSeed(dir: string): { times: number[]; sum: number; peakRss: number } {
  const r = spawnSync(PYTHON, [seedScript, dir, String(PER_ROUND)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`seed_load.py failed (${r.status}): ${r.stderr}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as { times_ms: number[]; sum: number; peak_rss: number };
  return { times: j.times_ms, sum: j.sum, peakRss: j.peak_rss };
}

function benchOne(label: string, dir: string, seedSkip: string | undefined): void {
  runChild(['load', dir]); // warms the page cache and tsx's compile cache; not timed
  const idle = median([0, 1, 2].map(() => runChild(['idle']).maxRss as number));
  const runs = Array.from({ length: RUNS }, () => runChild(['load', dir]) as unknown as ChildResult);
  const fresh = median(runs.map((r) => r.ms));
  const warm: number[] = [];
  const seeds: ReturnType<typeof timeSeed>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    warm.push(...(runChild(['time', dir, String(PER_ROUND)]) as { times: number[] }).times);
    if (!seedSkip) seeds.push(timeSeed(seriesFolder(dir)));
  }
  const ours = median(warm);
  const disc = median(runs.map((r) => r.discoverMs));
  const load = median(runs.map((r) => r.loadMs));
  const peak = median(runs.map((r) => r.maxRss));
  const { dims, volumeBytes, sum } = runs[0]!;
  const extra = peak - idle;
  const memRatio = extra / volumeBytes;
  const name = `${label} ${dims.join('x')}`;
  const spread = `min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)}`;
  const mem = `peak extra RSS ${memRatio.toFixed(2)}x volume (${mb(extra)} over idle ${mb(idle)}; volume ${mb(volumeBytes)})`;
  let line: string;
  if (seedSkip) {
    line = `dicom load ${name}: ours median ${ours.toFixed(0)} ms (${spread}) | seed not timed: ${seedSkip} | ${mem}`;
  } else {
    const st = seeds.flatMap((x) => x.times);
    const seed = { median: median(st), min: Math.min(...st), max: Math.max(...st), sum: seeds[0]!.sum, peakRss: Math.max(...seeds.map((x) => x.peakRss)) };
    const ratio = seed.median / ours;
    line =
      `dicom load ${name}: ours median ${ours.toFixed(0)} ms (${spread}) | seed (pydicom) median ${seed.median.toFixed(0)} ms ` +
      `(min ${seed.min.toFixed(0)}, max ${seed.max.toFixed(0)}) | ${ratio.toFixed(1)}x faster | ${mem}`;
    if (seed.sum !== sum) line += ` | WARNING: HU checksum differs (ours ${sum}, seed ${seed.sum})`;
    const goals = [ratio >= 2 ? 'speed goal met (>= 2x)' : 'SPEED GOAL MISSED (< 2x)', memRatio <= 2 ? 'memory goal met (<= 2x)' : 'MEMORY GOAL MISSED (> 2x)'];
    line += `\n  ${goals.join(', ')}; medians of ${ROUNDS} interleaved rounds x ${PER_ROUND} in-process loads after a warm-up; seed peak RSS ${mb(seed.peakRss)}`;
  }
  console.log(line);
  console.log(
    `  ours in a fresh process per load: median ${fresh.toFixed(0)} ms = discoverSeries ${disc.toFixed(0)} ms + loadVolume ${load.toFixed(0)} ms ` +
      `(medians of ${RUNS}; page cache warm)`,
  );
}

async function main(): Promise<void> {
  const fx = await ensurePhantomSeries({ name: 'dicom-read', dims: [512, 512, 300], spacing: [0.7, 0.7, 1.0] });
  if (fx.generatedMs) console.log(`(generated the 512x512x300 phantom series in ${(fx.generatedMs / 1000).toFixed(1)} s, cached in ${fx.root})`);
  const seedSkip = seedAvailable();
  benchOne('phantom', fx.dirs[0]!, seedSkip);
  if (existsSync(LIDC)) benchOne('LIDC-IDRI-0001', LIDC, seedSkip);
  else console.log(`dicom load LIDC-IDRI-0001: skipped, ${LIDC} not present`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
