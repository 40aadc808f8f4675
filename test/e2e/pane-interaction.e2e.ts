import { expect, test, type Page } from '@playwright/test';
import { decodePng, meanGray } from '../helpers/png';
import { appUrl } from './host';

async function openDemoScan(page: Page): Promise<void> {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  await items.filter({ hasText: /dicom/i }).first().click();
  for (const v of ['axial', 'coronal', 'sagittal']) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
}

const sliceIndex = async (page: Page): Promise<number> => Number(await page.getByTestId('viewport-axial').getAttribute('data-slice-index'));

test('arrows and Page keys scroll the pane under the mouse after a click in the scan list, which keeps its cursor and selection', async ({ page }) => {
  await openDemoScan(page);
  const list = page.getByTestId('scan-list');
  const open = list.locator('[data-testid="scan-item"][aria-selected="true"]');
  const openUid = await open.getAttribute('data-series-uid');
  // A click in the list (on the open scan: nothing reloads) gives the list the focus.
  await open.click();
  await expect(list).toBeFocused();
  const cursor = await list.getAttribute('aria-activedescendant');

  const axial = page.getByTestId('viewport-axial');
  const box = (await axial.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const k0 = await sliceIndex(page);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => sliceIndex(page)).not.toBe(k0);
  const k1 = await sliceIndex(page);
  expect(Math.abs(k1 - k0)).toBe(1);
  await page.keyboard.press('PageDown');
  await expect.poll(() => sliceIndex(page)).toBe(k1 + 10 * (k1 - k0));
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => sliceIndex(page)).toBe(k0);

  // The list kept the focus, its cursor and the open scan.
  await expect(list).toBeFocused();
  expect(await list.getAttribute('aria-activedescendant')).toBe(cursor);
  await expect(list.locator('[data-testid="scan-item"][aria-selected="true"]')).toHaveAttribute('data-series-uid', openUid!);

  // With the mouse away from the images the arrows move in the list again.
  const listBox = (await list.boundingBox())!;
  await page.mouse.move(listBox.x + listBox.width / 2, listBox.y + listBox.height - 5);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => list.getAttribute('aria-activedescendant')).not.toBe(cursor);
  expect(await sliceIndex(page)).toBe(k0);
});

test('a click beside the image puts the crosshair on the nearest edge of the volume, never outside it', async ({ page }) => {
  await openDemoScan(page);
  const axial = page.getByTestId('viewport-axial');
  const box = (await axial.boundingBox())!;
  // The pane is taller than the square image: above the image is outside the volume.
  const click = { x: Math.round(box.width / 2), y: 6 };
  await page.mouse.move(box.x + click.x, box.y + click.y);
  await expect(page.getByTestId('cursor-hu')).toHaveText('outside volume');
  await page.mouse.click(box.x + click.x, box.y + click.y);

  const cross = page.getByTestId('crosshair-axial');
  await expect(cross).toHaveCount(1);
  const x = Number(await cross.getAttribute('data-x'));
  const y = Number(await cross.getAttribute('data-y'));
  // Straight down onto the image's first row (anterior edge, j 0), not at the click.
  expect(Math.abs(x - click.x)).toBeLessThan(1.5);
  expect(y).toBeGreaterThan(click.y + 20);
  await page.mouse.move(box.x + x, box.y + y + 0.5);
  await expect(page.getByTestId('cursor-hu')).toHaveText(/^-?\d+ HU$/);
  const m = /i (\d+) j (\d+) k (\d+)/.exec((await page.getByTestId('cursor-readout').textContent()) ?? '');
  expect(m).not.toBeNull();
  expect(Number(m![2])).toBeLessThanOrEqual(1);
  // The other views moved their slices onto the clamped point: each still shows its crosshair.
  for (const v of ['coronal', 'sagittal']) await expect(page.getByTestId(`crosshair-${v}`)).toHaveCount(1);
});

test('while the volume streams in, coronal and sagittal show a loading state (not flat grey boxes) and their images once it is complete', async ({ page }) => {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  // Hold the stream of the slices after the first back until the checks below are done.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/streamVolumeSlices', async (route) => {
    await held;
    await route.continue();
  });
  await items.filter({ hasText: /dicom/i }).first().click();
  const room = page.locator('[data-volume-state]');
  await expect(room).toHaveAttribute('data-volume-state', 'partial', { timeout: 30_000 });
  // The axial pane shows its first slice: the first picture stands in for the view, which
  // draws the volume once it is whole (so it is not "settled" before that draw).
  await expect(page.getByTestId('viewport-preview')).toBeVisible();
  await expect(page.getByTestId('pane-loading-axial')).toHaveCount(0);

  // The other two say they are loading, over a dark pane.
  for (const v of ['coronal', 'sagittal']) {
    const veil = page.getByTestId(`pane-loading-${v}`);
    await expect(veil).toBeVisible();
    await expect(veil).toContainText(/Loading volume… \d+ %/);
    const shot = decodePng(await page.getByTestId(`viewport-${v}`).screenshot());
    expect(meanGray(shot, 0.1, 0.3, 0.9, 0.7), v).toBeLessThan(30);
  }

  release();
  await expect(room).toHaveAttribute('data-volume-state', 'complete', { timeout: 30_000 });
  for (const v of ['coronal', 'sagittal']) {
    await expect(page.getByTestId(`pane-loading-${v}`)).toHaveCount(0);
    await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled');
    // The body's soft tissue (bright in the lung window) is on screen now.
    const shot = decodePng(await page.getByTestId(`viewport-${v}`).screenshot());
    expect(meanGray(shot, 0.1, 0.3, 0.9, 0.7), v).toBeGreaterThan(60);
  }
});
