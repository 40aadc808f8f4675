import { expect, type Locator, type Page } from '@playwright/test';

/** The reading room's three panes, by their test ids' suffix. */
export const PANES = ['axial', 'coronal', 'sagittal'] as const;
export type Pane = (typeof PANES)[number];

/** Waits until the shown scan's volume is complete and all three views have settled. */
export async function waitOpened(page: Page): Promise<void> {
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 60_000 });
  for (const v of PANES) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
}

/** The pane under the mouse takes the keys: hover it, then press. */
export async function pressOver(page: Page, pane: Pane, keys: string[]): Promise<void> {
  const box = (await page.getByTestId(`viewport-${pane}`).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (const k of keys) await page.keyboard.press(k);
}

/** Opens the app at `url` and clicks its first DICOM scan: the scan list's items and that scan's series UID. */
export async function openFirstDicomScan(page: Page, url: string): Promise<{ items: Locator; uid: string }> {
  await page.goto(url);
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  const scan = items.filter({ hasText: /dicom/i }).first();
  const uid = (await scan.getAttribute('data-series-uid'))!;
  await scan.click();
  return { items, uid };
}
