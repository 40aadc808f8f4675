import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decodePng, meanAbsDiff } from '../helpers/png';
import { appUrl } from './host';

async function openDemoDicom(page: Page): Promise<void> {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  await items.filter({ hasText: /dicom/i }).first().click();
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 60_000 });
}

test('loading: the current slice is drawn first, where the view then draws it, before the volume is complete; the marks say so in order', async ({ page }, testInfo) => {
  // Catch the first picture (the preview canvas) the moment it is shown.
  await page.addInitScript(() => {
    const w = window as unknown as { __preview?: string };
    new MutationObserver(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="viewport-preview"]');
      if (c && c.style.display === 'block' && !w.__preview) w.__preview = c.toDataURL('image/png');
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['style'] });
  });
  await openDemoDicom(page);
  const preview = await page.evaluate(() => (window as unknown as { __preview?: string }).__preview ?? null);
  expect(preview, 'the preview canvas was never shown').not.toBeNull();
  const first = decodePng(Buffer.from(preview!.split(',')[1]!, 'base64'));
  await page.mouse.move(0, 0);
  const shown = decodePng(await page.getByTestId('viewport-axial').screenshot({ path: testInfo.outputPath('axial-after-load.png') }));
  expect(Math.abs(first.width - shown.width)).toBeLessThanOrEqual(1);
  expect(Math.abs(first.height - shown.height)).toBeLessThanOrEqual(1);
  // The same slice at the same place: only the overlays (letters, scale bar) and the
  // GPU's interpolation differ.
  const diff = meanAbsDiff(first, shown);
  testInfo.annotations.push({ type: 'preview-diff', description: diff.toFixed(2) });
  expect(diff).toBeLessThan(6);
  fs.writeFileSync(testInfo.outputPath('first-picture.png'), Buffer.from(preview!.split(',')[1]!, 'base64'));
  const marks = await page.evaluate(() =>
    ['lungdesk:scan-open', 'lungdesk:first-pixels', 'lungdesk:volume-complete'].map((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? null),
  );
  expect(marks.every((m) => m !== null)).toBe(true);
  expect(marks[0]!).toBeLessThanOrEqual(marks[1]!);
  expect(marks[1]!).toBeLessThanOrEqual(marks[2]!);
  // The bar is gone once the volume is complete.
  await expect(page.getByTestId('volume-progress')).toHaveCount(0);
});

test('slab MIP: S turns a 10 mm maximum-intensity slab on in all three views and changes the pixels; T thickens it', async ({ page }, testInfo) => {
  await openDemoDicom(page);
  const slab = page.getByTestId('slab-mip');
  await expect(slab).toHaveAttribute('data-on', 'false');
  const views = ['axial', 'coronal', 'sagittal'] as const;
  const before = await Promise.all(views.map(async (v) => decodePng(await page.getByTestId(`viewport-${v}`).screenshot())));
  await page.locator('body').press('s');
  await expect(slab).toHaveAttribute('data-on', 'true');
  await expect(slab).toHaveAttribute('data-thickness', '10');
  for (const v of views) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled');
  for (let i = 0; i < views.length; i++) {
    const after = decodePng(await page.getByTestId(`viewport-${views[i]}`).screenshot({ path: testInfo.outputPath(`mip-${views[i]}.png`) }));
    // A maximum over 10 mm of noisy lung is brighter than one slice of it.
    expect(meanAbsDiff(before[i]!, after), views[i]).toBeGreaterThan(0.5);
  }
  await page.locator('body').press('t');
  await expect(slab).toHaveAttribute('data-thickness', '15');
  await page.locator('body').press('Shift+T');
  await expect(slab).toHaveAttribute('data-thickness', '10');
  await page.locator('body').press('s');
  await expect(slab).toHaveAttribute('data-on', 'false');
});

test('placing a nodule: A, press at the centre and drag to the rim adds a user nodule of that diameter through the contract', async ({ page }) => {
  await openDemoDicom(page);
  const list = page.getByTestId('nodule-list');
  const users = list.locator('[data-testid="nodule-item"][data-source="user"]');
  const before = await users.count();
  await page.locator('body').press('a');
  await expect(page.getByTestId('placement-mode')).toBeVisible();
  const axial = page.getByTestId('viewport-axial');
  const box = (await axial.boundingBox())!;
  const cx = box.x + box.width * 0.35;
  const cy = box.y + box.height * 0.5;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 10, cy, { steps: 3 });
  await page.mouse.move(cx + 20, cy, { steps: 3 });
  await expect(page.getByTestId('placement-preview-axial')).toBeVisible();
  const shown = /Ø ([\d.]+) mm/.exec((await page.getByTestId('placement-preview-axial').textContent()) ?? '');
  expect(shown).not.toBeNull();
  await page.mouse.up();
  await expect(page.getByTestId('placement-mode')).toHaveCount(0);
  await expect(users).toHaveCount(before + 1, { timeout: 10_000 });
  // The list shows the diameter the preview showed at the release.
  const labels = await users.allTextContents();
  expect(labels.some((t) => t.includes(`⌀ ${Number(shown![1]).toFixed(1)} mm`)), labels.join(' | ')).toBe(true);
  // Escape leaves placement mode without adding anything.
  await page.locator('body').press('a');
  await expect(page.getByTestId('placement-mode')).toBeVisible();
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('placement-mode')).toHaveCount(0);
  await expect(users).toHaveCount(before + 1);
});

test('slice montage: G shows every Nth axial slice in a grid, head to foot, in the current window, exported as a PNG', async ({ page }, testInfo) => {
  await openDemoDicom(page);
  await page.locator('body').press('g');
  const canvas = page.getByTestId('slice-montage');
  await expect(canvas).toBeVisible();
  await expect(canvas).not.toHaveAttribute('data-tiles', '0', { timeout: 10_000 });
  const tiles = Number(await canvas.getAttribute('data-tiles'));
  const step = Number(await canvas.getAttribute('data-step'));
  const count = Number(await page.getByTestId('viewport-axial').getAttribute('data-slice-count'));
  expect(tiles).toBe(Math.ceil(count / step));
  // Head to foot: the demo series is stored feet to head, so the first tile is its last slice.
  expect(Number(await canvas.getAttribute('data-first-slice'))).toBe(count - 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('montage-export').click()]);
  expect(download.suggestedFilename()).toMatch(/-montage\.png$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const png = decodePng(new Uint8Array(fs.readFileSync(file)));
  expect(png.width).toBeGreaterThan(100);
  // Lung (dark) and body (bright) both show in the tiles.
  let dark = 0;
  let bright = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i]! < 60) dark++;
    if (png.data[i]! > 200) bright++;
  }
  expect(dark).toBeGreaterThan(1000);
  expect(bright).toBeGreaterThan(1000);
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('montage-overlay')).toHaveCount(0);
});

/** Key presses one animation frame apart, in the page; the preview canvas taken right after the last. */
function scrollBurst(page: Page, steps: number, key: string): Promise<{ drawn: number; shown: boolean; picture: string }> {
  return page.evaluate(
    async ([n, k]) => {
      const el = document.querySelector<HTMLElement>('[data-testid="viewport-axial"]')!;
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="viewport-preview"]')!;
      let drawn = 0;
      const onDrawn = (): void => void drawn++;
      el.addEventListener('lungdesk:slice-drawn', onDrawn);
      for (let i = 0; i < n; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      }
      el.removeEventListener('lungdesk:slice-drawn', onDrawn);
      return { drawn, shown: canvas.style.display === 'block', picture: canvas.toDataURL('image/png') };
    },
    [steps, key] as const,
  );
}

test('scrolling: a burst of steps is drawn at once on the 2D canvas, and after the pause the volume view shows the same slice, the canvas gone; a MIP slab is never drawn that way', async ({ page }, testInfo) => {
  // The MetaImage demo scan: the DICOM ones may carry other tests' mask overlays, which turn
  // the fast path off (it draws the CT alone).
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  await items.filter({ hasText: /metaimage/i }).first().click();
  const axial = page.getByTestId('viewport-axial');
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 60_000 });
  const box = await axial.boundingBox();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  const start = Number(await axial.getAttribute('data-slice-index'));
  const steps = 6;
  const burst = await scrollBurst(page, steps, 'ArrowUp');
  expect(burst.drawn, 'steps drawn by the fast path').toBe(steps);
  expect(burst.shown).toBe(true);
  // The pause: the volume view renders the last slice for real and the canvas gives way.
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  await expect(page.getByTestId('viewport-preview')).toBeHidden();
  const end = Number(await axial.getAttribute('data-slice-index'));
  expect(Math.abs(end - start)).toBe(steps);
  await page.mouse.move(0, 0);
  const afterPause = decodePng(await axial.screenshot({ path: testInfo.outputPath('after-burst.png') }));
  // A plain render of the same slice (slab MIP on and off again renders every view).
  const slab = page.getByTestId('slab-mip');
  await page.locator('body').press('s');
  await expect(slab).toHaveAttribute('data-on', 'true');
  await page.locator('body').press('s');
  await expect(slab).toHaveAttribute('data-on', 'false');
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  const plain = decodePng(await axial.screenshot());
  expect(meanAbsDiff(afterPause, plain)).toBeLessThan(0.5);
  // The fast path's own picture of that step: the same slice at the same place (only the
  // overlays and the GPU's interpolation differ).
  const fast = decodePng(Buffer.from(burst.picture.split(',')[1]!, 'base64'));
  fs.writeFileSync(testInfo.outputPath('fast-step.png'), Buffer.from(burst.picture.split(',')[1]!, 'base64'));
  const diff = meanAbsDiff(fast, plain);
  testInfo.annotations.push({ type: 'fast-step-diff', description: diff.toFixed(2) });
  expect(diff).toBeLessThan(6);
  // A MIP slab is no one stored slice: every step is the volume view's own render.
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await page.locator('body').press('s');
  await expect(slab).toHaveAttribute('data-on', 'true');
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  const mip = await scrollBurst(page, 3, 'ArrowDown');
  expect(mip.drawn).toBe(0);
  expect(mip.shown).toBe(false);
  await expect(axial).toHaveAttribute('data-slice-index', String(end + (end > start ? -3 : 3)));
  await page.locator('body').press('s');
});
