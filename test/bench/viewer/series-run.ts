import os from 'node:os';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { openApp, openScan, probe, withTimeout, type OpenTimes } from './browser';
import { memorySnapshot, type MemorySnapshot } from './memory';
import { cpuSample, cpuSpent, type CpuSample } from './process-cpu';
import type { BenchScan } from './setup';
import { frameRate, intervals, type FrameRate } from './stats';

/**
 * One series through the viewer on a fresh page: memory around the first open, the first
 * open (page and backend cold: shaders compile, the software GPU allocates for the first
 * time), `runs` re-opens (another scan in between), then `runs` scrolls through `slices`
 * axial slices.
 */

export const OPEN_TIMEOUT_MS = 180_000;

export interface OpenSample extends OpenTimes {
  /** 1-min load average at the click. */
  load1: number;
  /** CPU ms by process kind from the click until the panes settled. */
  cpu: CpuSample;
}

export interface ScrollRun extends FrameRate {
  key: string;
  slices: number;
  /** From the first key press to the last slice's render, divided by the slices. */
  msPerSlice: number;
  rafIntervalsMs: number[];
  load1: number;
}

export interface SeriesRun {
  webglRenderer: string;
  /** The volume's GPU texture, as the first open allocated it ('R16F 512×512×300'). */
  volumeTexture: string;
  /** page-probes.js gpuUploadFloorMs on this series' dims and texture format, once per run. */
  gpuFloorMs: number[];
  first: OpenSample | null;
  reopens: OpenSample[];
  scrolls: ScrollRun[];
  memory: { before: MemorySnapshot; after: MemorySnapshot } | null;
  failures: string[];
}

interface ScrollResult {
  startIndex: number | null;
  endIndex: number | null;
  raf: number[];
  sentAt: number[];
  renderedAt: number[];
}

export interface SeriesRunContext {
  browser: Browser;
  browserCdp: CDPSession;
  /** A fresh one-time launch link to the host. */
  launch: () => Promise<string>;
  hostPid: number | undefined;
  /** Opened between re-opens (the viewer does nothing when the shown scan is clicked again). */
  others: readonly BenchScan[];
  log: (s: string) => void;
  /** The page's uncaught errors. */
  pageErrors: string[];
  /**
   * Run before each re-open (the baseline read): the machine's load drifts, and a baseline
   * taken between the opens it divides sees the same load they do.
   */
  beforeReopen?: () => Promise<void>;
}

async function measuredOpen(page: Page, scan: BenchScan, ctx: SeriesRunContext): Promise<OpenSample> {
  const load1 = os.loadavg()[0]!;
  const before = await cpuSample(ctx.browserCdp, ctx.hostPid);
  const t = await openScan(page, scan, OPEN_TIMEOUT_MS);
  const after = await cpuSample(ctx.browserCdp, ctx.hostPid);
  return { ...t, load1, cpu: cpuSpent(before, after) };
}

async function scrollRuns(page: Page, slices: number, runs: number): Promise<ScrollRun[]> {
  const box = await page.getByTestId('viewport-axial').boundingBox();
  if (!box) throw new Error('the axial viewport is not on screen');
  // The keys act on the pane under the mouse.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await withTimeout(probe(page, 'toEnd', 'PageUp', 60), 120_000, 'PageUp to the end of the volume');
  await withTimeout(probe(page, 'waitSettled', 30_000), 40_000, 'the viewports to settle');
  const out: ScrollRun[] = [];
  for (let i = 0; i < runs; i++) {
    const key = i % 2 === 0 ? 'ArrowDown' : 'ArrowUp';
    const load1 = os.loadavg()[0]!;
    const r = await withTimeout(probe<ScrollResult>(page, 'scroll', slices, key, 120_000), 130_000, `scrolling ${slices} slices`);
    const moved = r.startIndex === null || r.endIndex === null ? null : Math.abs(r.endIndex - r.startIndex);
    if (moved !== slices) throw new Error(`${key} ×${slices} moved the axial slice from ${r.startIndex} to ${r.endIndex}, not by ${slices}`);
    out.push({
      key,
      slices,
      ...frameRate(r.raf),
      msPerSlice: (r.renderedAt[r.renderedAt.length - 1]! - r.sentAt[0]!) / slices,
      rafIntervalsMs: intervals(r.raf).map((v) => Math.round(v * 100) / 100),
      load1,
    });
    await withTimeout(probe(page, 'waitSettled', 30_000), 40_000, 'the viewports to settle');
  }
  return out;
}

const failure = (phase: string, e: unknown): string => `${phase}: ${e instanceof Error ? e.message : String(e)}`;

const stageText = (t: OpenTimes): string =>
  Object.entries(t.stages ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** Runs one series; a failing phase is recorded and the next phases still run where they can. */
export async function runSeries(scan: BenchScan, opts: { runs: number; slices: number; label: string; dims: [number, number, number] }, ctx: SeriesRunContext): Promise<SeriesRun> {
  const result: SeriesRun = { webglRenderer: '', volumeTexture: '', gpuFloorMs: [], first: null, reopens: [], scrolls: [], memory: null, failures: [] };
  const page = await openApp(ctx.browser, ctx.launch, ctx.pageErrors);
  try {
    result.webglRenderer = await probe<string>(page, 'webglRenderer');
    const pageCdp = await page.context().newCDPSession(page);
    await page.waitForTimeout(1000);
    const before = await memorySnapshot(ctx.browserCdp, pageCdp);
    ctx.log(`${opts.label}: first open (fresh page) …`);
    try {
      result.first = await measuredOpen(page, scan, ctx);
    } catch (e) {
      result.failures.push(failure(`${opts.label}: first open`, e));
      return result;
    }
    const dimsText = opts.dims.join('×');
    result.volumeTexture = (await probe<string[]>(page, 'textures3d')).filter((t) => t.endsWith(` ${dimsText}`)).pop() ?? `none of ${dimsText}`;
    ctx.log(`  volume texture: ${result.volumeTexture}`);
    ctx.log(`  first open: ${result.first.firstPixelsMs?.toFixed(0)} / ${result.first.completeMs.toFixed(0)} / ${result.first.drawnMs?.toFixed(0)} ms (first pixels / complete / drawn by the GPU); stages: ${stageText(result.first)}`);
    await page.waitForTimeout(1000);
    result.memory = { before, after: await memorySnapshot(ctx.browserCdp, pageCdp) };
    try {
      for (let i = 0; i < opts.runs; i++) {
        await openScan(page, ctx.others[i % ctx.others.length]!, OPEN_TIMEOUT_MS);
        await ctx.beforeReopen?.();
        const t = await measuredOpen(page, scan, ctx);
        result.reopens.push(t);
        ctx.log(`  re-open ${i + 1}/${opts.runs}: ${t.firstPixelsMs?.toFixed(0)} / ${t.completeMs.toFixed(0)} / ${t.drawnMs?.toFixed(0)} ms; stages: ${stageText(t)}`);
      }
    } catch (e) {
      result.failures.push(failure(`${opts.label}: re-opening`, e));
    }
    try {
      // After a failed re-open the scan may not be the one shown.
      if (result.reopens.length < opts.runs) await openScan(page, scan, OPEN_TIMEOUT_MS);
      ctx.log(`  scrolling ${opts.slices} slices ×${opts.runs} …`);
      result.scrolls = await scrollRuns(page, opts.slices, opts.runs);
    } catch (e) {
      result.failures.push(failure(`${opts.label}: scrolling`, e));
    }
    // The floor in the texture format the viewer got (float32 where it found no other).
    const floorFormat = result.volumeTexture.startsWith('R16F') ? 'R16F' : 'R32F';
    try {
      for (let i = 0; i < opts.runs; i++) {
        const ms = await withTimeout(probe<number | null>(page, 'gpuUploadFloorMs', opts.dims, floorFormat), 120_000, 'the GPU upload floor');
        if (ms !== null) result.gpuFloorMs.push(ms);
      }
    } catch (e) {
      result.failures.push(failure(`${opts.label}: GPU upload floor`, e));
    }
    return result;
  } finally {
    await page.close().catch(() => {});
  }
}
