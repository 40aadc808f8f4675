import { expect, test } from '@playwright/test';
import { appUrl } from './host';

test('opening another scan while one streams in stops the first load: no more of its slabs are asked for, and it never completes', async ({ page }) => {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  const first = items.filter({ hasText: 'LDEMO-001' });
  const second = items.filter({ hasText: 'LDEMO-002' });
  const firstId = Number(await first.getAttribute('data-scan-id'));
  const secondId = Number(await second.getAttribute('data-scan-id'));

  // Hold the first scan's slabs back, so its load is still running when the second opens.
  const asked: { scanId: number; start: number; count: number }[] = [];
  await page.route('**/api/getVolumeSlices', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { scanId: number; start: number; count: number };
    asked.push(body);
    if (body.scanId === firstId && body.count > 1) await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });

  const room = page.locator('[data-volume-state]');
  await first.click();
  await expect(room).toHaveAttribute('data-volume-state', 'partial', { timeout: 30_000 });
  await expect(page.getByTestId('volume-progress')).toBeVisible();
  await second.click();
  await expect(room).toHaveAttribute('data-volume-state', 'complete', { timeout: 30_000 });
  // Let the held requests of the first scan come back: nothing more may follow them.
  await page.waitForTimeout(2000);

  const firstSlabs = asked.filter((a) => a.scanId === firstId && a.count > 1);
  expect(firstSlabs.length).toBeLessThanOrEqual(2);
  expect(asked.filter((a) => a.scanId === secondId).length).toBeGreaterThan(2);
  const completed = await page.evaluate(() => performance.getEntriesByName('lungdesk:volume-complete').map((e) => (e as PerformanceMark).detail.scanId as number));
  expect(completed).toContain(secondId);
  expect(completed).not.toContain(firstId);
  // The second scan is the one on screen.
  await expect(room).toHaveAttribute('data-volume-state', 'complete');
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-slice-count', String(await second.evaluate((el) => /(\d+) slices/.exec(el.textContent ?? '')?.[1] ?? '')));
});
