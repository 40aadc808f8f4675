import path from 'node:path';
import { expect, test } from '@playwright/test';
import { decodePng, meanGray } from '../helpers/png';
import { appUrl } from './host';

const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');
const LIDC_UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
// annotations.csv, LIDC-IDRI-0001's row: world LPS mm and diameter.
const NODULE = { x: 56.20840547, y: 86.34341278, z: -115.8675792, d: 23.35064438 };
const SPACING = [0.703125, 0.703125, 2.5];

test('reading room: N centres every view on the LUNA16 nodule, the readout agrees with the CSV, the circle is drawn, presets change the image', async ({ page }, testInfo) => {
  await page.goto(await appUrl());
  // The dataset may already be imported by the dataset-browser test; importing again is a no-op re-index.
  await page.getByTestId('import-path').fill(SHARED_DATA);
  await page.getByTestId('import-button').click();
  // The dataset of ../shared/data by its folder (other tests import LIDC folders of their own).
  const item = page.getByTestId('dataset-item').and(page.getByTitle(new RegExp(`^${SHARED_DATA.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`)));
  await expect(item).toBeVisible({ timeout: 90_000 });
  await item.click();
  await page.getByTestId('scan-filter').fill('LIDC-IDRI-0001');
  await page.locator(`[data-testid="scan-item"][data-series-uid="${LIDC_UID}"]`).filter({ hasText: 'dicom' }).click();
  for (const v of ['axial', 'coronal', 'sagittal']) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(page.getByTestId('nodule-list').getByTestId('nodule-item').first()).toBeVisible();

  await page.locator('body').press('n');
  // N works while the volume streams in; the pixel checks below want every slice there.
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 60_000 });
  const axial = page.getByTestId('viewport-axial');
  for (const v of ['axial', 'coronal', 'sagittal']) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled');

  // The readout at the crosshair (the view's centre after centring) is within one voxel of the row.
  const box = (await axial.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const text = (await page.getByTestId('cursor-readout').textContent()) ?? '';
  const m = /x\s+(-?[\d.]+)\s+y\s+(-?[\d.]+)\s+z\s+(-?[\d.]+)/.exec(text);
  expect(m, text).not.toBeNull();
  const [x, y, z] = [Number(m![1]), Number(m![2]), Number(m![3])];
  expect(Math.abs(x - NODULE.x)).toBeLessThanOrEqual(SPACING[0]!);
  expect(Math.abs(y - NODULE.y)).toBeLessThanOrEqual(SPACING[1]!);
  expect(Math.abs(z - NODULE.z)).toBeLessThanOrEqual(SPACING[2]!);

  // The circle: coloured (non-grey) pixels on a ring around the centre of the axial view.
  const shots: Record<string, Buffer> = {};
  for (const v of ['axial', 'coronal', 'sagittal']) {
    shots[v] = await page.getByTestId(`viewport-${v}`).screenshot({ path: testInfo.outputPath(`nodule-${v}.png`) });
  }
  const img = decodePng(shots.axial!);
  let coloured = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const r = img.data[i]!, g = img.data[i + 1]!, b = img.data[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
  }
  expect(coloured).toBeGreaterThan(200);

  // Presets: mediastinum (2) darkens the lung around the nodule compared with the lung window (1).
  await page.locator('body').press('1');
  await expect(page.getByTestId('window-preset')).toHaveAttribute('data-preset', /lung/i);
  const lung = decodePng(await axial.screenshot());
  await page.locator('body').press('2');
  await expect(page.getByTestId('window-preset')).toHaveAttribute('data-preset', /media/i);
  await expect(axial).toHaveAttribute('data-render-state', 'settled');
  const media = decodePng(await axial.screenshot());
  expect(meanGray(lung, 0, 0, 1, 1) - meanGray(media, 0, 0, 1, 1)).toBeGreaterThan(10);
});
