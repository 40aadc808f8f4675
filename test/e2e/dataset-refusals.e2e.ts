import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { writeNifti } from '../../electron/core/io/write/nifti-nrrd-writer';
import { appUrl, startHost } from './host';

// Issue 15, "tried as a new user would": add / as a dataset by mistake, read the clear error,
// cancel, go on working; and a folder past the file budget asks before it is walked on.
test('adding / by mistake is refused with a clear error; dismissed, the demo scan opens as before', async ({ page }, testInfo) => {
  await page.goto(await appUrl());
  const datasets = page.getByTestId('dataset-item');
  await expect(datasets.first()).toBeVisible();
  const before = await datasets.count();

  await page.getByTestId('import-path').fill('/');
  await page.getByTestId('import-button').click();
  const error = page.getByTestId('import-error');
  await expect(error).toBeVisible();
  await expect(error.locator('code')).toHaveText('dataset.refused-folder');
  await expect(error).toContainText('/ is the root of the file system');
  await expect(error).toContainText('add the folder that holds your scans');
  await expect(datasets).toHaveCount(before);
  await page.getByTestId('import-status').screenshot({ path: testInfo.outputPath('refused-root.png') });

  // /proc is refused the same way.
  await page.getByTestId('import-path').fill('/proc');
  await page.getByTestId('import-button').click();
  await expect(error.locator('code')).toHaveText('dataset.refused-folder');
  await expect(error).toContainText('/proc');

  // Cancel (dismiss) and go on working: the demo dataset is there and its scan opens.
  await page.getByTestId('import-dismiss').click();
  await expect(page.getByTestId('import-status')).toHaveCount(0);
  await expect(datasets).toHaveCount(before);
  const demo = datasets.filter({ hasText: 'LungDesk demo' });
  await demo.click();
  const scan = page.getByTestId('scan-list').getByTestId('scan-item').first();
  await expect(scan).toBeVisible();
  await scan.click();
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
});

test.describe('the file budget asks before a big folder is walked on', () => {
  let tmp: string;
  let host: { url: string; child: ChildProcess } | undefined;

  test.beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-e2e-budget-'));
    const folder = path.join(tmp, 'big-folder');
    fs.mkdirSync(path.join(folder, 'notes'), { recursive: true });
    await writeNifti({ dims: [16, 16, 8], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels: new Int16Array(16 * 16 * 8).fill(-1000) }, path.join(folder, 'chest.nii.gz'));
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(folder, 'notes', `note-${i}.txt`), 'x');
    // A host of its own whose first walks stop after 5 files.
    host = await startHost(['--data-dir', path.join(tmp, 'data'), '--no-demo'], { LUNGDESK_FILE_BUDGET: '5' });
  });

  test.afterAll(() => {
    if (host?.child.pid) host.child.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('Cancel adds nothing; Go on retries with a larger budget and indexes the folder', async ({ page }, testInfo) => {
    const folder = path.join(tmp, 'big-folder');
    await page.goto(host!.url);
    const datasets = page.getByTestId('dataset-item');
    await page.getByTestId('import-path').fill(folder);
    await page.getByTestId('import-button').click();

    const confirm = page.getByTestId('import-budget-confirm');
    await expect(confirm).toBeVisible({ timeout: 60_000 });
    await expect(confirm).toContainText('This folder holds more than 5 files');
    await page.getByTestId('import-status').screenshot({ path: testInfo.outputPath('budget-confirm.png') });
    await page.getByTestId('import-budget-cancel').click();
    await expect(confirm).toHaveCount(0);
    await expect(datasets).toHaveCount(0);
    // No error banner for a question the user answered.
    await expect(page.getByRole('alert').filter({ hasText: 'dataset.too-many-files' })).toHaveCount(0);

    await page.getByTestId('import-button').click();
    await expect(confirm).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('import-go-on').click();
    await expect(datasets).toHaveCount(1, { timeout: 60_000 });
    await expect(datasets.first()).toContainText('1 scan');
    await expect(page.getByTestId('scan-list').getByTestId('scan-item')).toHaveCount(1);
  });
});
