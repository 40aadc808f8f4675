import { expect, test, type Locator, type Page } from '@playwright/test';
import { decodePng, type RgbaImage } from '../helpers/png';
import { appUrl } from './host';

/**
 * Mean of (blue − red) in a box around a point given in fractions of the scan's field of
 * view: about 0 on the grey CT, clearly positive under the lung overlay's blue. The
 * viewport fits the square axial image into the smaller side of the canvas, centred.
 */
function blueness(img: RgbaImage, fx: number, fy: number, half = 0.03): number {
  const s = Math.min(img.width, img.height);
  const cx = img.width / 2 + (fx - 0.5) * s;
  const cy = img.height / 2 + (fy - 0.5) * s;
  const h = half * s;
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - h)); y < Math.min(img.height, Math.ceil(cy + h)); y++) {
    for (let x = Math.max(0, Math.floor(cx - h)); x < Math.min(img.width, Math.ceil(cx + h)); x++) {
      const i = (y * img.width + x) * 4;
      sum += img.data[i + 2]! - img.data[i]!;
      n++;
    }
  }
  return n ? sum / n : 0;
}

// Phantom geometry (electron/core/phantom/chest-phantom.ts): lung centres at x = 0.5 ± 0.185
// of the field of view, y ≈ 0.465; the corner is air outside the body.
const LUNGS = [
  [0.5 - 0.185, 0.465],
  [0.5 + 0.185, 0.465],
] as const;

async function lungBlueness(viewport: Locator): Promise<{ lungs: number; outside: number }> {
  const img = decodePng(await viewport.screenshot());
  return { lungs: Math.min(...LUNGS.map(([x, y]) => blueness(img, x, y))), outside: blueness(img, 0.1, 0.1) };
}

/** Presses `key` n times, a frame apart; returns how many steps the axial scroll fast path drew. */
function fastScrollSteps(page: Page, key: string, n: number): Promise<number> {
  return page.evaluate(
    async ([k, count]) => {
      const el = document.querySelector<HTMLElement>('[data-testid="viewport-axial"]')!;
      let drawn = 0;
      const onDrawn = (): void => void drawn++;
      el.addEventListener('lungdesk:slice-drawn', onDrawn);
      for (let i = 0; i < count; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      }
      el.removeEventListener('lungdesk:slice-drawn', onDrawn);
      return drawn;
    },
    [key, n] as const,
  );
}

test('mask overlays: running the lung mask shows its progress, then a blue overlay inside the lungs that M hides and shows, remembered per scan', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(await appUrl());

  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  const dicom = items.filter({ hasText: /dicom|DICOM/ }).first();
  const item = (await dicom.count()) ? dicom : items.first();
  const scanItem = page.locator(`[data-testid="scan-item"][data-series-uid="${await item.getAttribute('data-series-uid')}"]`).first();
  await scanItem.click();
  const axial = page.getByTestId('viewport-axial');
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });

  const panel = page.getByTestId('mask-panel');
  const before = await lungBlueness(axial);
  await panel.getByTestId('mask-run-lung').click();
  await expect(panel.getByTestId('job-progress')).toBeVisible();
  await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  const lungLayer = panel.getByTestId('mask-layer-lung');
  await expect(lungLayer).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });
  await expect(panel.getByTestId('mask-version').filter({ hasText: 'lung' }).first()).toBeVisible();

  // The overlay is drawn a frame or two after it is added: poll the pixels.
  await expect.poll(async () => (await lungBlueness(axial)).lungs, { timeout: 15_000 }).toBeGreaterThan(before.lungs + 15);
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  const shown = await lungBlueness(axial);
  await axial.screenshot({ path: testInfo.outputPath('lung-overlay.png') });
  testInfo.annotations.push({
    type: 'blueness',
    description: `before ${before.lungs.toFixed(1)}, shown lungs ${shown.lungs.toFixed(1)} outside ${shown.outside.toFixed(1)}`,
  });
  // Inside the lungs only: the air outside the body stays grey.
  expect(Math.abs(shown.outside)).toBeLessThan(5);

  // M hides it; M again shows it.
  await page.locator('body').press('m');
  await expect(lungLayer).toHaveAttribute('data-visible', 'false');
  await expect.poll(async () => (await lungBlueness(axial)).lungs, { timeout: 10_000 }).toBeLessThan(before.lungs + 5);
  await page.locator('body').press('m');
  await expect(lungLayer).toHaveAttribute('data-visible', 'true');
  await expect.poll(async () => (await lungBlueness(axial)).lungs, { timeout: 10_000 }).toBeGreaterThan(before.lungs + 15);
  // With a mask on the view, the scroll fast path (the CT alone on a 2D canvas) steps aside:
  // every step is the volume view's own render, the overlay on it.
  expect(await fastScrollSteps(page, 'ArrowDown', 2)).toBe(0);
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  expect((await lungBlueness(axial)).lungs).toBeGreaterThan(before.lungs + 15);

  // O switches the shown overlays between fill and outline.
  await page.locator('body').press('o');
  await expect(lungLayer).toHaveAttribute('data-style', 'outline');

  // Remembered per scan: after a reload the scan opens with its mask shown as an outline.
  await page.reload();
  await scanItem.click();
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(lungLayer).toHaveAttribute('data-style', 'outline');
  await expect(lungLayer).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });

  expect(errors).toEqual([]);
});

test('nodule mask: Shift+K segments the annotated nodules in a job, and the magenta overlay outlines the nodule N centres on', async ({ page }, testInfo) => {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  await items.filter({ hasText: /dicom/i }).first().click();
  const axial = page.getByTestId('viewport-axial');
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 60_000 });

  const panel = page.getByTestId('mask-panel');
  await page.locator('body').press('Shift+K');
  await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  const layer = panel.getByTestId('mask-layer-nodules');
  await expect(layer).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });

  // Centre on the first nodule: the outline runs around the middle of the view.
  await page.locator('body').press('n');
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  const magenta = async (): Promise<number> => {
    const img = decodePng(await axial.screenshot());
    let n = 0;
    const cx = img.width / 2;
    const cy = img.height / 2;
    const r = Math.min(img.width, img.height) * 0.45;
    for (let y = Math.floor(cy - r); y < cy + r; y++) {
      for (let x = Math.floor(cx - r); x < cx + r; x++) {
        const i = (y * img.width + x) * 4;
        // Magenta: red and blue well above green (no annotation circle has this colour).
        if (img.data[i]! > 150 && img.data[i + 2]! > 120 && img.data[i]! - img.data[i + 1]! > 80 && img.data[i + 2]! - img.data[i + 1]! > 60) n++;
      }
    }
    return n;
  };
  await expect.poll(magenta, { timeout: 15_000 }).toBeGreaterThan(20);
  await axial.screenshot({ path: testInfo.outputPath('nodule-overlay.png') });
  // Shift+M hides it.
  await page.locator('body').press('Shift+M');
  await expect(layer).toHaveAttribute('data-visible', 'false');
  await expect.poll(magenta, { timeout: 10_000 }).toBeLessThan(20);
});

test('lung overlay: a lung-mask run shows the lung mask itself by default; D (or "dilated") shows its 5 mm dilation, a wider blue', async ({ page }, testInfo) => {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  await items.filter({ hasText: /dicom/i }).first().click();
  const axial = page.getByTestId('viewport-axial');
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 60_000 });

  const panel = page.getByTestId('mask-panel');
  await page.locator('body').press('k');
  await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  const lungLayer = panel.getByTestId('mask-layer-lung');
  await expect(lungLayer).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });
  // Both versions are stored; the undilated one is shown.
  await expect(panel.getByTestId('mask-version').filter({ hasText: 'lung-dilated' }).first()).toBeVisible();
  await expect(lungLayer).toHaveAttribute('data-mask-kind', 'lung');
  await expect(panel.getByTestId('mask-lung-dilated')).not.toBeChecked();

  /** Pixels tinted by the lung overlay's blue. */
  const blue = async (): Promise<number> => {
    const img = decodePng(await axial.screenshot());
    let n = 0;
    for (let i = 0; i < img.data.length; i += 4) if (img.data[i + 2]! - img.data[i]! > 20) n++;
    return n;
  };
  await expect.poll(blue, { timeout: 15_000 }).toBeGreaterThan(1000);
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  const undilated = await blue();

  await page.locator('body').press('w');
  await expect(lungLayer).toHaveAttribute('data-mask-kind', 'lung-dilated');
  await expect(panel.getByTestId('mask-lung-dilated')).toBeChecked();
  await expect(lungLayer).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });
  await expect.poll(blue, { timeout: 15_000 }).toBeGreaterThan(undilated * 1.1);
  testInfo.annotations.push({ type: 'blue pixels', description: `mask ${undilated}, dilated ${await blue()}` });

  // The checkbox switches back.
  await panel.getByTestId('mask-lung-dilated').uncheck();
  await expect(lungLayer).toHaveAttribute('data-mask-kind', 'lung');
});
