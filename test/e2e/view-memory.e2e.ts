import { expect, test, type Page } from '@playwright/test';
import { decodePng, meanAbsDiff, type RgbaImage } from '../helpers/png';
import { appUrl } from './host';
import { PANES, openFirstDicomScan, pressOver, waitOpened } from './panes';

async function shots(page: Page): Promise<Record<string, RgbaImage>> {
  // The mouse off the images: no cursor readout or crosshair hover differs between shots.
  await page.mouse.move(0, 0);
  const out: Record<string, RgbaImage> = {};
  for (const v of PANES) out[v] = decodePng(await page.getByTestId(`viewport-${v}`).screenshot());
  return out;
}

test("re-opening a scan puts back its window and each view's slice, pan and zoom as they were left", async ({ page }, testInfo) => {
  const { items, uid: uidA } = await openFirstDicomScan(page, await appUrl());
  await waitOpened(page);
  const opened = await shots(page);

  // Leave every view changed: the axial slice, the coronal slice and zoom, the sagittal
  // zoom and pan, and the window.
  await pressOver(page, 'axial', ['ArrowDown', 'ArrowDown', 'ArrowDown']);
  await pressOver(page, 'coronal', ['PageDown', '+', '+']);
  await pressOver(page, 'sagittal', ['-', 'Shift+ArrowLeft']);
  await page.keyboard.press('2');
  await expect(page.getByTestId('window-preset')).not.toHaveAttribute('data-preset', 'lung');
  await waitOpened(page);
  const preset = await page.getByTestId('window-preset').getAttribute('data-preset');
  const slice = await page.getByTestId('viewport-axial').getAttribute('data-slice-index');
  const left = await shots(page);
  // The changes show: each view differs from how the scan opened.
  for (const v of PANES) expect(meanAbsDiff(opened[v]!, left[v]!), `${v} changed`).toBeGreaterThan(3);
  // The memory is written a moment after the last change.
  await page.waitForTimeout(600);

  // Another scan, then back.
  await items.filter({ hasNot: page.locator(`[data-series-uid="${uidA}"]`) }).first().click();
  await waitOpened(page);
  await page.locator(`[data-testid="scan-item"][data-series-uid="${uidA}"]`).click();
  await waitOpened(page);

  await expect(page.getByTestId('window-preset')).toHaveAttribute('data-preset', preset!);
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-slice-index', slice!);
  const back = await shots(page);
  for (const v of PANES) {
    const diff = meanAbsDiff(left[v]!, back[v]!);
    testInfo.annotations.push({ type: `${v}-diff`, description: diff.toFixed(2) });
    expect(diff, `${v} as it was left`).toBeLessThan(1.5);
  }
});
