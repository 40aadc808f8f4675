import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHost } from './host';
import { placeLidcDataset, LIDC_0001_SERIES_UID } from '../helpers/lidc-dataset';

/** Every value under a key matching `key`, at any depth of a JSON value. */
function valuesUnder(v: unknown, key: RegExp): unknown[] {
  const out: unknown[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x === null || typeof x !== 'object') return;
    for (const [k, val] of Object.entries(x)) {
      if (key.test(k)) out.push(val);
      walk(val);
    }
  };
  walk(v);
  return out;
}

/** The objects of a JSON value (at any depth) that hold `needle` as one of their own values. */
function objectsHolding(v: unknown, needle: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x === null || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (Object.values(o).includes(needle)) out.push(o);
    Object.values(o).forEach(walk);
  };
  walk(v);
  return out;
}

const numbersIn = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(numbersIn) : typeof v === 'number' ? [v] : v !== null && typeof v === 'object' ? Object.values(v).flatMap(numbersIn) : []);

async function runMaskJob(page: Page, button: 'mask-run-lung' | 'mask-run-nodules', kind: string): Promise<number> {
  const panel = page.getByTestId('mask-panel');
  await panel.getByTestId(button).click();
  await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 180_000 });
  const row = panel.locator(`[data-testid="mask-version"][data-kind="${kind}"]`).first();
  await expect(row).toBeVisible();
  return Number(await row.getAttribute('data-mask-id'));
}

test('export from the dialog on LIDC-IDRI-0001: review the scan, export nnU-Net + cubes, watch the progress, and the manifest lists the accepted lesion and the mask version used', async ({ page }, testInfo) => {
  test.setTimeout(480_000);
  const root = placeLidcDataset('lungdesk-export-e2e-');
  const outDir = path.join(root, 'export');
  fs.mkdirSync(outDir);
  const host = await startHost(['--data-dir', path.join(root, 'data'), '--no-demo', '--dataset', path.join(root, 'ds')]);
  try {
    await page.goto(host.url);
    await page.getByTestId('dataset-item').filter({ hasText: 'ds' }).click();
    await page.getByTestId('scan-item').first().click();
    await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
    await expect(page.locator('[aria-label="Reading room"]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 90_000 });

    // Masks to export: the lung mask and the nodule segmentation, each a saved version.
    const lungId = await runMaskJob(page, 'mask-run-lung', 'lung');
    await runMaskJob(page, 'mask-run-nodules', 'nodules');

    // Review: accept the nodule lesion (Y) and mark the scan done (Shift+D, Enter: nothing missed).
    const rows = page.getByTestId('nodule-list').getByTestId('nodule-item');
    await expect(rows).toHaveCount(1);
    const lesionKey = (await rows.first().getAttribute('data-lesion-id'))!;
    await page.getByTestId('viewport-axial').hover();
    await page.locator('body').press('n');
    await expect(rows.first()).toHaveAttribute('aria-pressed', 'true');
    await page.locator('body').press('y');
    await expect(rows.first()).toHaveAttribute('data-review-state', 'accepted');
    await page.locator('body').press('Shift+D');
    await expect(page.getByTestId('scan-done-prompt')).toBeVisible();
    await page.locator('body').press('Enter');
    await expect(page.getByTestId('scan-review-state')).toHaveAttribute('data-status', 'done');

    // The Export dialog: its key is on the button; the app's keys rest while it is open.
    await expect(page.getByTestId('export-open')).toHaveAttribute('title', /Shift\+E/);
    await page.getByTestId('export-open').click();
    const dialog = page.getByTestId('export-dialog');
    await expect(dialog).toBeVisible();
    await page.getByTestId('export-out-dir').fill(outDir);
    for (const f of ['nnunet', 'monai', 'npy', 'cubes', 'seg', 'nifti', 'nrrd']) await page.getByTestId(`export-format-${f}`).setChecked(f === 'nnunet' || f === 'cubes');
    await expect(page.getByTestId('export-cube-mm')).toBeVisible();

    // A bad value is refused beside its field by the contract's schema, and blocks Start.
    await page.getByTestId('export-cube-mm').fill('4');
    await expect(page.getByTestId('export-error-cubeMm')).toHaveText('at least 8');
    await expect(page.getByTestId('export-start')).toBeDisabled();
    await page.getByTestId('export-cube-mm').fill('48');
    await expect(page.getByTestId('export-error-cubeMm')).toHaveCount(0);

    // The preview: one case, one lesion, the masks it will use.
    const preview = page.getByTestId('export-preview');
    await expect(preview).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(preview).toHaveAttribute('data-cases', '1');
    await expect(preview).toHaveAttribute('data-lesions', '1');
    const previewRow = page.getByTestId('export-preview-case');
    await expect(previewRow).toContainText(`#${lungId}`);
    const previewMaskIds = [...((await previewRow.textContent()) ?? '').matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
    await page.screenshot({ path: testInfo.outputPath('export-preview.png') });

    // Enter starts; the bar counts cases until the summary.
    await expect(page.getByTestId('export-start')).toBeEnabled();
    const jobItems = page.getByTestId('job-panel').getByTestId('job-item');
    const jobsBefore = await jobItems.count();
    // Every state the bar shows is recorded as the page draws it (no sampling by timer).
    await dialog.evaluate((el) => {
      const seen: { value: number; done: string }[] = [];
      (window as unknown as { exportBar: typeof seen }).exportBar = seen;
      const record = (): void => {
        const bar = el.querySelector<HTMLProgressElement>('[data-testid="export-progress"]');
        if (bar && bar.hasAttribute('value')) seen.push({ value: bar.value, done: bar.dataset.done ?? '' });
      };
      new MutationObserver(record).observe(el, { subtree: true, attributes: true, childList: true, characterData: true });
    });
    await page.getByTestId('export-out-dir').press('Enter');
    const bar = page.getByTestId('export-progress');
    await expect(bar).toBeVisible();
    await expect(jobItems).toHaveCount(jobsBefore + 1);
    const summary = page.getByTestId('export-summary');
    await expect(summary).toHaveAttribute('data-status', 'succeeded', { timeout: 300_000 });
    await expect(bar).toHaveAttribute('data-done', '1');
    await expect(bar).toHaveAttribute('data-total', '1');
    // The bar only went forward, and ended full.
    const seen = await page.evaluate(() => (window as unknown as { exportBar: { value: number; done: string }[] }).exportBar);
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.value).toBeGreaterThanOrEqual(seen[i - 1]!.value);
    expect(seen[seen.length - 1]).toEqual({ value: 1, done: '1' });
    await expect(summary).not.toContainText('failed');
    await page.screenshot({ path: testInfo.outputPath('export-summary.png') });

    // The manifest on disk lists the scan's case with the accepted lesion and the mask versions used.
    const manifestPath = (await page.getByTestId('export-manifest').textContent())!.trim();
    expect(path.isAbsolute(manifestPath) ? manifestPath : path.join(outDir, manifestPath)).toBe(path.join(outDir, 'manifest.json'));
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
    const cases = objectsHolding(manifest, LIDC_0001_SERIES_UID);
    expect(cases.length).toBeGreaterThan(0);
    const entry = cases[0]!;
    expect(JSON.stringify(entry)).toContain(lesionKey);
    expect(JSON.stringify(entry)).toContain('accepted');
    // Every mask version the preview named for the case (the lung mask among them) is recorded.
    const maskIds = valuesUnder(entry, /mask/i).flatMap(numbersIn);
    expect(previewMaskIds).toContain(lungId);
    for (const id of previewMaskIds) expect(maskIds).toContain(id);
    expect(fs.existsSync(path.join(outDir, 'Dataset501_LungDesk', 'dataset.json'))).toBe(true);

    // Esc closes the ended export; the job stays in the jobs panel.
    await dialog.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('job-panel').locator('[data-testid="job-item"][data-status="succeeded"]').first()).toBeVisible();
  } finally {
    host.child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
