import { expect, test, type Page } from '@playwright/test';
import { appUrl } from './host';

/** Requests let through while a test holds the rest: the first slice, and a load's cancel. */
const LET_THROUGH = new Set(['getVolumeSlices', 'cancelVolumeLoad']);

/** Records when the axial volume view draws (Cornerstone's IMAGE_RENDERED on its element). */
async function recordAxialDraws(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __axialDraws: number[] };
    w.__axialDraws = [];
    document.addEventListener(
      'CORNERSTONE_IMAGE_RENDERED',
      (e) => {
        if ((e.target as Element | null)?.closest?.('[data-testid="viewport-axial"]')) w.__axialDraws.push(performance.now());
      },
      true,
    );
  });
}

/**
 * The axial view's draws of the scan's volume: those after the scan was put on the views.
 * The room's warm-up draws a tiny volume in them while the list is up, and may still be doing
 * so at the click (the load waits for it before it sets its volume).
 */
const axialDraws = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const set = performance.getEntriesByName('lungdesk:stage').filter((m) => (m as PerformanceMark).detail?.stage === 'viewports set').at(-1);
    if (!set) throw new Error('the scan was never put on the views');
    return (window as unknown as { __axialDraws: number[] }).__axialDraws.filter((t) => t >= set.startTime).length;
  });

/**
 * Opens the demo DICOM scan with its stream held back (and the side panels' requests, which
 * may draw overlays): returns the function that lets them go.
 */
async function openHeld(page: Page): Promise<() => void> {
  await recordAxialDraws(page);
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/*', async (route) => {
    const op = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    if (!LET_THROUGH.has(op)) await held;
    await route.continue();
  });
  await items.filter({ hasText: /dicom/i }).first().click();
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'partial', { timeout: 30_000 });
  await expect(page.getByTestId('viewport-preview')).toBeVisible();
  return release;
}

test('while the volume streams in, its first picture stands in for the axial view, which draws once the volume is whole; then the picture goes', async ({ page }) => {
  const release = await openHeld(page);
  const axial = page.getByTestId('viewport-axial');
  // Half a second with the stream held: the view has not drawn the part-loaded volume.
  await page.waitForTimeout(500);
  expect(await axialDraws(page)).toBe(0);
  await expect(axial).toHaveAttribute('data-render-state', 'rendering');
  await expect(page.getByTestId('viewport-preview')).toBeVisible();

  release();
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 30_000 });
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 30_000 });
  expect(await axialDraws(page)).toBeGreaterThan(0);
  await expect(page.getByTestId('viewport-preview')).toBeHidden();
});

test('a window preset (key 3) chosen while the volume streams in draws the axial view at once, and the first picture gives way', async ({ page }) => {
  const release = await openHeld(page);
  const axial = page.getByTestId('viewport-axial');
  expect(await axialDraws(page)).toBe(0);
  await axial.hover();
  await page.locator('body').press('3'); // the bone window
  await expect(page.getByTestId('window-preset')).toHaveAttribute('data-preset', /bone/i);
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 30_000 });
  expect(await axialDraws(page)).toBeGreaterThan(0);
  await expect(page.getByTestId('viewport-preview')).toBeHidden();
  // Still streaming: the view drew the slices there so far.
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'partial');
  release();
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 30_000 });
});
