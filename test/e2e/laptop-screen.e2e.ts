import { expect, test, type Page } from '@playwright/test';
import { decodePng } from '../helpers/png';
import { appUrl } from './host';

// A 1280×720 laptop screen, the smallest the reading room is laid out for.
test.use({ viewport: { width: 1280, height: 720 } });

async function openDemoScan(page: Page): Promise<void> {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  await items.filter({ hasText: /dicom/i }).first().click();
  for (const v of ['axial', 'coronal', 'sagittal']) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
}

test('at 1280×720 the default layout shows the axial image large, beside coronal and sagittal', async ({ page }, testInfo) => {
  await openDemoScan(page);
  await expect(page.getByTestId('layout')).toHaveAttribute('data-layout', '1+2');
  const axial = page.getByTestId('viewport-axial');
  const box = (await axial.boundingBox())!;
  // The image's extent on screen: the box of the pixels that are not the black background.
  const img = decodePng(await axial.screenshot({ path: testInfo.outputPath('axial-1280x720.png') }));
  let x0 = img.width, y0 = img.height, x1 = -1, y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (Math.max(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!) <= 12) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  const share = ((x1 - x0 + 1) * (y1 - y0 + 1)) / (1280 * 720);
  testInfo.annotations.push({ type: 'axial image', description: `${x1 - x0 + 1}×${y1 - y0 + 1} px in a ${Math.round(box.width)}×${Math.round(box.height)} pane: ${(share * 100).toFixed(1)} % of the window` });
  // Three panes side by side gave each image about 4 % of the window here (186 px square).
  expect(share).toBeGreaterThan(0.2);
  // The other two planes still show, each at least a quarter of the axial pane's width.
  for (const v of ['coronal', 'sagittal']) {
    const b = (await page.getByTestId(`viewport-${v}`).boundingBox())!;
    expect(b.width).toBeGreaterThan(box.width / 4);
  }
});

test('at 1280×720 the cursor readout is never cut off: its HU is fully visible', async ({ page }) => {
  await openDemoScan(page);
  const axial = page.getByTestId('viewport-axial');
  const box = (await axial.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const readout = page.getByTestId('cursor-readout');
  await expect(page.getByTestId('cursor-hu')).toHaveText(/^-?\d+ HU$/);
  // Not clipped: the text fits the element, the element fits the window and its row.
  const fit = await readout.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const row = el.parentElement!.getBoundingClientRect();
    const hu = el.querySelector('[data-testid="cursor-hu"]')!.getBoundingClientRect();
    return { scroll: el.scrollWidth, client: el.clientWidth, right: r.right, rowRight: row.right, rowLeft: row.left, left: r.left, huLeft: hu.left, huRight: hu.right, width: window.innerWidth };
  });
  expect(fit.client).toBeGreaterThan(0);
  expect(fit.scroll).toBeLessThanOrEqual(fit.client);
  expect(fit.left).toBeGreaterThanOrEqual(fit.rowLeft);
  expect(fit.right).toBeLessThanOrEqual(fit.rowRight);
  expect(fit.right).toBeLessThanOrEqual(fit.width);
  expect(fit.huLeft).toBeGreaterThanOrEqual(fit.left);
  expect(fit.huRight).toBeLessThanOrEqual(fit.right);
  await expect(readout).toContainText(/i \d+ j \d+ k \d+ · x -?[\d.]+ y -?[\d.]+ z -?[\d.]+ mm/);
  // The readout's row does not shrink it while a nodule is being placed (A) either.
  await page.keyboard.press('a');
  await expect(page.getByTestId('placement-mode')).toBeVisible();
  await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2);
  expect(await readout.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= el.parentElement!.getBoundingClientRect().right)).toBe(true);
  await page.keyboard.press('Escape');
});

/** Controls of the side panel whose box sticks out of the panel's left or right edge. */
async function controlsOutsidePanel(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const body = document.querySelector<HTMLElement>('.side-panel__body')!;
    const box = body.getBoundingClientRect();
    // The panel's inner edges: its scrollbar is not room for controls.
    const left = box.left + body.clientLeft;
    const right = left + body.clientWidth;
    const out: string[] = [];
    for (const el of body.querySelectorAll<HTMLElement>('button, input, select, textarea, summary, progress, canvas, fieldset')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < left - 0.5 || r.right > right + 0.5) out.push(`${el.tagName.toLowerCase()}[${el.dataset.testid ?? el.textContent?.slice(0, 20) ?? ''}] ${r.left.toFixed(0)}..${r.right.toFixed(0)} outside ${left.toFixed(0)}..${right.toFixed(0)}`);
    }
    return out;
  });
}

test('at 1280×720 every side panel control stays inside the panel: nodule details and form, histogram, lung mask with its versions', async ({ page }) => {
  await page.goto(await appUrl());
  // LDEMO-002: the other tests' pixel checks use the first DICOM series; a lung mask here stays off their images.
  await page.getByTestId('scan-list').getByTestId('scan-item').filter({ hasText: 'LDEMO-002' }).click();
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  expect(await controlsOutsidePanel(page)).toEqual([]);

  await page.locator('body').press('n');
  await expect(page.getByTestId('nodule-details')).toBeVisible();
  await page.getByRole('button', { name: 'Add nodule' }).click();
  await expect(page.getByTestId('nodule-form-diameter')).toBeVisible();
  expect(await controlsOutsidePanel(page)).toEqual([]);
  await page.getByTestId('nodule-form-cancel').click();

  await page.getByTestId('histogram-button').click();
  await expect(page.getByTestId('hu-histogram')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await controlsOutsidePanel(page)).toEqual([]);

  // A mask version's label is long; the version select once grew the panel past the window.
  const panel = page.getByTestId('mask-panel');
  await panel.getByTestId('mask-run-lung').click();
  await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  await expect(panel.getByTestId('mask-layer-lung')).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });
  expect(await controlsOutsidePanel(page)).toEqual([]);
});

/** Whether an element lies wholly inside the side panel's visible area. */
async function inPanelView(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const body = document.querySelector<HTMLElement>('.side-panel__body');
    const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    if (!body || !el) return false;
    const b = body.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= b.top - 0.5 && r.bottom <= b.top + body.clientHeight + 0.5;
  }, testId);
}

test('H brings the HU histogram into view: it opens the panel and the section and scrolls to the plot', async ({ page }) => {
  await openDemoScan(page);
  // At 1280×720 the histogram sits below the panel's fold; close its section and the panel too.
  await page.locator('.panel-section > summary', { hasText: 'HU histogram' }).click();
  await page.getByTestId('side-panel-toggle').click();
  await expect(page.getByTestId('hu-histogram')).toHaveCount(0);

  const axial = (await page.getByTestId('viewport-axial').boundingBox())!;
  await page.mouse.move(axial.x + axial.width / 2, axial.y + axial.height / 2);
  await page.keyboard.press('h');
  await expect(page.getByTestId('side-panel-toggle')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('hu-histogram')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect.poll(() => inPanelView(page, 'histogram-stats')).toBe(true);
  expect(await inPanelView(page, 'hu-histogram')).toBe(true);

  // Scrolled away, H brings it back without computing it again.
  await page.locator('.side-panel__body').evaluate((el) => (el.scrollTop = 0));
  expect(await inPanelView(page, 'histogram-stats')).toBe(false);
  await page.keyboard.press('h');
  await expect.poll(() => inPanelView(page, 'histogram-stats')).toBe(true);
  await expect(page.getByTestId('hu-histogram')).toHaveAttribute('data-state', 'ready');
});
