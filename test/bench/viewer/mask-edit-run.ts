import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { openApp, openScan, probe, withTimeout } from './browser';
import { memorySnapshot, viewerPss, type MemorySnapshot } from './memory';
import { OPEN_TIMEOUT_MS } from './series-run';
import type { BenchScan } from './setup';

/**
 * The mask editor on the 512×512×300 phantom (issue 12, performance): on a fresh page, the
 * scan open and a new empty mask in the editor, it times with mask-probes.js, from the input
 * event's own timestamp to the frame after the axial pane rendered (or the editor bar
 * changed): brush stroke steps, the same steps of a window / level drag with no editing (the
 * baseline), tool switches by key, undo / redo of a ~1,000-voxel stroke, fill between slices
 * across 20 slices, saving a version (beside a no-op contract round trip), the undo history of
 * 200 strokes and the renderer's memory with the labelmap.
 */

const PROBES = readFileSync(path.join(__dirname, 'mask-probes.js'), 'utf8');
/** The phantom's in-plane spacing (setup.ts writes it 0.7 × 0.7 × 1.0 mm). */
const PIXEL_MM = 0.7;
const STROKE_MM = 6;
const HISTORY_STROKES = 200;

export interface MaskEditRun {
  /** Window / level drag, one step → pixels (ms): the viewer's frame with no editing. */
  baselineMs: number[];
  strokeMs: number[];
  /** Steps that drew nothing within 3 s. */
  strokeMisses: number;
  toolSwitchMs: number[];
  undo: { voxels: number; undoMs: number[]; redoMs: number[] } | null;
  interpolate: { slices: number; voxels: number[]; ms: number[] } | null;
  save: { ms: number[]; roundTripMs: number[]; bytesOnDisk: number[]; changedVoxels: number[] } | null;
  history: { strokes: number; voxelsPerStroke: number; appBytes: number; heapBytes: number } | null;
  memory: { before: MemorySnapshot; scan: MemorySnapshot; editor: MemorySnapshot } | null;
  load1: number[];
  failures: string[];
}

export interface MaskEditContext {
  browser: Browser;
  browserCdp: CDPSession;
  /** A fresh one-time launch link to the host. */
  launch: () => Promise<string>;
  log: (s: string) => void;
  pageErrors: string[];
  runs: number;
}

const mb = (page: Page): ((m: string, ...a: unknown[]) => Promise<unknown>) => (m, ...a) => page.evaluate(`window.__lungdeskMaskBench.${m}(${a.map((x) => JSON.stringify(x)).join(', ')})`);

interface Pane {
  cx: number;
  cy: number;
}

async function axialCentre(page: Page): Promise<Pane> {
  const box = await page.getByTestId('viewport-axial').boundingBox();
  if (!box) throw new Error('the axial viewport is not on screen');
  return { cx: box.x + box.width / 2, cy: box.y + box.height / 2 };
}

/** Traced drag: one sample per move, each move sent once the previous one is on screen. */
async function tracedDrag(page: Page, from: [number, number], dx: number, steps: number, button: 'left' | 'right'): Promise<{ ms: number[]; misses: number }> {
  const call = mb(page);
  await page.mouse.move(from[0], from[1]);
  await page.mouse.down({ button });
  // The press draws too: let that frame pass before the first traced move.
  await page.waitForTimeout(250);
  await call('start', { input: 'mousemove' });
  let misses = 0;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from[0] + (dx * i) / steps, from[1]);
    if ((await call('waitSamples', i - misses, 3000)) === null) misses++;
  }
  const ms = (await call('stop')) as number[];
  await page.mouse.up({ button });
  await page.waitForTimeout(200);
  return { ms, misses };
}

/** Traced key presses: one sample per press, the next sent once the previous one is shown. */
/**
 * Presses keys one by one, each once the previous one showed. `fromIdle`: each press waits
 * until the viewports have settled and 200 ms more, as a reader's next key comes after the
 * last one was drawn; otherwise a press can land behind the previous step's labelmap render
 * (three software-WebGL panes, ~100 ms) and time that render instead of its own step.
 */
async function tracedKeys(page: Page, keys: string[], trace: { key?: string; attr?: string; thenRender?: boolean }, timeoutMs = 5000, fromIdle = false): Promise<number[]> {
  const call = mb(page);
  await call('start', { input: 'keydown', ...trace });
  let misses = 0;
  for (let i = 0; i < keys.length; i++) {
    if (fromIdle) {
      await withTimeout(probe(page, 'waitSettled', 10_000), 15_000, 'the viewports to settle between presses');
      await page.waitForTimeout(200);
    }
    await page.keyboard.press(keys[i]!);
    if ((await call('waitSamples', i + 1 - misses, timeoutMs)) === null) misses++;
  }
  const ms = (await call('stop')) as number[];
  if (misses) throw new Error(`${misses} of ${keys.length} presses (${keys.join(' ')}) showed nothing within ${timeoutMs} ms`);
  return ms;
}

const bar = (page: Page) => page.getByTestId('mask-editor-bar');
const barNumber = async (page: Page, attr: string): Promise<number> => Number(await mb(page)('barNumber', attr));

async function useTool(page: Page, id: string): Promise<void> {
  if ((await bar(page).getAttribute('data-tool')) !== id) await bar(page).getByTestId(`tool-${id}`).click();
  if ((await bar(page).getAttribute('data-tool')) !== id) throw new Error(`the ${id} tool did not become active`);
}

async function brushSize(page: Page, mm: number): Promise<void> {
  await bar(page).getByTestId('brush-size').fill(String(mm));
  await mb(page)('blur');
}

/** Canvas px per voxel from the brush ring (its diameter is the brush's mm over the pane's mm per px). */
async function pxPerVoxel(page: Page, at: Pane): Promise<number> {
  await page.mouse.move(at.cx - 3, at.cy);
  await page.mouse.move(at.cx, at.cy);
  const ring = (await mb(page)('ringPx')) as number | null;
  if (!ring) throw new Error('the brush ring is not shown over the axial pane');
  return ring / (STROKE_MM / PIXEL_MM);
}

/** A stroke of about 1,000 voxels with the 6 mm brush: length L with 2r·L + πr² = 1000. */
function strokePx(pxPerVox: number): number {
  const r = STROKE_MM / PIXEL_MM / 2;
  return ((1000 - Math.PI * r * r) / (2 * r)) * pxPerVox;
}

async function plainStroke(page: Page, from: [number, number], dx: number, steps = 4): Promise<void> {
  await page.mouse.move(from[0], from[1]);
  await page.mouse.down();
  await page.mouse.move(from[0] + dx, from[1], { steps });
  await page.mouse.up();
}

const failure = (phase: string, e: unknown): string => `mask editing: ${phase}: ${e instanceof Error ? e.message : String(e)}`;

/** Runs the mask-editing phases on one page; a failing phase is recorded and the next still run. */
export async function runMaskEdit(scan: BenchScan, ctx: MaskEditContext): Promise<MaskEditRun> {
  const r: MaskEditRun = { baselineMs: [], strokeMs: [], strokeMisses: 0, toolSwitchMs: [], undo: null, interpolate: null, save: null, history: null, memory: null, load1: [], failures: [] };
  const page = await openApp(ctx.browser, ctx.launch, ctx.pageErrors);
  const load = (): void => void r.load1.push(os.loadavg()[0]!);
  try {
    const pageCdp = await page.context().newCDPSession(page);
    await page.waitForTimeout(1000);
    const before = await memorySnapshot(ctx.browserCdp, pageCdp);
    ctx.log('mask editing: opening the phantom and a new empty mask …');
    await openScan(page, scan, OPEN_TIMEOUT_MS);
    await page.waitForTimeout(1000);
    const scanMem = await memorySnapshot(ctx.browserCdp, pageCdp);
    await page.evaluate(PROBES);
    const call = mb(page);
    await page.getByTestId('mask-edit-source').selectOption('empty-nodules');
    await bar(page).and(page.locator('[data-editing="true"]')).waitFor({ timeout: 30_000 });
    await withTimeout(probe(page, 'waitSettled', 30_000), 40_000, 'the viewports to settle with the labelmap');
    await page.waitForTimeout(1500);
    r.memory = { before, scan: scanMem, editor: await memorySnapshot(ctx.browserCdp, pageCdp) };
    const at = await axialCentre(page);

    // Tool keys first: the right-button drag below may leave a context menu that takes keys until the next click.
    try {
      await call('blur');
      await page.mouse.move(at.cx, at.cy);
      const keys = Array.from({ length: 6 * ctx.runs }, (_, i) => ['5', '6', '7', '8', '9', '0'][i % 6]!);
      r.toolSwitchMs = await tracedKeys(page, keys, { attr: 'data-tool' }, 5000, true);
    } catch (e) {
      r.failures.push(failure('tool switches', e));
    }

    try {
      load();
      for (let i = 0; i < ctx.runs; i++) r.baselineMs.push(...(await tracedDrag(page, [at.cx - 60, at.cy], 120, 30, 'right')).ms);
    } catch (e) {
      r.failures.push(failure('window / level baseline', e));
    }

    let pxPerVox = 1;
    try {
      await useTool(page, 'brush');
      await brushSize(page, STROKE_MM);
      pxPerVox = await pxPerVoxel(page, at);
      for (let i = 0; i < ctx.runs; i++) {
        const s = await tracedDrag(page, [at.cx - 80, at.cy - 90 + i * 25], 160, 40, 'left');
        r.strokeMs.push(...s.ms);
        r.strokeMisses += s.misses;
      }
      load();
    } catch (e) {
      r.failures.push(failure('brush strokes', e));
    }

    try {
      const before = await barNumber(page, 'data-changed');
      await plainStroke(page, [at.cx - strokePx(pxPerVox) / 2, at.cy + 20], strokePx(pxPerVox), 12);
      await page.waitForTimeout(300);
      const voxels = (await barNumber(page, 'data-changed')) - before;
      const keys = Array.from({ length: 2 * Math.max(3, ctx.runs) }, (_, i) => (i % 2 === 0 ? 'Control+z' : 'Control+Shift+Z'));
      const ms = await tracedKeys(page, keys, { key: 'z' }, 5000, true);
      if ((await barNumber(page, 'data-changed')) - before !== voxels) throw new Error('undo / redo did not return the stroke');
      r.undo = { voxels, undoMs: ms.filter((_, i) => i % 2 === 0), redoMs: ms.filter((_, i) => i % 2 === 1) };
      load();
    } catch (e) {
      r.failures.push(failure('undo / redo', e));
    }

    try {
      const spot: [number, number] = [at.cx + 70, at.cy + 70];
      await brushSize(page, 15);
      await plainStroke(page, spot, 0, 1);
      const k0 = await probe<number | null>(page, 'sliceIndex');
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(30);
      }
      await withTimeout(probe(page, 'waitSettled', 30_000), 40_000, 'the viewports to settle 20 slices on');
      const k1 = await probe<number | null>(page, 'sliceIndex');
      if (k0 === null || k1 === null || Math.abs(k1 - k0) !== 20) throw new Error(`ArrowDown ×20 moved the axial slice from ${k0} to ${k1}`);
      await brushSize(page, 12);
      await plainStroke(page, spot, 0, 1);
      await page.waitForTimeout(300);
      r.interpolate = { slices: 20, voxels: [], ms: [] };
      for (let i = 0; i < ctx.runs; i++) {
        const before = await barNumber(page, 'data-changed');
        // The operation runs in the kernel worker: done when the bar counts its voxels and the axial pane drew them.
        r.interpolate.ms.push(...(await tracedKeys(page, ['j'], { key: 'j', attr: 'data-changed', thenRender: true }, 20_000)));
        r.interpolate.voxels.push((await barNumber(page, 'data-changed')) - before);
        await page.keyboard.press('Control+z');
        await page.waitForTimeout(400);
      }
      // Back on the first slice: the strokes below land where the others did.
      for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowUp');
      await withTimeout(probe(page, 'waitSettled', 30_000), 40_000, 'the viewports to settle');
      load();
    } catch (e) {
      r.failures.push(failure('fill between slices', e));
    }

    try {
      r.save = { ms: [], roundTripMs: (await call('roundTrips', 10)) as number[], bytesOnDisk: [], changedVoxels: [] };
      await brushSize(page, STROKE_MM);
      for (let i = 0; i < ctx.runs; i++) {
        if (i > 0) await plainStroke(page, [at.cx - 60, at.cy + 45 + i * 12], 120);
        r.save.changedVoxels.push(await barNumber(page, 'data-changed'));
        await bar(page).getByTestId('mask-save').click();
        const note = page.getByTestId('mask-save-note');
        await note.fill(`bench save ${i + 1}`);
        r.save.ms.push(...(await tracedKeys(page, ['Enter'], { key: 'enter', attr: 'data-dirty' }, 20_000)));
        const versions = (await call('versions', scan.id)) as { id: number; bytesOnDisk: number | null }[];
        r.save.bytesOnDisk.push(versions[0]?.bytesOnDisk ?? Number.NaN);
      }
      r.save.roundTripMs.push(...((await call('roundTrips', 10)) as number[]));
      load();
    } catch (e) {
      r.failures.push(failure('save', e));
    }

    try {
      await call('blur');
      const heap = async (): Promise<number> => {
        await pageCdp.send('HeapProfiler.collectGarbage');
        const u = (await pageCdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
        return u.usedSize + (u.backingStorageSize ?? 0);
      };
      await useTool(page, 'brush');
      const heap0 = await heap();
      const app0 = await barNumber(page, 'data-history-bytes');
      const changed0 = await barNumber(page, 'data-changed');
      const len = strokePx(pxPerVox);
      let firstStroke = 0;
      let changedBefore = changed0;
      for (let i = 0; i < HISTORY_STROKES; i++) {
        // Brush, then the eraser over the same path: every stroke changes the same ~1,000 voxels.
        if (i > 0) await page.keyboard.press(i % 2 === 0 ? '5' : '6');
        await plainStroke(page, [at.cx - len / 2, at.cy - 130], len);
        // The path may already be painted (a phase before saved it): then the first brush
        // stroke changes nothing and the eraser after it does. A stroke's size is the larger.
        if (i < 2) {
          const changed = await barNumber(page, 'data-changed');
          firstStroke = Math.max(firstStroke, Math.abs(changed - changedBefore));
          changedBefore = changed;
        }
      }
      await page.waitForTimeout(500);
      const depth = await barNumber(page, 'data-undo-depth');
      if (depth < HISTORY_STROKES) throw new Error(`the undo history holds ${depth} steps after ${HISTORY_STROKES} strokes`);
      r.history = { strokes: HISTORY_STROKES, voxelsPerStroke: firstStroke, appBytes: (await barNumber(page, 'data-history-bytes')) - app0, heapBytes: (await heap()) - heap0 };
      load();
    } catch (e) {
      r.failures.push(failure('undo history of 200 strokes', e));
    }
    return r;
  } catch (e) {
    r.failures.push(failure('setup', e));
    return r;
  } finally {
    await page.close().catch(() => {});
  }
}

/** Renderer (and GPU) PSS of the scan alone and with the editor's labelmap, over a fresh page. */
export function maskMemory(m: NonNullable<MaskEditRun['memory']>): { scanRenderer: number; editorRenderer: number; editorWithGpu: number } {
  const renderer = (s: MemorySnapshot): number => s.byType.renderer?.pssBytes ?? 0;
  return { scanRenderer: renderer(m.scan) - renderer(m.before), editorRenderer: renderer(m.editor) - renderer(m.before), editorWithGpu: viewerPss(m.editor) - viewerPss(m.before) };
}
