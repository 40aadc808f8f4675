import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { CHROMIUM, LAUNCH_ARGS, launchBrowser, withTimeout } from './browser';
import { viewerPss } from './memory';
import { atLeast, atMost, fps, mb, ms, table, times, type Row } from './report';
import { pydicomMissing, readMedian, timePydicomRead, timeSeriesRead, type ReadTimes } from './series-read';
import { runSeries, type OpenSample, type SeriesRun } from './series-run';
import { BIG_DIMS, ROOT, checkBuilt, newerThanBuild, prepareScans, startBenchHost, stopHost, type BenchScan } from './setup';
import { median } from './stats';
import { benchMaskEditing } from './mask-edit-report';
import { benchThreeD } from './three-d-run';

/**
 * `npm run bench:viewer` (issue 11, part 7): opens the 512×512×300 phantom and the real
 * LIDC-IDRI-0001 series in the browser host under Debian Chromium with software WebGL, and
 * prints click → first pixels / complete volume, scrolling frame rates and the memory one
 * open scan costs, each beside the time `lungdesk` takes to read the same series into an HU
 * volume in the same run (the app's worker job in a separate Node process), as a ratio with
 * its goal. A benchmark: it exits non-zero only when something breaks, never for a missed goal.
 */

const GOALS = { completeTimesRead: 2.5, firstPixelsTimesRead: 0.3, p10Fps: 30, memoryTimesVolume: 3 };
const WHOLE_RUN_TIMEOUT_MS = 40 * 60_000;
const OUT_FILE = path.join(ROOT, 'test-results', 'bench-viewer.json');

interface Options {
  runs: number;
  slices: number;
  readRuns: number;
  /** --only viewer | mask | 3d: one part of the bench. */
  only: 'viewer' | 'mask' | '3d' | null;
}

function parseOptions(argv: string[]): Options {
  const opts: Options = { runs: 3, slices: 200, readRuns: 3, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--runs') opts.runs = value();
    else if (a === '--slices') opts.slices = value();
    else if (a === '--read-runs') opts.readRuns = value();
    else if (a === '--only' && (argv[i + 1] === 'viewer' || argv[i + 1] === 'mask' || argv[i + 1] === '3d')) opts.only = argv[++i] as 'viewer' | 'mask' | '3d';
    else throw new Error(`unknown option ${a} (usage: bench:viewer [--runs N] [--slices N] [--read-runs N] [--only viewer|mask|3d])`);
  }
  if (opts.slices >= BIG_DIMS[2]) throw new Error(`--slices must be below the phantom's ${BIG_DIMS[2]} slices`);
  return opts;
}

interface Target {
  label: string;
  scan: BenchScan;
  dir: string;
  dims: [number, number, number];
}

interface TargetResult {
  target: Target;
  read: ReadTimes;
  pydicom: ReadTimes | string;
  viewer: SeriesRun;
}

const finite = (vs: (number | null | undefined)[]): number[] => vs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
const med = (vs: (number | null | undefined)[]): number | null => (finite(vs).length ? median(finite(vs)) : null);
const loadText = (vs: number[]): string => (vs.length ? median(vs).toFixed(1) : '');
const volumeBytes = (t: Target): number => t.dims[0] * t.dims[1] * t.dims[2] * 2;

function openRows(label: string, opens: OpenSample[], base: number | null): Row[] {
  const n = opens.length > 1 ? ` (median of ${opens.length})` : '';
  const first = med(opens.map((t) => t.firstPixelsMs));
  const complete = med(opens.map((t) => t.completeMs));
  const drawnAll = opens.map((t) => t.drawnMs);
  const drawn = drawnAll.every((d): d is number => d !== null) ? med(drawnAll) : null;
  const load = loadText(opens.map((t) => t.load1));
  const goal = (x: number): string => (base === null ? `≤ ${x}× read` : `≤ ${x}× read (${ms(x * base)})`);
  const ratioMet = (v: number | null, x: number): boolean | null => (v === null || base === null ? null : atMost(v / base, x));
  return [
    { metric: `${label}: click → first pixels${n}`, value: ms(first), ratio: times(first, base), goal: goal(GOALS.firstPixelsTimesRead), met: ratioMet(first, GOALS.firstPixelsTimesRead), load },
    { metric: `${label}: click → complete volume${n}`, value: ms(complete), ratio: times(complete, base), goal: goal(GOALS.completeTimesRead), met: ratioMet(complete, GOALS.completeTimesRead), load },
    { metric: `${label}: click → complete volume drawn by the GPU${n}`, value: ms(drawn), ratio: times(drawn, base), goal: goal(GOALS.completeTimesRead), met: ratioMet(drawn, GOALS.completeTimesRead), load },
  ];
}

function targetRows(r: TargetResult): Row[] {
  const { target, read, pydicom, viewer } = r;
  const base = read.times.length ? readMedian(read) : null;
  const rows: Row[] = [
    { metric: `series read by lungdesk (the baseline, median of ${read.times.length})`, value: ms(base), ratio: base === null ? null : '1×', goal: '', met: null, load: loadText(read.load) },
  ];
  if (typeof pydicom === 'string') rows.push({ metric: `series read by pydicom + numpy: not timed (${pydicom})`, value: null, goal: '', met: null });
  else rows.push({ metric: `series read by pydicom + numpy (reference, median of ${pydicom.times.length})`, value: ms(readMedian(pydicom)), ratio: times(readMedian(pydicom), base), goal: '', met: null, load: loadText(pydicom.load) });
  if (viewer.gpuFloorMs.length) {
    const floor = median(viewer.gpuFloorMs);
    rows.push({ metric: `floor: the GPU alone uploads a fresh ${viewer.volumeTexture.startsWith('R16F') ? 'half-float' : 'float32'} texture this size (median of ${viewer.gpuFloorMs.length})`, value: ms(floor), ratio: times(floor, base), goal: '', met: null });
  }
  if (viewer.first) rows.push(...openRows('first open (fresh page)', [viewer.first], base));
  if (viewer.reopens.length) rows.push(...openRows('re-open', viewer.reopens, base));
  if (viewer.scrolls.length) {
    const s = viewer.scrolls;
    const p10 = median(s.map((x) => x.p10Fps));
    const medFps = median(s.map((x) => x.medianFps));
    const rate = median(s.map((x) => 1000 / x.msPerSlice));
    const load = loadText(s.map((x) => x.load1));
    const n = `${s[0]!.slices} slices ×${s.length}`;
    rows.push(
      { metric: `scrolling ${n}: slowest 10 % of frames (p10)`, value: fps(p10), goal: `≥ ${GOALS.p10Fps} fps`, met: atLeast(p10, GOALS.p10Fps), load },
      { metric: `scrolling ${n}: median frame`, value: fps(medFps), goal: '', met: null, load },
      { metric: `scrolling ${n}: slices / total time`, value: fps(rate) && `${fps(rate)} (${(1000 / rate).toFixed(1)} ms/slice)`, goal: '', met: null, load },
    );
  }
  if (viewer.memory) {
    const { before, after } = viewer.memory;
    const vb = volumeBytes(target);
    const renderer = (after.byType.renderer?.pssBytes ?? 0) - (before.byType.renderer?.pssBytes ?? 0);
    const withGpu = viewerPss(after) - viewerPss(before);
    rows.push(
      { metric: 'memory: renderer processes PSS, open − before', value: `${mb(renderer)} (${(renderer / vb).toFixed(2)}× volume)`, goal: `≤ ${GOALS.memoryTimesVolume}× ${mb(vb)}`, met: atMost(renderer / vb, GOALS.memoryTimesVolume) },
      { metric: 'memory: renderers + GPU process PSS, open − before', value: `${mb(withGpu)} (${(withGpu / vb).toFixed(2)}× volume)`, goal: '', met: null },
    );
  }
  return rows;
}

/** Where the re-opens' time went: median stage marks and CPU by process. */
function whereTimeGoes(opens: OpenSample[]): string[] {
  if (!opens.length) return [];
  const stages = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (const o of opens) {
    for (const [k, v] of Object.entries(o.stages ?? {})) stages.set(k, [...(stages.get(k) ?? []), v]);
    for (const [k, v] of Object.entries(o.cpu)) cpu.set(k, [...(cpu.get(k) ?? []), v]);
  }
  const fmt = (m: Map<string, number[]>, order: (a: [string, number], b: [string, number]) => number): string =>
    [...m.entries()]
      .map(([k, v]): [string, number] => [k, median(v)])
      .filter(([, v]) => v >= 5)
      .sort(order)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
  return [
    `  re-open stages (median ms after the click): ${fmt(stages, (a, b) => a[1] - b[1])}`,
    `  re-open CPU by process (median ms from the click until the panes settled): ${fmt(cpu, (a, b) => b[1] - a[1])}`,
  ];
}

function targetsOf(host: { big: BenchScan; lidc: BenchScan | null }, dirs: { bigDir: string; lidcDir: string | null }): Target[] {
  const dimsOf = (s: BenchScan): [number, number, number] => s.dims.split('x').map(Number) as [number, number, number];
  const out: Target[] = [{ label: `phantom ${BIG_DIMS.join('×')}`, scan: host.big, dir: dirs.bigDir, dims: [...BIG_DIMS] }];
  if (host.lidc && dirs.lidcDir) out.push({ label: `LIDC-IDRI-0001 ${dimsOf(host.lidc).join('×')}`, scan: host.lidc, dir: dirs.lidcDir, dims: dimsOf(host.lidc) });
  return out;
}

/** Runs the bench; returns the failures (empty when everything worked). */
async function run(opts: Options, state: { browser: Browser | null; host: ChildProcess | null; workDir: string }): Promise<string[]> {
  const log = (s: string): void => console.log(s);
  const failures: string[] = [];
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1));
  const stale = newerThanBuild();
  if (stale.length) log(`note: sources changed after the last build (e.g. ${stale.join(', ')}): the bench measures dist/, run \`npm run build\` to include them`);

  const series = await prepareScans(state.workDir, log);
  log('starting the browser host (it indexes the bench dataset first) …');
  const host = await startBenchHost(path.join(state.workDir, 'data'), series.datasetDir, (c) => (state.host = c));
  log(`host ${host.origin}; phantom #${host.big.id}, LIDC ${host.lidc ? `#${host.lidc.id}` : 'missing'}, small scans #${host.smalls.map((s) => s.id).join(', #')}`);

  state.browser = await launchBrowser();
  const browserCdp = await state.browser.newBrowserCDPSession();
  const pageErrors: string[] = [];
  const noPy = await pydicomMissing();
  const results: TargetResult[] = [];
  let webgl = '';
  for (const target of opts.only === 'mask' || opts.only === '3d' ? [] : targetsOf(host, series)) {
    log(`${target.label}: reading the series with lungdesk's load job (baseline) …`);
    const read = await timeSeriesRead(target.dir, opts.readRuns);
    const pydicom = noPy ?? (await timePydicomRead(target.dir, opts.readRuns));
    const slices = Math.min(opts.slices, target.dims[2] - 1);
    const viewer = await runSeries(target.scan, { runs: opts.runs, slices, label: target.label, dims: target.dims }, {
      browser: state.browser,
      browserCdp,
      launch: host.newUrl,
      hostPid: host.child.pid,
      others: host.smalls,
      log,
      pageErrors,
      // One more read right before each re-open, so baseline and figures share the load.
      beforeReopen: async () => {
        await timeSeriesRead(target.dir, 1, read);
      },
    });
    // Read again after the viewer: the baseline brackets the figures it divides.
    await timeSeriesRead(target.dir, opts.readRuns, read);
    log(`  series read: ${read.times.map((t) => t.toFixed(0)).join(', ')} ms`);
    failures.push(...viewer.failures);
    results.push({ target, read, pydicom, viewer });
    webgl ||= viewer.webglRenderer;
  }
  if (pageErrors.length) failures.push(`the page threw:\n${pageErrors.join('\n')}`);

  log('');
  log(`Chromium ${state.browser.version()} (${CHROMIUM}), WebGL renderer: ${webgl}; ${os.cpus().length} cores`);
  for (const r of results) {
    log('');
    log(`${r.target.label} (scan #${r.target.scan.id}, ${mb(volumeBytes(r.target))} of int16):`);
    log(table(targetRows(r)));
    for (const l of whereTimeGoes(r.viewer.reopens)) log(l);
  }
  log('');
  log("× read: the figure over the median time lungdesk's own load job (the worker's code path: the series' files → int16 HU volume) takes on the same series, in a separate Node process after an untimed warm-up, timed before the viewer, right before each re-open and after the viewer in this run (page cache warm).");
  log("first pixels / complete volume: the app's lungdesk:first-pixels / lungdesk:volume-complete marks after a capture-phase click mark: the page has painted its first picture / every slice is on the GPU and the page has painted the whole volume in all three views (coronal and sagittal cut on the CPU onto their canvases, the axial preview standing; with a MIP slab or an oblique view: the views' draws issued instead). drawn by the GPU: lungdesk:volume-drawn, a WebGL fence after the views' own draws has passed (issued the frame after those pictures, drawing the same planes over them; on a software GPU ~150 ms after the page's mark). Neither is the screen: the window shows a frame once the GPU process has composited it (on SwiftShader the first picture showed ~85–115 ms after the click in traces of LIDC re-opens, against a mark of ~29 ms).");
  log('load: the 1-min load average while the figure was measured; other work on the machine slows every figure, the ratios less than the times.');
  log("floor: page-probes.js allocates a 3D texture of the series' size and of the viewer's format (half floats where it got them, else float32) in a WebGL2 context of the same page and uploads every slice, 8 at a time, as the viewer does; nothing crosses the wire. The complete volume cannot come sooner than this on this GPU.");
  log('memory: proportional set size (/proc/<pid>/smaps_rollup Pss) after a forced GC, a fresh page with the scan open minus before it; SwiftShader keeps the "GPU" texture in the GPU process (half floats: the int16 bytes again; float32: twice them).');
  const load = os.loadavg().map((l) => l.toFixed(1));
  log(`load average now ${load.join(' ')} (at the start: ${loadAtStart.join(' ')}) on ${os.cpus().length} cores`);
  if (opts.only === null || opts.only === '3d') {
    const scans = targetsOf(host, series).map((t) => ({ scan: t.scan, label: t.label }));
    failures.push(...(await benchThreeD(scans, { browser: state.browser, browserCdp, launch: host.newUrl, log, pageErrors })));
  }
  if (opts.only === null || opts.only === 'mask') failures.push(...(await benchMaskEditing(host.big, `phantom ${BIG_DIMS.join('×')}`, BIG_DIMS[0] * BIG_DIMS[1] * BIG_DIMS[2] * 2, { browser: state.browser, browserCdp, launch: host.newUrl, log, pageErrors, runs: opts.runs })));
  if (!host.lidc) log('the LIDC-IDRI-0001 series was not found (../shared/data/LIDC-IDRI-0001): only the phantom was measured');

  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  const json = {
    at: new Date().toISOString(),
    chromium: { executable: CHROMIUM, version: state.browser.version(), args: LAUNCH_ARGS, webglRenderer: webgl },
    goals: GOALS,
    options: opts,
    loadAverage: { start: loadAtStart, end: os.loadavg(), cores: os.cpus().length },
    series: results.map((r) => ({
      label: r.target.label,
      dims: r.target.dims,
      volumeBytes: volumeBytes(r.target),
      scanId: r.target.scan.id,
      readMs: r.read,
      pydicomMs: r.pydicom,
      viewer: r.viewer,
      table: targetRows(r),
    })),
    failures,
  };
  writeFileSync(OUT_FILE, JSON.stringify(json, null, 2));
  log(`raw figures: ${path.relative(ROOT, OUT_FILE)}`);
  return failures;
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`bench:viewer: ${(e as Error).message}`);
    return 2;
  }
  const missing = checkBuilt();
  if (missing.length) {
    console.error(`bench:viewer: the app is not built (missing ${missing.join(', ')}): run \`npm run build\` first.`);
    return 1;
  }
  const state = { browser: null as Browser | null, host: null as ChildProcess | null, workDir: mkdtempSync(path.join(os.tmpdir(), 'lungdesk-bench-viewer-')) };
  let cleaned: Promise<void> | null = null;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      await withTimeout(state.browser?.close() ?? Promise.resolve(), 20_000, 'closing Chromium').catch((e: unknown) => console.error(String(e)));
      if (state.host) await stopHost(state.host).catch((e: unknown) => console.error(String(e)));
      rmSync(state.workDir, { recursive: true, force: true });
    })());
  const onSignal = (sig: NodeJS.Signals): void => {
    console.error(`bench:viewer: ${sig}, cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const failures = await withTimeout(run(opts, state), WHOLE_RUN_TIMEOUT_MS, 'the whole bench');
    for (const f of failures) console.error(`bench:viewer: ${f}`);
    return failures.length ? 1 : 0;
  } catch (e) {
    console.error(`bench:viewer failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await cleanup();
  }
}

void main().then((code) => process.exit(code));
