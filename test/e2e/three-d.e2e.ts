import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHost } from './host';
import { placeLidcDataset } from '../helpers/lidc-dataset';

type V3 = [number, number, number];

const pane = (page: Page) => page.getByTestId('viewport-3d');

/** The crosshair the reading room holds (the 3D pane shows it and writes it out), LPS mm. */
async function crosshair(page: Page): Promise<V3> {
  const text = (await pane(page).getAttribute('data-crosshair')) ?? '';
  const v = text.split(',').map(Number);
  if (v.length !== 3 || v.some((x) => !Number.isFinite(x))) throw new Error(`no crosshair on the 3D pane: "${text}"`);
  return v as V3;
}

/** Pixels of the 3D canvas that are not the black background (read back: the pane keeps its drawing buffer). */
async function litPixels(page: Page): Promise<{ lit: number; total: number }> {
  return page.getByTestId('viewport-3d-canvas').evaluate((c: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const g = copy.getContext('2d')!;
    g.drawImage(c, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    // The orientation marker's corner (bottom-left) is left out: it is drawn on any scene.
    const corner = Math.ceil(90 * (c.width / c.clientWidth));
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        if (x < corner && y > c.height - corner) continue;
        const i = (y * c.width + x) * 4;
        if (d[i]! + d[i + 1]! + d[i + 2]! > 30) lit++;
      }
    }
    return { lit, total: c.width * c.height };
  });
}

const dist = (a: V3, b: V3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

test('3D view on LIDC-IDRI-0001: the lung surface is drawn, a click on the nodule surface moves the crosshair into the LUNA16 nodule and selects it, the clipping plane follows the axial slice, the shown surface exports as binary STL, a saved mask edit changes the lung surface', async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const root = placeLidcDataset('lungdesk-3d-e2e-', { annotations: true });
  const host = await startHost(['--data-dir', path.join(root, 'data'), '--no-demo', '--dataset', path.join(root, 'ds')]);
  try {
    await page.goto(host.url);
    await page.getByTestId('dataset-item').filter({ hasText: 'ds' }).click();
    await page.getByTestId('scan-item').first().click();
    await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
    await expect(page.locator('[aria-label="Reading room"]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 90_000 });
    const panel = page.getByTestId('mask-panel');
    await panel.getByTestId('mask-run-lung').click();
    await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 180_000 });
    // The lesion surfaces are the nodule mask's labels: segment the nodules too.
    await panel.getByTestId('mask-run-nodules').click();
    await expect(panel.locator('[data-testid="mask-job"][data-kind="nodules"]')).toHaveAttribute('data-status', 'succeeded', { timeout: 180_000 });
    const scanId = Number(await page.locator('[data-testid="scan-item"]').first().getAttribute('data-scan-id'));
    const { spacing, luna } = await page.evaluate(async (id) => {
      const api = (window as unknown as { lungdesk: { getVolumeSlices(i: object): Promise<{ header: { spacing: V3 } }>; listLesions(i: object): Promise<{ lesions: { key: string; members: { source: string; center: V3; diameterMm: number | null }[] }[] }> } }).lungdesk;
      const { header } = await api.getVolumeSlices({ scanId: id, start: 0, count: 1 });
      const { lesions } = await api.listLesions({ scanId: id });
      const withLuna = lesions.flatMap((l) => l.members.filter((m) => m.source === 'luna-csv').map((m) => ({ key: l.key, center: m.center, diameterMm: m.diameterMm ?? 0 })));
      return { spacing: header.spacing, luna: withLuna[0] ?? null };
    }, scanId);
    expect(luna, 'LIDC-IDRI-0001 has a LUNA16 nodule').not.toBeNull();

    // Shift+3 (#): the 3D pane maximised; the lung surface meshed and drawn (pixels, not only the DOM).
    await page.getByTestId('viewport-axial').hover();
    await page.keyboard.press('#');
    await expect(pane(page)).toHaveAttribute('data-maximised', 'true');
    await expect(pane(page)).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    expect(Number(await pane(page).getAttribute('data-lung-triangles'))).toBeGreaterThan(1000);
    const lungMaskId = Number(await pane(page).getAttribute('data-lung-mask-id'));
    expect(lungMaskId).toBeGreaterThan(0);
    // Only the lung: bone would cover it from the front.
    await pane(page).getByTestId('three-d-panel-toggle').click();
    await pane(page).getByTestId('surface-visible-bone').uncheck();
    await pane(page).getByTestId('three-d-panel-toggle').click();
    await expect(pane(page).getByTestId('three-d-panel')).toHaveCount(0);
    await expect.poll(async () => (await litPixels(page)).lit).toBeGreaterThan(2000);
    const { lit, total } = await litPixels(page);
    expect(lit / total, 'the lung covers a good part of the pane').toBeGreaterThan(0.05);
    await page.screenshot({ path: testInfo.outputPath('lung.png') });

    // Back to the layout, then the 2×2 one: the 3D pane beside the slice views.
    await pane(page).hover();
    await page.keyboard.press('#');
    const layout = page.getByTestId('layout');
    await expect(layout).not.toHaveAttribute('data-layout', 'maximised');
    await page.getByTestId('viewport-axial').hover();
    for (let i = 0; i < 4 && (await layout.getAttribute('data-layout')) !== '2x2'; i++) await page.keyboard.press('l');
    await expect(layout).toHaveAttribute('data-layout', '2x2');
    await expect(pane(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    // Select the LUNA16 nodule in the list: the 3D camera turns to it and writes where its centre is on the canvas.
    await page.locator(`[data-testid="nodule-item"][data-lesion-id="${luna!.key}"]`).click();
    await expect(pane(page)).not.toHaveAttribute('data-selected-screen', '', { timeout: 10_000 });
    // The crosshair away from the nodule: a click on the axial view far from it.
    const axialBox = (await page.getByTestId('viewport-axial').boundingBox())!;
    await page.mouse.click(axialBox.x + axialBox.width * 0.15, axialBox.y + axialBox.height * 0.15);
    await expect.poll(async () => dist(await crosshair(page), luna!.center)).toBeGreaterThan(luna!.diameterMm);

    // A click on the nodule's surface in 3D: the crosshair moves within its radius of the LUNA16 centre, the lesion is selected.
    const at = ((await pane(page).getAttribute('data-selected-screen')) ?? '').split(',').map(Number);
    const canvasBox = (await page.getByTestId('viewport-3d-canvas').boundingBox())!;
    await page.mouse.click(canvasBox.x + at[0]!, canvasBox.y + at[1]!);
    await expect.poll(async () => dist(await crosshair(page), luna!.center)).toBeLessThanOrEqual(luna!.diameterMm / 2 + 0.5);
    await expect(page.locator(`[data-testid="nodule-item"][data-lesion-id="${luna!.key}"]`)).toHaveAttribute('aria-pressed', 'true');

    // The clipping plane on the axial slice (C over the pane) sits at the axial slice, and follows it when it scrolls.
    await pane(page).hover();
    await page.keyboard.press('c');
    await expect(pane(page)).toHaveAttribute('data-clip', 'axial');
    const z0 = (await crosshair(page))[2];
    await expect.poll(async () => Math.abs(Number(await pane(page).getAttribute('data-clip-world')) - z0)).toBeLessThanOrEqual(spacing[2] / 2 + 0.01);
    const clip0 = Number(await pane(page).getAttribute('data-clip-world'));
    await page.getByTestId('viewport-axial').hover();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled');
    await expect.poll(async () => Math.abs(Number(await pane(page).getAttribute('data-clip-world')) - clip0)).toBeCloseTo(4 * spacing[2], 1);
    await pane(page).hover();
    for (let i = 0; i < 3; i++) await page.keyboard.press('c');
    await expect(pane(page)).toHaveAttribute('data-clip', 'off');

    // X over the pane: export the shown surface as binary STL to the default path beside the data folder.
    await pane(page).hover();
    await page.keyboard.press('x');
    const exportPath = path.join(root, `lungdesk-${scanId}-lung.stl`);
    await expect(pane(page).getByTestId('three-d-export-path')).toHaveValue(exportPath);
    await pane(page).getByTestId('three-d-export-save').click();
    await expect(pane(page).getByTestId('three-d-export-result')).toContainText('Wrote', { timeout: 120_000 });
    const stl = fs.statSync(exportPath).size;
    expect(stl).toBeGreaterThan(84);
    expect((stl - 84) % 50, 'a binary STL: an 84-byte header and 50 bytes a triangle').toBe(0);
    await pane(page).getByRole('button', { name: 'Close' }).click();

    // A saved edit: a brush blob into the lung mask, saved; the lung surface is meshed again from the new version.
    const lungRow = panel.locator('[data-testid="mask-version"][data-kind="lung"]').first();
    const parentId = Number(await lungRow.getAttribute('data-mask-id'));
    expect(parentId).toBe(lungMaskId);
    const triangles0 = Number(await pane(page).getAttribute('data-lung-triangles'));
    await page.getByTestId('mask-edit-source').selectOption(String(parentId));
    const bar = page.getByTestId('mask-editor-bar');
    await expect(bar).toHaveAttribute('data-editing', 'true');
    await bar.getByTestId('tool-brush').click();
    await bar.getByTestId('brush-size').fill('20');
    const box = (await page.getByTestId('viewport-axial').boundingBox())!;
    // Outside the lungs, toward the image's corner: a blob of new "lung" there is a new piece of surface.
    const bx = box.x + box.width * 0.2;
    const by = box.y + box.height * 0.2;
    await page.mouse.move(bx, by);
    await page.mouse.down();
    await page.mouse.move(bx + 30, by + 10, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => Number(await bar.getAttribute('data-changed'))).toBeGreaterThan(0);
    await bar.getByTestId('mask-save').click();
    await page.getByTestId('mask-save-note').fill('3D: a blob of lung');
    await page.getByTestId('mask-save-note').press('Enter');
    await expect(bar).toHaveAttribute('data-dirty', 'false');
    await expect.poll(async () => Number(await pane(page).getAttribute('data-lung-mask-id')), { timeout: 120_000 }).toBeGreaterThan(lungMaskId);
    await expect(pane(page)).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    expect(Number(await pane(page).getAttribute('data-lung-triangles'))).not.toBe(triangles0);
    await page.screenshot({ path: testInfo.outputPath('after-edit.png') });
    expect(errors).toEqual([]);
  } finally {
    host.child.kill('SIGKILL');
  }
});
