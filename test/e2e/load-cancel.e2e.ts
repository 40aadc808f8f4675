import { expect, test } from '@playwright/test';
import { appUrl } from './host';

test('opening another scan while one streams in stops the first load: its stream is cancelled, none of its slabs is taken in, and it never completes', async ({ page }) => {
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items.first()).toBeVisible();
  const first = items.filter({ hasText: 'LDEMO-001' });
  const second = items.filter({ hasText: 'LDEMO-002' });
  const firstId = Number(await first.getAttribute('data-scan-id'));
  const secondId = Number(await second.getAttribute('data-scan-id'));

  // Hold the first scan's stream back, so its load is still running when the second opens.
  const streamed: number[] = [];
  const cancelled: number[] = [];
  await page.route('**/api/streamVolumeSlices', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { scanId: number };
    streamed.push(body.scanId);
    if (body.scanId === firstId) await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.route('**/api/cancelVolumeLoad', async (route) => {
    cancelled.push((JSON.parse(route.request().postData() ?? '{}') as { scanId: number }).scanId);
    await route.continue();
  });

  const room = page.locator('[data-volume-state]');
  await first.click();
  await expect(room).toHaveAttribute('data-volume-state', 'partial', { timeout: 30_000 });
  await expect(page.getByTestId('volume-progress')).toBeVisible();
  await second.click();
  await expect(room).toHaveAttribute('data-volume-state', 'complete', { timeout: 30_000 });
  // Let the held stream of the first scan come back: none of it may be taken in.
  await page.waitForTimeout(2000);

  expect(streamed).toEqual([firstId, secondId]);
  expect(cancelled).toContain(firstId);
  const marks = await page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((e) => e.name === 'lungdesk:volume-complete' || e.name === 'lungdesk:stage')
      .map((e) => ({ name: e.name, ...((e as PerformanceMark).detail as { scanId: number; stage?: string }) })),
  );
  expect(marks.filter((m) => m.scanId === firstId && m.stage === 'first slab received')).toEqual([]);
  const completed = marks.filter((m) => m.name === 'lungdesk:volume-complete').map((m) => m.scanId);
  expect(completed).toContain(secondId);
  expect(completed).not.toContain(firstId);
  // The second scan is the one on screen.
  await expect(room).toHaveAttribute('data-volume-state', 'complete');
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-slice-count', String(await second.evaluate((el) => /(\d+) slices/.exec(el.textContent ?? '')?.[1] ?? '')));
});
