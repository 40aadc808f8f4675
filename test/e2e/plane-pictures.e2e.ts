import { expect, test, type Page } from '@playwright/test';
import { appUrl } from './host';
import { openFirstDicomScan, pressOver, waitOpened } from './panes';

/**
 * At the moment the app marks a volume complete, copies what the coronal and sagittal
 * canvases hold, and counts the GPU draws each view has made since the scan's open began
 * (Cornerstone's image-rendered events): the planes cut on the CPU, with no draw yet.
 */
const CAPTURE_AT_COMPLETE = `(() => {
  const mark = performance.mark.bind(performance);
  window.__pictures = [];
  let draws = { coronal: 0, sagittal: 0 };
  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', (e) => {
    const pane = e.target && e.target.getAttribute && e.target.getAttribute('data-testid');
    if (pane === 'viewport-coronal') draws.coronal++;
    if (pane === 'viewport-sagittal') draws.sagittal++;
  }, true);
  window.__draws = () => draws;
  performance.mark = (name, options) => {
    if (name === 'lungdesk:scan-open') draws = { coronal: 0, sagittal: 0 };
    if (name === 'lungdesk:volume-complete') {
      const shot = { draws: { ...draws } };
      for (const pane of ['coronal', 'sagittal']) {
        const canvas = document.querySelector('[data-testid="viewport-' + pane + '"] canvas');
        shot[pane] = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      }
      window.__pictures.push(shot);
    }
    return mark(name, options);
  };
})()`;

/** Against the last capture, per pane: mean |grey difference| from the canvas now, the share of lit pixels then, the GPU draws before it and since the open. */
const COMPARE_WITH_CAPTURE = `(() => {
  const shot = window.__pictures[window.__pictures.length - 1];
  const out = {};
  for (const pane of ['coronal', 'sagittal']) {
    const canvas = document.querySelector('[data-testid="viewport-' + pane + '"] canvas');
    const now = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const then = shot[pane].data;
    let sum = 0, lit = 0;
    for (let i = 0; i < now.length; i += 4) {
      sum += Math.abs(now[i] - then[i]);
      if (then[i] > 40) lit++;
    }
    out[pane] = { diff: sum / (now.length / 4), lit: lit / (now.length / 4), sameSize: now.length === then.length, drawsBefore: shot.draws[pane], drawsNow: window.__draws()[pane] };
  }
  return out;
})()`;

interface Comparison {
  diff: number;
  lit: number;
  sameSize: boolean;
  drawsBefore: number;
  drawsNow: number;
}

/**
 * Hides the mask overlays a scan may have (runs of earlier tests leave lung and nodule masks
 * on the demo scans): they come with the panels' data after the volume, and the pictures do
 * not hold them.
 */
async function hideMaskOverlays(page: Page): Promise<void> {
  const hid = await page.evaluate(`(() => {
    let n = 0;
    for (const el of document.querySelectorAll('[data-testid="mask-lung-visible"], [data-testid="mask-nodules-visible"]')) if (el.checked) { el.click(); n++; }
    return n;
  })()`);
  if (hid) await waitOpened(page);
}

/** Once the views have drawn, their canvases match what they held when the volume was marked complete. */
async function expectPicturesMatchTheGpu(page: Page, what: string): Promise<void> {
  await waitOpened(page);
  // The panels' data (masks among it) are asked for once the volume is on screen.
  await page.waitForTimeout(300);
  await hideMaskOverlays(page);
  const result = (await page.evaluate(COMPARE_WITH_CAPTURE)) as Record<string, Comparison>;
  for (const pane of ['coronal', 'sagittal']) {
    const r = result[pane]!;
    expect(r.drawsBefore, `${what}: ${pane} drawn by the GPU before the volume was marked complete`).toBe(0);
    expect(r.drawsNow, `${what}: ${pane} drawn by the GPU once settled`).toBeGreaterThan(0);
    expect(r.sameSize, `${what}: ${pane} canvas kept its size`).toBe(true);
    // A picture, not the black the view shows while loading.
    expect(r.lit, `${what}: ${pane} picture shows the body`).toBeGreaterThan(0.05);
    expect(r.diff, `${what}: ${pane} picture against the GPU's draw (mean grey difference)`).toBeLessThan(2.5);
  }
}

test("a completed load shows coronal and sagittal at once, cut on the CPU where the GPU's own draws then land", async ({ page }) => {
  await page.addInitScript(CAPTURE_AT_COMPLETE);
  const { items, uid: uidA } = await openFirstDicomScan(page, await appUrl());
  await expectPicturesMatchTheGpu(page, 'first open');

  // Another coronal slice and zoom, a zoomed-out and panned sagittal, another window: the
  // re-open puts them back before it cuts its pictures.
  await pressOver(page, 'coronal', ['PageDown', 'PageDown', '+', '+']);
  await pressOver(page, 'sagittal', ['-', 'Shift+ArrowLeft', 'Shift+ArrowUp']);
  await page.keyboard.press('2');
  await waitOpened(page);
  // The view memory is written a moment after the last change.
  await page.waitForTimeout(600);
  await items.filter({ hasNot: page.locator(`[data-series-uid="${uidA}"]`) }).first().click();
  await waitOpened(page);
  await page.locator(`[data-testid="scan-item"][data-series-uid="${uidA}"]`).click();
  await expectPicturesMatchTheGpu(page, 're-open with its views as left');
  expect(await page.evaluate('window.__pictures.length')).toBe(3);
});
