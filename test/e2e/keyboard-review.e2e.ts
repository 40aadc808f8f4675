import { expect, test } from '@playwright/test';
import { appUrl } from './host';

test('keyboard review: / and Enter open a demo scan, N steps through every nodule; E and Delete edit and delete a nodule of your own', async ({ page }) => {
  await page.goto(await appUrl());
  await expect(page.getByTestId('scan-list').getByTestId('scan-item').first()).toBeVisible();
  // / focuses the filter, Enter moves into the list on the first scan, Enter opens it.
  await page.keyboard.press('/');
  await expect(page.getByTestId('scan-filter')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  for (const v of ['axial', 'coronal', 'sagittal']) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });

  const items = page.getByTestId('nodule-list').getByTestId('nodule-item');
  await expect(items.first()).toBeVisible();
  const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-nodule-id')));
  const visited = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    await page.keyboard.press('n');
    const selected = page.getByTestId('nodule-list').locator('[data-testid="nodule-item"][aria-pressed="true"]');
    await expect(selected).toHaveCount(1);
    const id = (await selected.getAttribute('data-nodule-id'))!;
    visited.add(id);
    // Its details (centre in LPS mm, ratings) are shown.
    await expect(page.getByTestId('nodule-details')).toHaveAttribute('data-nodule-id', id);
  }
  expect([...visited].sort()).toEqual([...ids].sort());

  // A nodule of one's own (A, then a drag) on the selected lesion joins it as the user's
  // mark (extents overlap); E edits it and Delete deletes it.
  const selectedRow = page.getByTestId('nodule-list').locator('[data-testid="nodule-item"][aria-pressed="true"]');
  const lesionId = (await selectedRow.getAttribute('data-lesion-id'))!;
  const userMembers = page.getByTestId('nodule-details').locator('[data-testid="lesion-member"][data-source="user"]');
  await expect(userMembers).toHaveCount(0);
  await page.keyboard.press('a');
  const box = (await page.getByTestId('viewport-axial').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5 + 15, box.y + box.height * 0.5, { steps: 4 });
  await page.mouse.up();
  await expect(userMembers).toHaveCount(1, { timeout: 10_000 });
  await expect(selectedRow).toHaveAttribute('data-lesion-id', lesionId);
  await expect(selectedRow).toContainText('user mark');
  await page.locator('body').press('e');
  const diameter = page.getByTestId('nodule-form-diameter');
  await expect(diameter).toBeFocused();
  await diameter.fill('7.5');
  await page.keyboard.press('Enter');
  await expect(userMembers).toContainText('⌀ 7.5 mm');
  await page.locator('body').press('Delete');
  await expect(page.getByTestId('nodule-delete-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(userMembers).toHaveCount(0);
  await expect(selectedRow).not.toContainText('user mark');
});
