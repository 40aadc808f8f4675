import path from 'node:path';
import { expect, test } from '@playwright/test';
import { appUrl } from './host';

const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');
const LIDC_UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';

test('imports ../shared/data from the UI: the report matches one LUNA16 row, and LIDC-IDRI-0001 shows its nodule and LIDC readers', async ({ page }, testInfo) => {
  await page.goto(await appUrl());
  await page.getByTestId('import-path').fill(SHARED_DATA);
  await page.getByTestId('import-button').click();
  // The dataset of ../shared/data by its folder (other tests import LIDC folders of their own).
  const item = page.getByTestId('dataset-item').and(page.getByTitle(new RegExp(`^${SHARED_DATA.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`)));
  await expect(item).toBeVisible({ timeout: 90_000 });
  await item.click();

  const report = page.getByTestId('dataset-report');
  const csv = report.getByTestId('import-report').and(page.locator('[data-file="annotations.csv"]'));
  await expect(csv.getByTestId('rows-matched')).toContainText('1');
  await expect(csv.getByTestId('rows-unmatched')).toContainText('1,185');

  await page.getByTestId('scan-filter').fill('LIDC-IDRI-0001');
  const scan = page.locator(`[data-testid="scan-item"][data-series-uid="${LIDC_UID}"]`).filter({ hasText: 'dicom' });
  await expect(scan).toHaveCount(1);
  await expect(scan.getByTestId('nodule-count')).toContainText('1');
  await scan.click();
  const summary = page.getByTestId('annotation-summary');
  await expect(summary).toHaveAttribute('data-state', 'ready');
  // One lesion marked by all four readers (a consensus), each reader's own mark listed.
  await expect(summary).toContainText(/Consensus lesions \(≥ half of the readers\)\s*1/);
  await expect(summary.getByTestId('annotation-row').filter({ hasText: 'reader' })).toHaveCount(4);
  await expect(summary.getByTestId('annotation-row').filter({ hasText: 'LUNA16' })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('dataset-browser.png') });
});

test('importing a file instead of a folder shows io.not-a-folder naming the file and the folder to import', async ({ page }) => {
  await page.goto(await appUrl());
  const datasets = page.getByTestId('dataset-item');
  await expect(datasets.first()).toBeVisible();
  const before = await datasets.count();
  const file = path.join(SHARED_DATA, 'SOURCES.md');
  await page.getByTestId('import-path').fill(file);
  await page.getByTestId('import-button').click();
  const error = page.getByTestId('import-error');
  await expect(error).toBeVisible();
  await expect(error.locator('code')).toHaveText('io.not-a-folder');
  await expect(error).toContainText(`${file} is a file, not a folder`);
  await expect(error).toContainText(`import the folder that holds it (${SHARED_DATA})`);
  // Nothing was added.
  await expect(datasets).toHaveCount(before);
});
