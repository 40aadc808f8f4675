import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ANNOTATION_PALETTE } from '../../renderer/features/review/model/lesion-list';
import { decodePng, type RgbaImage } from '../helpers/png';
import { startHost } from './host';
import { placeLidcDataset } from '../helpers/lidc-dataset';

// The review drawing's colours, by state and by reader.
const ANNOTATION_COLOURS = ANNOTATION_PALETTE.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

/** Pixels within a box around the centre of an image whose colour is one of the annotation colours. */
function annotationPixels(img: RgbaImage, half: number): number {
  let n = 0;
  const cx = Math.round(img.width / 2);
  const cy = Math.round(img.height / 2);
  for (let y = Math.max(0, cy - half); y < Math.min(img.height, cy + half); y++) {
    for (let x = Math.max(0, cx - half); x < Math.min(img.width, cx + half); x++) {
      const i = 4 * (x + img.width * y);
      const px = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
      if (ANNOTATION_COLOURS.some((c) => Math.abs(c[0]! - px[0]!) + Math.abs(c[1]! - px[1]!) + Math.abs(c[2]! - px[2]!) < 60)) n++;
    }
  }
  return n;
}

const rows = (page: Page) => page.getByTestId('nodule-list').getByTestId('nodule-item');
const selectedRow = (page: Page) => page.getByTestId('nodule-list').locator('[data-testid="nodule-item"][aria-pressed="true"]');
const press = (page: Page, key: string) => page.locator('body').press(key);

async function openScan(page: Page, datasetName: string): Promise<void> {
  await page.getByTestId('dataset-item').filter({ hasText: datasetName }).click();
  await page.getByTestId('scan-item').first().click();
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(rows(page).first()).toBeVisible();
}

test('lesion review on LIDC-IDRI-0001: one row per lesion, N visits each once, decisions by key survive a reload and a re-index, progress follows, hidden drawing leaves the nodule clean', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const root = placeLidcDataset('lungdesk-review-e2e-');
  const dataset = path.join(root, 'ds');
  const name = 'ds';
  const serve = () => startHost(['--data-dir', path.join(root, 'data'), '--no-demo', '--dataset', dataset]);
  let host = await serve();
  await page.goto(host.url);
  await openScan(page, name);

  // 27 marks (4 readers' nodule, 9 < 3 mm points, 13 non-nodules) and a LUNA16-free folder:
  // one nodule lesion by default; the rest on demand, one row each.
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('consensus · 4 of 4 readers');
  await expect(page.getByTestId('scan-item').first()).toContainText('1');
  await page.getByTestId('show-minor-lesions').check();
  const ids = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-lesion-id')));
  expect(ids.length).toBeGreaterThan(4);
  expect(new Set(ids).size).toBe(ids.length);

  // N visits every lesion once, in list order, then wraps.
  await page.getByTestId('viewport-axial').hover();
  const visited: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    await press(page, 'n');
    await expect(selectedRow(page)).toHaveAttribute('data-lesion-id', ids[i]!);
    visited.push((await selectedRow(page).getAttribute('data-lesion-id'))!);
  }
  expect(visited).toEqual(ids);
  await press(page, 'n');
  await expect(selectedRow(page)).toHaveAttribute('data-lesion-id', ids[0]!);

  // Decisions by key: accept the nodule (Y); reject a < 3 mm lesion as a vessel (D, 2), undo (U), reject it below 3 mm (D, 5).
  const noduleId = ids[0]!;
  await expect(page.locator(`[data-testid="nodule-item"][data-lesion-id="${noduleId}"]`)).toHaveAttribute('data-category', 'nodule');
  await press(page, 'y');
  await expect(page.locator(`[data-testid="nodule-item"][data-lesion-id="${noduleId}"]`)).toHaveAttribute('data-review-state', 'accepted');
  await press(page, 'n');
  const smallId = ids[1]!;
  await expect(selectedRow(page)).toHaveAttribute('data-lesion-id', smallId);
  await press(page, 'd');
  await expect(page.getByTestId('reject-prompt')).toBeVisible();
  await press(page, '2');
  await press(page, 'Enter');
  const small = page.locator(`[data-testid="nodule-item"][data-lesion-id="${smallId}"]`);
  await expect(small).toHaveAttribute('data-review-state', 'rejected');
  await expect(small).toContainText('vessel');
  await press(page, 'u');
  await expect(small).toHaveAttribute('data-review-state', 'undecided');
  await press(page, 'd');
  await press(page, '5');
  await press(page, 'Enter');
  await expect(small).toHaveAttribute('data-review-state', 'rejected');
  await expect(small).toContainText('below 3 mm');

  // The scan and the dataset progress follow.
  await expect(page.getByTestId('scan-review-state')).toHaveAttribute('data-status', 'in-progress');
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-accepted', '1');
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-undecided', '0');

  // Scan done (Shift+D, Enter: nothing missed): every nodule lesion is decided.
  await press(page, 'Shift+D');
  await expect(page.getByTestId('scan-done-prompt')).toBeVisible();
  await press(page, 'Enter');
  await expect(page.getByTestId('scan-review-state')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-scans-done', '1');
  await expect(page.getByTestId('scan-item').first()).toContainText('done');

  // A reload and a re-index keep every decision.
  const expectKept = async () => {
    await page.getByTestId('show-minor-lesions').check();
    await expect(page.locator(`[data-testid="nodule-item"][data-lesion-id="${noduleId}"]`)).toHaveAttribute('data-review-state', 'accepted');
    await expect(page.locator(`[data-testid="nodule-item"][data-lesion-id="${smallId}"]`)).toHaveAttribute('data-review-state', 'rejected');
    await expect(page.getByTestId('scan-review-state')).toHaveAttribute('data-status', 'done');
  };
  await page.reload();
  await openScan(page, name);
  await expectKept();
  // And a restart of the backend.
  host.child.kill();
  await new Promise((r) => host.child.once('exit', r));
  host = await serve();
  await page.goto(host.url);
  await openScan(page, name);
  await expectKept();
  // A new file makes the re-index a real one: every annotation row is imported again (new ids).
  fs.writeFileSync(path.join(dataset, 'notes.txt'), 'reviewed in the e2e test\n');
  const indexJobs = page.getByTestId('job-item').filter({ hasText: `Indexing ${name}` });
  await expect(indexJobs).toHaveCount(0);
  await page.getByRole('button', { name: `Re-index ${name}` }).click();
  await expect(indexJobs).toHaveCount(1, { timeout: 60_000 });
  await expect(indexJobs.first()).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expectKept();

  // One key hides every drawing: around the nodule no annotation colour is left; the same key brings it back.
  await page.getByTestId('show-minor-lesions').uncheck();
  await page.getByTestId('viewport-axial').hover();
  await press(page, 'n');
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 60_000 });
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled');
  const shown = decodePng(await page.getByTestId('viewport-axial').screenshot({ path: testInfo.outputPath('drawn.png') }));
  expect(annotationPixels(shown, 120)).toBeGreaterThan(30);
  await press(page, 'v');
  await expect(page.getByTestId('drawing-mode')).toHaveAttribute('data-mode', 'hidden');
  const hidden = decodePng(await page.getByTestId('viewport-axial').screenshot({ path: testInfo.outputPath('hidden.png') }));
  expect(annotationPixels(hidden, 120)).toBe(0);
  await press(page, 'v');
  await expect(page.getByTestId('drawing-mode')).toHaveAttribute('data-mode', 'lesions');
  host.child.kill();
  fs.rmSync(root, { recursive: true, force: true });
});
