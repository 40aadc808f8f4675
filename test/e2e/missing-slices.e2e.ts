import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { appUrl } from './host';
import { LIDC_0001_SERIES } from '../helpers/lidc-dataset';
import { placeFile } from '../helpers/place-files';

const SERIES = LIDC_0001_SERIES;
// 000041.dcm holds the slice at z -115 mm: slot 90, through the LIDC nodule.
const DROPPED = '000041.dcm';

test.skip(!fs.existsSync(SERIES), 'needs ../shared/data/LIDC-IDRI-0001');

test('a series with a missing slice: the viewer says how many and where, the report names the skipped file, the histogram leaves out padding', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-e2e-missing-'));
  const root = path.join(dir, 'LIDC-gap');
  fs.mkdirSync(root);
  try {
    for (const f of fs.readdirSync(SERIES)) if (f !== DROPPED) placeFile(path.join(SERIES, f), path.join(root, f));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'not an image\n');

    await page.goto(await appUrl());
    await page.getByTestId('import-path').fill(root);
    await page.getByTestId('import-button').click();
    const item = page.getByTestId('dataset-item').filter({ hasText: 'LIDC-gap' });
    await expect(item).toBeVisible({ timeout: 90_000 });
    await item.click();

    const skipped = page.getByTestId('dataset-report').getByTestId('skipped-group');
    await expect(skipped).toHaveCount(1);
    await expect(skipped).toHaveAttribute('data-reason', 'not-image');
    await skipped.locator('summary').click();
    await expect(skipped.getByTestId('skipped-file')).toContainText('notes.txt');

    await page.getByTestId('scan-item').filter({ hasText: 'dicom' }).first().click();
    const notice = page.getByTestId('missing-slices-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('data-count', '1');
    await expect(notice).toContainText('1 slice missing');
    await expect(notice).toContainText('slice 91 (z −115.0 mm)');
    await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });

    // The nodule (LIDC consensus, z ≈ -116 mm) centres the views on the missing slot.
    await page.keyboard.press('n');
    await expect(notice).toHaveAttribute('data-on-current', 'true');

    await page.keyboard.press('h');
    await expect(page.getByTestId('hu-histogram')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(page.getByTestId('histogram-left-out')).toContainText('262,144 voxels of missing slices (padding)');
    await expect(page.getByTestId('histogram-left-out')).toContainText('outside the field of view');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
