import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { openApp, openScan, withTimeout } from './browser';
import { memorySnapshot, viewerPss } from './memory';
import { atLeast, atMost, fps, mb, ms, table, type Row } from './report';
import { OPEN_TIMEOUT_MS } from './series-run';
import { ROOT, type BenchScan } from './setup';
import { median } from './stats';

/**
 * The 3D pane (issue 14) on a scan: its lung mask made first (untimed), then from the 3D key
 * (Shift+3) to the lung and bone surfaces drawn (the pane's data-state ready with both
 * meshed and a render after them), frames per second while the camera turns (arrow keys
 * over the pane, each press sent once the previous frame is drawn), triangles drawn and the
 * memory the pane adds (renderers + GPU process PSS after − before).
 */

export const THREE_D_GOALS = { shownMs: 1500, orbitFps: 30 };
const OUT_FILE = path.join(ROOT, 'test-results', 'bench-viewer-3d.json');
const TURNS = 60;
// Page-side code as strings (this file is compiled without the DOM), run through
// page.evaluate (CDP, which the page's CSP allows; waitForFunction's strings are eval'd).
/** Resolves when the pane drew both surfaces, with performance.now(), or with the pane's error text. */
const DRAWN = `new Promise((resolve) => {
  const tick = () => {
    const el = document.querySelector('[data-testid="viewport-3d"]');
    const d = el ? el.dataset : null;
    // Only the lung's and bone's errors count: the lesions need a nodule mask the bench does not make.
    const failed = el && (el.querySelector('[data-testid="three-d-error-lung"]') || el.querySelector('[data-testid="three-d-error-bone"]'));
    if (failed) resolve(failed.textContent || 'error');
    else if (d && Number(d.lungTriangles) > 0 && Number(d.boneTriangles) > 0 && Number(d.triangles) >= Number(d.lungTriangles) + Number(d.boneTriangles)) resolve(performance.now());
    else requestAnimationFrame(tick);
  };
  tick();
})`;
/** Arms a timer: from the next keydown to the pane's next render finished on the GPU, in ms (window.__lungdesk3dFrame). */
const ARM_FRAME = `void (window.__lungdesk3dFrame = new Promise((resolve) => {
  const el = document.querySelector('[data-testid="viewport-3d"]');
  const n0 = Number(el.dataset.renders);
  window.addEventListener('keydown', (e) => {
    const t0 = e.timeStamp;
    const tick = () => {
      if (Number(el.dataset.renders) <= n0) return requestAnimationFrame(tick);
      // WebGL only queues the drawing: reading a pixel back waits until it is done.
      const gl = el.querySelector('canvas').getContext('webgl2');
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      resolve(performance.now() - t0);
    };
    tick();
  }, { once: true, capture: true });
}))`;

export interface ThreeDRun {
  label: string;
  shownMs: number | null;
  frameMs: number[];
  triangles: number | null;
  lungTriangles: number | null;
  boneTriangles: number | null;
  addedBytes: number | null;
  failures: string[];
}

export interface ThreeDContext {
  browser: Browser;
  browserCdp: CDPSession;
  /** A fresh one-time launch link to the host. */
  launch: () => Promise<string>;
  log: (s: string) => void;
  pageErrors: string[];
}

const attrNumber = async (page: Page, attr: string): Promise<number | null> => {
  const v = await page.getByTestId('viewport-3d').getAttribute(attr);
  return v === null || v === '' ? null : Number(v);
};

async function runOne(scan: BenchScan, label: string, ctx: ThreeDContext): Promise<ThreeDRun> {
  const r: ThreeDRun = { label, shownMs: null, frameMs: [], triangles: null, lungTriangles: null, boneTriangles: null, addedBytes: null, failures: [] };
  const page = await openApp(ctx.browser, ctx.launch, ctx.pageErrors);
  try {
    await openScan(page, scan, OPEN_TIMEOUT_MS);
    const panel = page.getByTestId('mask-panel');
    await panel.getByTestId('mask-run-lung').click();
    await page.getByTestId('mask-job').and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 300_000 });
    const pageCdp = await page.context().newCDPSession(page);
    const before = await memorySnapshot(ctx.browserCdp, pageCdp);
    await page.getByTestId('viewport-axial').hover();
    const t0 = (await page.evaluate('performance.now()')) as number;
    await page.keyboard.press('#');
    const pane = page.getByTestId('viewport-3d');
    const drawnAt = (await withTimeout(page.evaluate(DRAWN), 300_000, '3D lung and bone to be drawn')) as number | string;
    if (typeof drawnAt === 'string') throw new Error(`the 3D pane shows an error: ${drawnAt}`);
    r.shownMs = drawnAt - t0;
    r.triangles = await attrNumber(page, 'data-triangles');
    r.lungTriangles = await attrNumber(page, 'data-lung-triangles');
    r.boneTriangles = await attrNumber(page, 'data-bone-triangles');
    await pane.hover();
    for (let i = 0; i < TURNS; i++) {
      await page.evaluate(ARM_FRAME);
      await page.keyboard.press(i % 2 ? 'ArrowUp' : 'ArrowLeft');
      r.frameMs.push((await withTimeout(page.evaluate('window.__lungdesk3dFrame'), 10_000, 'a 3D frame after a key')) as number);
    }
    const after = await memorySnapshot(ctx.browserCdp, pageCdp);
    r.addedBytes = viewerPss(after) - viewerPss(before);
  } catch (e) {
    r.failures.push(`3D on ${label}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await page.close();
  }
  return r;
}

function rows(r: ThreeDRun): Row[] {
  const frame = r.frameMs.length ? median(r.frameMs) : null;
  const slow = r.frameMs.length ? [...r.frameMs].sort((a, b) => a - b)[Math.floor(r.frameMs.length * 0.9)]! : null;
  return [
    { metric: `${r.label}: 3D key → lung and bone drawn (first meshing)`, value: ms(r.shownMs), goal: `≤ ${THREE_D_GOALS.shownMs} ms`, met: atMost(r.shownMs, THREE_D_GOALS.shownMs) },
    { metric: `${r.label}: turning the camera, median frame (${r.frameMs.length} key presses)`, value: frame === null ? null : `${fps(1000 / frame)} (${frame.toFixed(0)} ms)`, goal: `≥ ${THREE_D_GOALS.orbitFps} fps`, met: frame === null ? null : atLeast(1000 / frame, THREE_D_GOALS.orbitFps) },
    { metric: `${r.label}: turning the camera, slowest 10 % of frames`, value: slow === null ? null : fps(1000 / slow), goal: '', met: null },
    { metric: `${r.label}: triangles drawn (lung + bone + lesions)`, value: r.triangles === null ? null : `${r.triangles.toLocaleString('en')} (lung ${r.lungTriangles?.toLocaleString('en')}, bone ${r.boneTriangles?.toLocaleString('en')})`, goal: '', met: null },
    { metric: `${r.label}: memory added by the 3D pane (renderers + GPU PSS)`, value: r.addedBytes === null ? null : mb(r.addedBytes), goal: '', met: null },
  ];
}

/** Runs the 3D step on each scan and prints its table; answers the failures. */
export async function benchThreeD(scans: readonly { scan: BenchScan; label: string }[], ctx: ThreeDContext): Promise<string[]> {
  const runs: ThreeDRun[] = [];
  for (const s of scans) {
    ctx.log(`3D view on the ${s.label}: lung mask, then the 3D key …`);
    runs.push(await runOne(s.scan, s.label, ctx));
  }
  const all = runs.flatMap(rows);
  ctx.log('');
  ctx.log('3D view (Three.js, software WebGL, drawn on demand):');
  ctx.log(table(all, ''));
  ctx.log("  frame: from the key press to the pane's next render (its data-renders attribute), each press sent once the previous frame was drawn. The seed's plot_3d (skimage marching cubes + matplotlib) side by side is not measured here yet.");
  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, JSON.stringify({ at: new Date().toISOString(), goals: THREE_D_GOALS, runs, table: all }, null, 2));
  ctx.log(`  raw figures: ${path.relative(ROOT, OUT_FILE)}`);
  return runs.flatMap((r) => r.failures);
}
