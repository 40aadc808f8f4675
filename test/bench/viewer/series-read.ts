import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seriesFolder } from '../series-folder';
import { ROOT } from './setup';
import { median } from './stats';

/**
 * The viewer's baseline: how long `lungdesk` takes to read the same series into an HU volume,
 * measured in the same run. It runs the app's own worker job (loadVolumeJob: the files the
 * index lists → int16 HU volume + value range) in a separate Node process, one untimed
 * warm-up then `runs` timed loads (page cache warm, as it is for the viewer), as `npm run
 * bench` times DICOM → HU (test/bench/dicom-read.bench.ts). pydicom + numpy
 * (the seed's loader, test/bench/python/seed_load.py) is timed the same way for reference.
 */

const CHILD = path.join(ROOT, 'test', 'bench', 'dicom-load-child.ts');
const SEED_LOAD = path.join(ROOT, 'test', 'bench', 'python', 'seed_load.py');
const SEED_PIPELINE = path.join(ROOT, '..', 'shared', 'reference', 'seed_pipeline.py');
const PYTHON = '/usr/bin/python3';

export interface ReadTimes {
  /** Each timed load, ms. */
  times: number[];
  /** 1-min load average when each batch of loads started. */
  load: number[];
}

export const readMedian = (r: ReadTimes): number => median(r.times);

/** Runs a command to completion (asynchronously: the bench's own timers keep running). */
function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(cmd)} ${args.slice(-3).join(' ')} exited with ${code ?? signal}: ${err.trim().slice(-2000)}`));
    });
  });
}

const lastJsonLine = <T>(out: string): T => JSON.parse(out.trim().split('\n').pop()!) as T;

/** `runs` timed loads of the series in `dir` by the app's loadVolume job, in a fresh Node process. */
export async function timeSeriesRead(dir: string, runs: number, into?: ReadTimes): Promise<ReadTimes> {
  const acc = into ?? { times: [], load: [] };
  acc.load.push(os.loadavg()[0]!);
  const out = await run(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, 'job', dir, String(runs)], 300_000);
  acc.times.push(...lastJsonLine<{ times: number[] }>(out).times);
  return acc;
}

/** Why pydicom cannot be timed here, or undefined when it can. */
export async function pydicomMissing(): Promise<string | undefined> {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  if (!existsSync(SEED_PIPELINE)) return `${SEED_PIPELINE} not found`;
  try {
    await run(PYTHON, ['-c', 'import numpy, pydicom'], 60_000);
    return undefined;
  } catch {
    return `${PYTHON} lacks numpy or pydicom`;
  }
}

/** `runs` timed loads by the seed's pydicom + numpy loader (the series folder under `dir`). */
export async function timePydicomRead(dir: string, runs: number): Promise<ReadTimes> {
  const load = os.loadavg()[0]!;
  const out = await run(PYTHON, [SEED_LOAD, seriesFolder(dir), String(runs)], 600_000);
  return { times: lastJsonLine<{ times_ms: number[] }>(out).times_ms, load: [load] };
}
