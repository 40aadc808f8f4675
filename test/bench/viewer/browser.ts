import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { BenchScan } from './setup';

/**
 * Debian Chromium driven by Playwright, with the e2e's flags (playwright.config.ts) and
 * software WebGL forced, and the page-side probes of page-probes.js.
 */

export const CHROMIUM = process.env.LUNGDESK_CHROMIUM ?? '/usr/bin/chromium';
const E2E_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
// SwiftShader even on a machine with a GPU: the goals hold for software WebGL.
const SOFTWARE_GL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
// Extra Chromium flags for an experiment (space-separated), e.g. LUNGDESK_BENCH_CHROMIUM_ARGS=--disable-gpu-compositing.
const EXTRA_ARGS = (process.env.LUNGDESK_BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
export const LAUNCH_ARGS = [...E2E_ARGS, ...SOFTWARE_GL, ...EXTRA_ARGS];

/** The bench's own signal handlers close Chromium, then stop the host and remove its folders. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60_000, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

/** Rejects with `what` when `p` takes longer than `ms` (a hung page must not hang the bench). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${(ms / 1000).toFixed(0)} s: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Calls a method of window.__lungdeskBench (page-probes.js) with JSON arguments. */
export function probe<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate<T>(`window.__lungdeskBench.${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
}

/** Opens the app in a fresh context, which gets in by its own one-time launch link. */
export async function openApp(browser: Browser, launch: () => Promise<string>, pageErrors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.addInitScript({ path: path.join(__dirname, 'page-probes.js') });
  await page.goto(await launch(), { timeout: 60_000 });
  await page.getByTestId('scan-item').first().waitFor({ timeout: 60_000 });
  return page;
}

export interface OpenTimes {
  scanOpenMs: number | null;
  firstPixelsMs: number | null;
  completeMs: number;
  /** lungdesk:volume-drawn: the GPU has done the views' draws of the whole volume (null: no mark within the wait). */
  drawnMs: number | null;
  /** The app's lungdesk:stage marks (ms after the click), where the first-pixels time goes. */
  stages?: Record<string, number>;
}

/**
 * Clicks a scan in the list and waits until the app marks it complete and the three panes
 * settle. Times are from the click (page-probes.js marks it in the capture phase).
 */
export async function openScan(page: Page, scan: BenchScan, timeoutMs: number): Promise<OpenTimes> {
  const clickIndex = await probe<number>(page, 'clickCount');
  await page.locator(`[data-testid="scan-item"][data-series-uid="${scan.seriesUid}"]`).click({ timeout: 10_000 });
  const times = await withTimeout(probe<OpenTimes>(page, 'waitOpened', scan.id, clickIndex, timeoutMs), timeoutMs + 10_000, `scan ${scan.id} (${scan.dims}) to open`);
  await withTimeout(probe(page, 'waitSettled', 30_000), 40_000, 'the viewports to settle');
  return times;
}
