/**
 * Child process of the readers probe: reads each case of a manifest with the in-process
 * readers and prints one JSON line per case. It runs apart so that a native crash, a hang or
 * a runaway allocation ends this process, not the probe (the parent restarts after the case).
 */
import fs from 'node:fs';
import { isLungDeskError, LungDeskError } from '../../electron/common/errors';
import { discoverSeries, loadVolume } from '../../electron/core/io';
import { readNpyMask } from '../../electron/core/io/npy-reader';
import { readLunaAnnotations } from '../../electron/core/annotations/luna';
import { parseLidcXml } from '../../electron/core/annotations/lidc';
import { PHANTOM_DIMS, type SeedKind } from './seeds';

export interface RunnerCase {
  id: number;
  kind: SeedKind;
  file: string;
}

export interface RunnerLine {
  id: number;
  /** 'ok', an ErrorCode, or 'non-typed' (a thrown value that is not a LungDeskError). */
  outcome: string;
  message?: string;
  file?: string;
  ms: number;
  maxRssMb: number;
  /** For an ok volume: what geometry the reader settled on. */
  spacing?: number[];
}

async function readCase(c: RunnerCase): Promise<Pick<RunnerLine, 'spacing'>> {
  if (c.kind === 'npy') {
    await readNpyMask(c.file, PHANTOM_DIMS);
    return {};
  }
  if (c.kind === 'luna-csv') {
    await readLunaAnnotations(c.file);
    return {};
  }
  if (c.kind === 'lidc-xml') {
    parseLidcXml(await fs.promises.readFile(c.file, 'utf8'), c.file);
    return {};
  }
  const found = await discoverSeries(c.file);
  const first = found.series[0];
  if (!first) {
    const issue = found.issues[0];
    // A single file that is no series: its issue is the reader's verdict.
    if (issue) throw new LungDeskError(issue.code, issue.message, { file: issue.file });
    return {};
  }
  const loaded = await loadVolume(first);
  const v = loaded.volume;
  if (v.voxels.length !== v.dims[0]! * v.dims[1]! * v.dims[2]!) throw new Error(`voxel count ${v.voxels.length} disagrees with dims ${v.dims.join('x')}`);
  return { spacing: [...v.spacing] };
}

async function main(): Promise<void> {
  const cases = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as RunnerCase[];
  const start = Number(process.argv[3] ?? '0');
  for (const c of cases.slice(start)) {
    const t0 = performance.now();
    let line: Omit<RunnerLine, 'ms' | 'maxRssMb'>;
    try {
      line = { id: c.id, outcome: 'ok', ...(await readCase(c)) };
    } catch (e) {
      if (isLungDeskError(e)) line = { id: c.id, outcome: e.code, message: e.message, file: e.file };
      else line = { id: c.id, outcome: 'non-typed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    const out: RunnerLine = { ...line, ms: performance.now() - t0, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    fs.writeSync(3, JSON.stringify(out) + '\n'); // fd 3: stdout belongs to the readers' libraries
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    fs.writeSync(2, `reader-runner: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(3);
  },
);
