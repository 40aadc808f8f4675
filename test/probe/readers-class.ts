import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../electron/common/errors';
import { prng } from '../fuzz/prng';
import { CLI, ROOT } from './host-session';
import { mutate, type MutatedCase } from './mutations';
import { procInfo, treeRssKb } from './proc';
import type { RunnerCase, RunnerLine } from './reader-runner';
import { percentile, Tally, type ClassResult, type ProbeOptions } from './report';
import { loadSeeds, zeroBomb } from './seeds';

/**
 * Class 1: mutated real files through every reader, in-process (a child process that is
 * restarted after a crash or a hang) and through the CLI (`info`, `histogram`, `convert` with
 * --json). Rules: no crash (signal, non-typed error, `internal`), no hang, every error a code of
 * ErrorCode, stdout exactly one JSON document, invalid geometry and data files outside the
 * folder refused, zlib bombs refused within a memory budget.
 */

const CODES = new Set<string>(ErrorCode.options);
const GiB = 1024 ** 3;
/** LUNGDESK_MAX_VOLUME_MB for the probe's readers and CLI runs, unless the caller set one. */
const PROBE_VOLUME_CAP_MB = 512;

/** Peak RSS a reader may reach on a bomb case (the inflated data is 1 GiB). */
const BOMB_RSS_BUDGET_MB = 768;
/** A grid declared past 2^31 voxels may be refused as too large or as unsupported; either is before allocating. */
const HUGE_GRID_CODES = ['io.too-large', 'io.unsupported'];
/** Where the probe stops a reader that keeps allocating (far past any budget, short of the machine's memory). */
const KILL_RSS_MB = 1536;

interface CaseOnDisk extends MutatedCase {
  id: number;
  dir: string;
  file: string;
  bomb?: boolean;
}

function writeCase(root: string, id: number, c: MutatedCase): CaseOnDisk {
  const dir = path.join(root, String(id));
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, name), bytes);
  return { ...c, id, dir, file: path.join(dir, c.name) };
}

/**
 * Zlib bombs: ~1 MB on disk, 1 GiB inflated, behind headers that declare a grid far past any
 * size cap (64 GiB: refused before allocating, whatever the cap) or a small one (the inflation
 * must stop at what the header needs).
 */
async function bombCases(root: string, firstId: number): Promise<CaseOnDisk[]> {
  const out: CaseOnDisk[] = [];
  let id = firstId;
  const mk = (kind: MutatedCase['kind'], label: string, name: string): CaseOnDisk => {
    const dir = path.join(root, String(id));
    fs.mkdirSync(dir, { recursive: true });
    return { id: id++, kind, label, name, files: {}, dir, file: path.join(dir, name), bomb: true, mustFail: 'a zlib bomb', mustCode: undefined };
  };
  const mhd = (dims: string) =>
    `ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\nCompressedData = True\nTransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = 0 0 0\nElementSpacing = 1 1 1\nDimSize = ${dims}\nElementType = MET_SHORT\nElementDataFile = bomb.zraw\n`;
  const a = mk('metaimage', 'MetaImage bomb: DimSize 4096 4096 2048 (64 GiB declared), 1 GiB of zeros deflated', 'bomb.mhd');
  fs.writeFileSync(a.file, mhd('4096 4096 2048'));
  await zeroBomb(path.join(a.dir, 'bomb.zraw'), GiB, 'zlib');
  a.mustCode = HUGE_GRID_CODES;
  out.push(a);
  // The issue's own example: 1 MB that inflates to 1 GiB, behind a header that declares 1 GiB.
  const f = mk('metaimage', 'MetaImage bomb: DimSize 1024 1024 512 (1 GiB declared), 1 GiB of zeros deflated', 'bomb.mhd');
  fs.writeFileSync(f.file, mhd('1024 1024 512'));
  fs.copyFileSync(path.join(a.dir, 'bomb.zraw'), path.join(f.dir, 'bomb.zraw'));
  out.push(f);
  const b = mk('metaimage', 'MetaImage bomb: DimSize 64 64 64, 1 GiB of zeros deflated', 'bomb.mhd');
  fs.writeFileSync(b.file, mhd('64 64 64'));
  fs.copyFileSync(path.join(a.dir, 'bomb.zraw'), path.join(b.dir, 'bomb.zraw'));
  out.push(b);
  // NIfTI: a 348-byte header declaring 4096x4096x2048 int16 (64 GiB), then zeros; all gzipped.
  const hdr = Buffer.alloc(352);
  hdr.writeInt32LE(348, 0);
  [3, 4096, 4096, 2048, 1, 1, 1, 1].forEach((v, i) => hdr.writeInt16LE(v, 40 + 2 * i));
  hdr.writeInt16LE(4, 70); // int16
  hdr.writeInt16LE(16, 72);
  [1, 1, 1, 1].forEach((v, i) => hdr.writeFloatLE(v, 76 + 4 * i));
  hdr.writeFloatLE(352, 108);
  hdr.write('n+1\0', 344, 'latin1');
  const c = mk('nifti', 'NIfTI bomb: .nii.gz declaring 4096x4096x2048 int16 (64 GiB), 1 GiB inflated', 'bomb.nii.gz');
  await zeroBomb(c.file, GiB, 'gzip', hdr);
  c.mustCode = HUGE_GRID_CODES;
  out.push(c);
  const small = Buffer.from(hdr);
  [3, 64, 64, 64].forEach((v, i) => small.writeInt16LE(v, 40 + 2 * i));
  const d = mk('nifti', 'NIfTI bomb: .nii.gz declaring 64^3 int16, 1 GiB inflated', 'bomb.nii.gz');
  await zeroBomb(d.file, GiB, 'gzip', small);
  d.mustFail = undefined; // extra trailing data may be ignored; the rule is the memory budget
  out.push(d);
  const e = mk('nrrd', 'NRRD bomb: gzip encoding, sizes 4096 4096 2048 short (64 GiB declared), 1 GiB inflated', 'bomb.nrrd');
  const nrrdHead = Buffer.from('NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 4096 4096 2048\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nendian: little\nencoding: gzip\nspace origin: (0,0,0)\n\n', 'latin1');
  const gzPath = path.join(e.dir, 'data.gz');
  await zeroBomb(gzPath, GiB, 'gzip');
  fs.writeFileSync(e.file, Buffer.concat([nrrdHead, fs.readFileSync(gzPath)]));
  fs.rmSync(gzPath);
  e.mustCode = HUGE_GRID_CODES;
  out.push(e);
  return out;
}

/** Runs cases in reader-runner children; a child that dies or stalls is replaced after the case it was on. */
async function runInProcess(cases: CaseOnDisk[], workDir: string, perCaseMs: number, rssBudgetMb: number, onLine: (c: CaseOnDisk, l: RunnerLine) => void, fresh = false): Promise<void> {
  const manifest = path.join(workDir, `manifest-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const runnerCases: RunnerCase[] = cases.map((c) => ({ id: c.id, kind: c.kind, file: c.file }));
  fs.writeFileSync(manifest, JSON.stringify(runnerCases));
  let next = 0;
  while (next < cases.length) {
    const end = fresh ? next + 1 : cases.length;
    fs.writeFileSync(manifest, JSON.stringify(runnerCases.slice(0, end)));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'reader-runner.ts'), manifest, String(next)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const results = child.stdio[3] as NodeJS.ReadableStream;
    let buf = '';
    let stderr = '';
    let lastProgress = Date.now();
    let startup = true;
    let killedFor: string | undefined;
    child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    // Results come on fd 3: stdout is left to whatever the readers' libraries print.
    results.on('data', (b: Buffer) => {
      buf += b.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as RunnerLine;
        buf = buf.slice(nl + 1);
        onLine(cases[next]!, line);
        next++;
        lastProgress = Date.now();
        startup = false;
      }
    });
    const watch = setInterval(() => {
      const limit = perCaseMs + (startup ? 15_000 : 0); // tsx compiles the readers on the first start
      if (Date.now() - lastProgress > limit) {
        killedFor = `hang: no answer within ${limit} ms`;
        child.kill('SIGKILL');
      }
      const rss = treeRssKb(child.pid!).total / 1024;
      if (rss > rssBudgetMb) {
        killedFor = `memory: RSS ${rss.toFixed(0)} MB over ${rssBudgetMb} MB`;
        child.kill('SIGKILL');
      }
    }, 100);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    clearInterval(watch);
    if (next >= end) continue;
    // A runner that fails before its first case is the probe's problem, not a reader's finding.
    if (startup && code === 3) throw new Error(`reader-runner could not start: ${stderr.trim().slice(-600)}`);
    // The child died on case `next`: that case is the finding.
    const what = killedFor ?? `crash: exit ${code ?? ''} signal ${signal ?? ''} ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
    onLine(cases[next]!, { id: cases[next]!.id, outcome: killedFor?.startsWith('hang') ? 'hang' : killedFor ? 'memory' : 'crash', message: what, ms: perCaseMs, maxRssMb: 0 });
    next++;
  }
  fs.rmSync(manifest, { force: true });
}

interface CliRun {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  maxRssMb: number;
  timedOut: boolean;
}

function runCli(args: string[], timeoutMs: number): Promise<CliRun> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', path.join(__dirname, 'max-rss-hook.cjs'), CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const t = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // A runaway allocation is stopped at the kill line: the finding is made, the machine kept.
    let overKb = 0;
    const watch = setInterval(() => {
      const kb = procInfo(child.pid!)?.rssKb ?? 0;
      if (kb > KILL_RSS_MB * 1024) {
        overKb = kb;
        child.kill('SIGKILL');
      }
    }, 50);
    child.on('close', (status, signal) => {
      clearTimeout(t);
      clearInterval(watch);
      if (overKb) stderr += `\nLUNGDESK_PROBE_MAXRSS_KB=${overKb}\n`;
      const kb = Number(/LUNGDESK_PROBE_MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? '0');
      resolve({ status, signal, stdout, stderr, ms: performance.now() - t0, maxRssMb: Math.round(kb / 1024), timedOut });
    });
  });
}

/** The rules one outcome (in-process or CLI) must keep; returns what broke, or undefined. */
function judge(c: CaseOnDisk, outcome: string, message: string | undefined): string | undefined {
  if (outcome === 'hang' || outcome === 'crash' || outcome === 'memory') return message;
  if (outcome === 'non-typed') return `non-typed error: ${message}`;
  if (outcome === 'internal') return `code internal: ${message}`;
  if (outcome !== 'ok' && !CODES.has(outcome)) return `unknown code ${outcome}: ${message}`;
  if (outcome !== 'ok' && message && /native exception|\n\s+at .+:\d+:\d+/.test(message)) return `${outcome} with an unhelpful message: ${message.slice(0, 160)}`;
  if (outcome === 'ok' && c.mustFail) return `read without error, though ${c.mustFail}`;
  if (outcome !== 'ok' && c.mustCode && !c.mustCode.includes(outcome)) return `${outcome}, expected ${c.mustCode.join(' or ')}: ${message?.slice(0, 160)}`;
  return undefined;
}

/** The rule a finding broke, for the per-rule counts. */
function ruleOf(broke: string): string {
  if (broke.startsWith('read without error')) return 'bad-value-accepted';
  if (broke.includes('expected io.outside-folder')) return 'outside-folder-code';
  if (broke.includes('expected io.too-large')) return 'huge-grid-not-refused';
  if (broke.includes('unhelpful message')) return 'unhelpful-message';
  if (broke.startsWith('non-typed')) return 'non-typed';
  if (broke.startsWith('code internal')) return 'internal';
  if (broke.includes('not one JSON document')) return 'not-one-json';
  if (broke.startsWith('hang') || broke.startsWith('no exit')) return 'hang';
  if (broke.startsWith('memory') || broke.startsWith('peak RSS')) return 'memory';
  if (broke.startsWith('crash') || broke.startsWith('killed by')) return 'crash';
  return 'other';
}

export async function readersClass(opts: ProbeOptions): Promise<ClassResult> {
  const t = new Tally('1 mutated files');
  // The size cap as a site would configure it for chest CT (512 MiB: 512×512×1024 int16, far
  // above every seed): the 1 GiB bombs are then refused by their declared size, before any
  // inflating, which is the rule under test. Children (readers, CLI) inherit it.
  process.env['LUNGDESK_MAX_VOLUME_MB'] ??= String(PROBE_VOLUME_CAP_MB);
  t.figures.volumeCapMb = process.env['LUNGDESK_MAX_VOLUME_MB'];
  const work = path.join(opts.tmpRoot, 'readers');
  const casesDir = path.join(work, 'cases');
  fs.mkdirSync(casesDir, { recursive: true });
  const seeds = await loadSeeds(work);
  t.figures.seeds = seeds.length;
  const outsideAbs = path.join(casesDir, 'outside.raw');
  const phantomRaw = seeds.find((s) => s.sidecars['p.raw'])?.sidecars['p.raw'];
  fs.writeFileSync(outsideAbs, phantomRaw ?? Buffer.alloc(48 * 40 * 24 * 2));

  const inProcessCount = opts.quick ? 500 : 1000;
  const cliCount = opts.quick ? 24 : 100;
  const rnd = prng(opts.seed);
  const cases: CaseOnDisk[] = [];
  for (let i = 0; i < inProcessCount; i++) cases.push(writeCase(casesDir, i, mutate(seeds[i % seeds.length]!, rnd, outsideAbs)));
  const bombs = await bombCases(path.join(work, 'bombs'), inProcessCount);
  opts.log(`readers: ${cases.length} mutated cases from ${seeds.length} seeds, ${bombs.length} zlib bombs written`);

  const outcomes = new Map<string, number>();
  const ms: number[] = [];
  /** `verdict`: what broke, null for nothing, undefined to judge the case by its own rules. */
  const record = (where: string, c: CaseOnDisk, outcome: string, message: string | undefined, verdict?: string | null) => {
    t.inputs++;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    const broke = verdict === undefined ? judge(c, outcome, message) : verdict;
    if (broke) {
      t.fail(`[${where}] #${c.id} ${c.label}: ${broke}`);
      t.count(ruleOf(broke));
    }
  };

  const msByKind = new Map<string, number>();
  await runInProcess(cases, work, 20_000, 3000, (c, l) => {
    ms.push(l.ms);
    msByKind.set(c.kind, (msByKind.get(c.kind) ?? 0) + l.ms);
    record('in-process', c, l.outcome, l.message);
  });
  opts.log(`readers: ${cases.length} in-process cases read (p95 ${percentile(ms, 95).toFixed(0)} ms)`);
  let bombPeak = 0;
  // The quick run sends the bombs through the CLI only (each costs seconds of inflating).
  if (!opts.quick) {
    await runInProcess(bombs, work, 60_000, KILL_RSS_MB, (c, l) => {
      bombPeak = Math.max(bombPeak, l.outcome === 'memory' ? KILL_RSS_MB : l.maxRssMb);
      record('in-process', c, l.outcome, l.message, judge(c, l.outcome, l.message) ?? (l.maxRssMb > BOMB_RSS_BUDGET_MB ? `peak RSS ${l.maxRssMb} MB over ${BOMB_RSS_BUDGET_MB} MB` : null));
    }, true);
    opts.log(`readers: ${bombs.length} bombs read in-process, peak RSS ${bombPeak} MB`);
  }
  // The CLI on a sample of the volume cases (every bomb included), two at a time.
  const volumeKinds = new Set(['dicom', 'metaimage', 'nifti', 'nrrd']);
  const sample = [...bombs, ...cases.filter((c) => volumeKinds.has(c.kind)).filter((_, i) => i % 3 === 0).slice(0, cliCount)];
  const commands = ['info', 'histogram', 'convert'] as const;
  let cliPeak = 0;
  let cliJsonBad = 0;
  const cliMs: number[] = [];
  let k = 0;
  const worker = async () => {
    while (k < sample.length) {
      const c = sample[k]!;
      const cmd = commands[k++ % commands.length]!;
      const args = cmd === 'convert' ? ['convert', c.file, path.join(c.dir, 'out.nii.gz'), '--json'] : [cmd, c.file, '--json'];
      const r = await runCli(args, c.bomb ? 90_000 : 30_000);
      cliMs.push(r.ms);
      cliPeak = Math.max(cliPeak, r.maxRssMb);
      const where = `cli ${cmd}`;
      if (r.timedOut) {
        record(where, c, 'hang', `no exit within ${c.bomb ? 90 : 30} s`);
        continue;
      }
      if (r.signal && r.maxRssMb >= KILL_RSS_MB) {
        record(where, c, 'memory', `memory: RSS ${r.maxRssMb} MB, stopped at ${KILL_RSS_MB} MB`);
        continue;
      }
      if (r.signal) {
        record(where, c, 'crash', `killed by ${r.signal}: ${r.stderr.slice(-300)}`);
        continue;
      }
      let doc: { error?: { code?: string; message?: string } } | undefined;
      try {
        doc = JSON.parse(r.stdout) as typeof doc;
      } catch {
        cliJsonBad++;
        record(where, c, 'bad-json', undefined, `exit ${r.status}, stdout is not one JSON document: ${JSON.stringify(r.stdout.slice(0, 200))}`);
        continue;
      }
      const outcome = r.status === 0 ? 'ok' : (doc?.error?.code ?? `exit-${r.status}-without-error`);
      const extra = r.status !== 0 && r.status !== 1 ? `exit status ${r.status}` : c.bomb && r.maxRssMb > BOMB_RSS_BUDGET_MB ? `peak RSS ${r.maxRssMb} MB over ${BOMB_RSS_BUDGET_MB} MB` : undefined;
      // `info` reads headers only: a huge declared grid is news to report, not memory taken.
      const rules = cmd === 'info' && c.bomb ? { ...c, mustFail: undefined, mustCode: undefined } : c;
      record(where, c, outcome, doc?.error?.message, extra ?? judge(rules, outcome, doc?.error?.message) ?? null);
    }
  };
  await Promise.all([worker(), worker()]);

  t.figures.inProcess = cases.length + (opts.quick ? 0 : bombs.length);
  t.figures.cli = sample.length;
  t.figures.outcomes = [...outcomes.entries()].sort((a, b) => b[1] - a[1]).map(([k2, v]) => `${k2}:${v}`).join(',');
  t.figures.readP95ms = percentile(ms, 95).toFixed(0);
  t.figures.inProcessSecondsByKind = [...msByKind.entries()].sort((a, b) => b[1] - a[1]).map(([kd, v]) => `${kd}:${(v / 1000).toFixed(1)}`).join(',');
  t.figures.cliP50ms = percentile(cliMs, 50).toFixed(0);
  t.figures.bombPeakRssMb = `${Math.max(bombPeak, cliPeak)}(budget ${BOMB_RSS_BUDGET_MB})`;
  t.figures.cliNotOneJson = cliJsonBad;
  t.figures.byRule = [...t.counts.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}:${n}`).join(',');
  return t.result();
}
