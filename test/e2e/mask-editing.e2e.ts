import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { appUrl, startHost } from './host';
import { placeLidcDataset } from '../helpers/lidc-dataset';

interface Geometry {
  dims: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  direction: number[];
}

type V3 = [number, number, number];

/** World (LPS mm) → continuous voxel index, through the full direction matrix (as the viewer does). */
function toIndex(p: V3, g: Geometry): V3 {
  const d = g.direction;
  const q = [p[0] - g.origin[0], p[1] - g.origin[1], p[2] - g.origin[2]];
  return [0, 1, 2].map((j) => (d[j]! * q[0]! + d[3 + j]! * q[1]! + d[6 + j]! * q[2]!) / g.spacing[j]!) as V3;
}

/** Distance in mm from voxel centre (i, j) to the segment a→b on an axial slice (in-plane). */
function segmentDistanceMm(i: number, j: number, a: V3, b: V3, g: Geometry): number {
  const px = i * g.spacing[0];
  const py = j * g.spacing[1];
  const ax = a[0] * g.spacing[0];
  const ay = a[1] * g.spacing[1];
  const bx = b[0] * g.spacing[0];
  const by = b[1] * g.spacing[1];
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The world point the readout shows for the mouse at page point (x, y) (whole pixels: events carry no fractions). */
async function worldAt(page: Page, x: number, y: number): Promise<V3> {
  const readout = page.getByTestId('cursor-readout');
  const before = await readout.textContent();
  await page.mouse.move(x, y);
  // The readout follows the mouse on React's next render: wait for it to move.
  await expect.poll(() => readout.textContent()).not.toBe(before);
  const text = (await readout.textContent()) ?? '';
  const m = /x (-?[\d.]+) y (-?[\d.]+) z (-?[\d.]+) mm/.exec(text.replace(/−/g, '-'));
  if (!m) throw new Error(`no world point in the readout: ${text}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * The axial pane's page → voxel map, measured from the readout at two points (the view is an
 * axis-aligned scaling and shift of the slice): voxel (i, j) ↔ page point (x, y).
 */
async function calibrate(page: Page, g: Geometry) {
  const box = (await page.getByTestId('viewport-axial').boundingBox())!;
  const p1 = [Math.round(box.x + box.width * 0.3), Math.round(box.y + box.height * 0.3)] as const;
  const p2 = [Math.round(box.x + box.width * 0.7), Math.round(box.y + box.height * 0.7)] as const;
  const v1 = toIndex(await worldAt(page, p1[0], p1[1]), g);
  const v2 = toIndex(await worldAt(page, p2[0], p2[1]), g);
  const si = (v2[0] - v1[0]) / (p2[0] - p1[0]);
  const sj = (v2[1] - v1[1]) / (p2[1] - p1[1]);
  return {
    k: Math.round(v1[2]),
    toPage: (i: number, j: number): [number, number] => [Math.round(p1[0] + (i - v1[0]) / si), Math.round(p1[1] + (j - v1[1]) / sj)],
    toVoxel: (x: number, y: number): V3 => [v1[0] + (x - p1[0]) * si, v1[1] + (y - p1[1]) * sj, v1[2]],
  };
}

type Calibration = Awaited<ReturnType<typeof calibrate>>;

/** A straight drag on the axial pane between two voxel positions; answers the voxel positions the page points map to. */
async function drag(page: Page, cal: Calibration, from: [number, number], to: [number, number]): Promise<[V3, V3]> {
  const a = cal.toPage(from[0], from[1]);
  const b = cal.toPage(to[0], to[1]);
  await page.mouse.move(a[0], a[1]);
  await page.mouse.down();
  await page.mouse.move(b[0], b[1], { steps: 12 });
  await page.mouse.up();
  return [cal.toVoxel(a[0], a[1]), cal.toVoxel(b[0], b[1])];
}

/** A saved version's voxels that differ from its parent: index → new label (through the contract). */
async function diffOf(page: Page, a: number, b: number): Promise<Map<number, number>> {
  const pairs = await page.evaluate(
    async ([x, y]) => {
      const api = (window as unknown as { lungdesk: { diffMaskVersions(i: { a: number; b: number }): Promise<{ change: { runs: Uint32Array; values: Uint8Array } }> } }).lungdesk;
      const d = await api.diffMaskVersions({ a: x, b: y });
      const out: number[] = [];
      let v = 0;
      for (let k = 0; k < d.change.runs.length; k += 2) for (let i = d.change.runs[k]!; i < d.change.runs[k]! + d.change.runs[k + 1]!; i++) out.push(i, d.change.values[v++]!);
      return out;
    },
    [a, b] as const,
  );
  const m = new Map<number, number>();
  for (let i = 0; i < pairs.length; i += 2) m.set(pairs[i]!, pairs[i + 1]!);
  return m;
}

const bar = (page: Page) => page.getByTestId('mask-editor-bar');

/** Opens the linked LIDC scan on a host of its own, runs its lung mask and opens that in the editor; answers what the checks need. */
async function openLungMaskInEditor(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('dataset-item').filter({ hasText: 'ds' }).click();
  await page.getByTestId('scan-item').first().click();
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(page.locator('[aria-label="Reading room"]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 90_000 });
  const panel = page.getByTestId('mask-panel');
  await panel.getByTestId('mask-run-lung').click();
  await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  const lungRow = panel.locator('[data-testid="mask-version"][data-kind="lung"]').first();
  await expect(lungRow).toBeVisible();
  const parentId = Number(await lungRow.getAttribute('data-mask-id'));
  await page.getByTestId('mask-edit-source').selectOption(String(parentId));
  await expect(bar(page)).toHaveAttribute('data-editing', 'true');
  const scanId = Number(await page.locator('[data-testid="scan-item"]').first().getAttribute('data-scan-id'));
  const geo = await page.evaluate(async (id) => {
    const api = (window as unknown as { lungdesk: { getVolumeSlices(i: { scanId: number; start: number; count: number }): Promise<{ header: Geometry }> } }).lungdesk;
    const { header } = await api.getVolumeSlices({ scanId: id, start: 0, count: 1 });
    return { dims: header.dims, spacing: header.spacing, origin: header.origin, direction: header.direction.flat() } as Geometry;
  }, scanId);
  return { parentId, scanId, geo };
}

/** Saves the edits with a note; answers the new version's id (from the history panel). */
async function saveAs(page: Page, note: string): Promise<number> {
  const prompt = page.getByTestId('mask-save-note');
  await expect(bar(page)).toHaveAttribute('data-dirty', 'true');
  // Once in a CI run on a loaded machine the prompt never came after the click right behind a
  // stroke's release (not reproduced in 9 runs since): click again if it has not come.
  await expect(async () => {
    if (!(await prompt.isVisible())) await bar(page).getByTestId('mask-save').click();
    await expect(prompt).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await prompt.fill(note);
  await page.getByTestId('mask-save-note').press('Enter');
  const row = page.getByTestId('mask-history').locator('[data-testid="mask-version"]').filter({ hasText: note });
  await expect(row).toBeVisible();
  await expect(bar(page)).toHaveAttribute('data-dirty', 'false');
  return Number(await row.getAttribute('data-version-id'));
}

/** Axial slice k's HU (through the contract). */
async function sliceHu(page: Page, scanId: number, k: number): Promise<number[]> {
  return page.evaluate(
    async ([id, kk]) => {
      const api = (window as unknown as { lungdesk: { getVolumeSlices(i: object): Promise<{ voxels: Uint8Array }> } }).lungdesk;
      const s = await api.getVolumeSlices({ scanId: id, start: kk, count: 1 });
      return Array.from(new Int16Array(s.voxels.buffer.slice(s.voxels.byteOffset, s.voxels.byteOffset + s.voxels.byteLength)));
    },
    [scanId, k] as const,
  );
}

/** Per axial slice, voxels of `label` inside the box [i0, i1] × [j0, j1] in two versions (counted in the page: masks are large). */
async function labelInBox(page: Page, versions: readonly number[], label: number, box: readonly [number, number, number, number]): Promise<number[][]> {
  return page.evaluate(
    async ([ids, lab, b]) => {
      const api = (window as unknown as { lungdesk: { getMask(i: object): Promise<{ dims: [number, number, number]; voxels: Uint8Array }> } }).lungdesk;
      const out: number[][] = [];
      for (const id of ids) {
        const m = await api.getMask({ maskId: id });
        const [nx, ny, nz] = m.dims;
        const per: number[] = [];
        for (let z = 0; z < nz; z++) {
          let n = 0;
          for (let j = b[2]; j <= b[3]; j++) for (let i = b[0]; i <= b[1]; i++) if (m.voxels[i + nx * (j + ny * z)] === lab) n++;
          per.push(n);
        }
        out.push(per);
      }
      return out;
    },
    [versions, label, box] as const,
  );
}

test('mask editing on LIDC-IDRI-0001: brush into the body wall and erase lung, saved version differs by exactly the stroked voxels; undo / redo bit-identical; history shows it, compares it with its parent and restores the parent as a new version; a killed host offers the unsaved stroke back', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const root = placeLidcDataset('lungdesk-mask-edit-e2e-');
  const serve = () => startHost(['--data-dir', path.join(root, 'data'), '--no-demo', '--dataset', path.join(root, 'ds')]);
  let host = await serve();
  try {
    const { parentId, scanId, geo } = await openLungMaskInEditor(page, host.url);
    const axial = page.getByTestId('viewport-axial');
    const cal = await calibrate(page, geo);
    const [nx, ny] = geo.dims;
    const k = cal.k;
    const slice = await page.evaluate(
      async ([id, mid, kk]) => {
        const api = (window as unknown as { lungdesk: { getVolumeSlices(i: object): Promise<{ voxels: Uint8Array }>; getMask(i: object): Promise<{ voxels: Uint8Array }> } }).lungdesk;
        const s = await api.getVolumeSlices({ scanId: id, start: kk, count: 1 });
        const m = await api.getMask({ maskId: mid });
        const hu = new Int16Array(s.voxels.buffer.slice(s.voxels.byteOffset, s.voxels.byteOffset + s.voxels.byteLength));
        const n = hu.length;
        return { hu: Array.from(hu), lung: Array.from(m.voxels.subarray(kk * n, (kk + 1) * n)) };
      },
      [scanId, parentId, k] as const,
    );
    // A row through the right lung (image left): skin, body wall, then lung.
    let row = -1;
    let skin = -1;
    let lungStart = -1;
    for (let j = Math.round(ny * 0.4); j < Math.round(ny * 0.6) && row < 0; j += 4) {
      const s = slice.hu.findIndex((v, idx) => idx >= j * nx && idx < (j + 1) * nx && v > -300);
      const l = slice.lung.findIndex((v, idx) => idx >= j * nx && idx < (j + 1) * nx && v !== 0);
      if (s >= 0 && l > s && l - s > 12 * nx / 512) {
        row = j;
        skin = s - j * nx;
        lungStart = l - j * nx;
      }
    }
    expect(row, 'a row with body wall then lung').toBeGreaterThan(0);
    const wallI = Math.round((skin + lungStart) / 2);

    // Brush 6 mm, a vertical stroke down the body wall (painting the lung label there).
    const brushMm = 6;
    await bar(page).getByTestId('tool-brush').click();
    await bar(page).getByTestId('brush-size').fill(String(brushMm));
    const [b0, b1] = await drag(page, cal, [wallI, row - 12], [wallI, row + 12]);
    await expect(bar(page)).toHaveAttribute('data-undo-depth', '1');
    // Eraser across the lung, a horizontal stroke a few voxels inside it.
    await bar(page).getByTestId('tool-eraser').click();
    const [e0, e1] = await drag(page, cal, [lungStart + 12, row + 20], [lungStart + 40, row + 20]);
    await expect(bar(page)).toHaveAttribute('data-undo-depth', '2');
    const changed = Number(await bar(page).getAttribute('data-changed'));
    expect(changed).toBeGreaterThan(50);

    // Undo both strokes: the mask is its parent again, bit for bit (no voxel differs); redo both.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect(bar(page)).toHaveAttribute('data-changed', '0');
    await expect(bar(page)).toHaveAttribute('data-dirty', 'false');
    await page.keyboard.press('Control+Shift+Z');
    await page.keyboard.press('Control+y');
    await expect(bar(page)).toHaveAttribute('data-changed', String(changed));

    // Save with a note (Enter saves).
    await bar(page).getByTestId('mask-save').click();
    await page.getByTestId('mask-save-note').fill('body wall painted, lung trimmed');
    await page.getByTestId('mask-save-note').press('Enter');
    await expect(bar(page)).toHaveAttribute('data-dirty', 'false');
    const history = page.getByTestId('mask-history');
    const saved = history.locator('[data-testid="mask-version"]').filter({ hasText: 'body wall painted' });
    await expect(saved).toBeVisible();
    const savedId = Number(await saved.getAttribute('data-version-id'));
    await expect(saved).toHaveAttribute('data-parent-id', String(parentId));

    // The saved version differs from its parent by exactly the stroked voxels, within the brush edge.
    const diff = await diffOf(page, parentId, savedId);
    const r = brushMm / 2;
    const tol = 0.75;
    let sure = 0;
    const wrong: string[] = [];
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const idx = i + nx * j;
        const parent = slice.lung[idx]!;
        const dB = segmentDistanceMm(i, j, b0, b1, geo);
        const dE = segmentDistanceMm(i, j, e0, e1, geo);
        if (Math.abs(dB - r) <= tol || Math.abs(dE - r) <= tol) continue; // on a brush edge
        let want = parent;
        if (dB < r) want = 1;
        if (dE < r && want === 1) want = 0;
        const got = diff.has(k * nx * ny + idx) ? diff.get(k * nx * ny + idx)! : parent;
        // Collected, not asserted per voxel: an expect per voxel costs a stack trace each.
        if (got !== want) wrong.push(`${i},${j}: ${got} (wanted ${want}; ${dB.toFixed(2)} mm from the brush stroke, ${dE.toFixed(2)} from the eraser's)`);
        if (want !== parent) sure++;
      }
    }
    expect(wrong.slice(0, 20), `${wrong.length} voxels differ from the stroke geometry`).toEqual([]);
    expect(sure).toBeGreaterThan(30);
    expect([...diff.keys()].filter((idx) => Math.floor(idx / (nx * ny)) !== k), 'changed voxels off the stroked slice').toEqual([]);
    await expect(saved.getByTestId('mask-version-change')).toContainText(/brush|eraser/);
    await expect(saved.getByTestId('mask-version-change')).toContainText('+');

    // Compare the parent with the saved version: added and removed counts as the diff says; restore the parent as a new version.
    const parentRow = history.locator(`[data-testid="mask-version"][data-version-id="${parentId}"]`);
    await parentRow.getByTestId('mask-version-compare').click();
    await saved.getByTestId('mask-version-compare-with').click();
    const comparison = page.getByTestId('mask-comparison');
    const added = [...diff.values()].filter((v) => v !== 0).length;
    await expect(comparison).toHaveAttribute('data-added', String(added));
    await expect(comparison).toHaveAttribute('data-removed', String(diff.size - added));
    const rowsBefore = await history.locator('[data-testid="mask-version"]').count();
    await parentRow.getByTestId('mask-version-restore').click();
    await expect(history.locator('[data-testid="mask-version"]')).toHaveCount(rowsBefore + 1);
    // The editor (no unsaved edits) moves to the restored version: the newest row.
    const restoredId = await history.locator('[data-testid="mask-version"]').first().getAttribute('data-version-id');
    expect(Number(restoredId)).toBeGreaterThan(savedId);
    await expect(bar(page)).toHaveAttribute('data-parent-id', restoredId!);
    await comparison.getByTestId('mask-comparison-clear').click();
    await page.screenshot({ path: testInfo.outputPath('after-save.png') });

    // A stroke, the journal written (≤ 2 s), the host killed: reopening offers the stroke back.
    await bar(page).getByTestId('tool-brush').click();
    await drag(page, cal, [wallI, row - 30], [wallI, row - 20]);
    // The bar's figures follow the stroke as a React transition: wait for them.
    await expect.poll(async () => Number(await bar(page).getAttribute('data-changed'))).toBeGreaterThan(0);
    const unsaved = Number(await bar(page).getAttribute('data-changed'));
    await page.waitForTimeout(2_000);
    host.child.kill('SIGKILL');
    host = await serve();
    await page.goto(host.url);
    await page.getByTestId('dataset-item').filter({ hasText: 'ds' }).click();
    await page.getByTestId('scan-item').first().click();
    const offer = page.getByTestId('mask-journal-offer');
    await expect(offer).toBeVisible({ timeout: 60_000 });
    await expect(offer).toHaveAttribute('data-voxels', String(unsaved));
    await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
    await offer.getByTestId('mask-journal-keep').click();
    await expect(bar(page)).toHaveAttribute('data-editing', 'true');
    await expect(bar(page)).toHaveAttribute('data-changed', String(unsaved));
    expect(errors).toEqual([]);
  } finally {
    host.child.kill('SIGKILL');
  }
});

test('mask tools on LIDC-IDRI-0001: the threshold brush over the nodule paints only its HU range, scissors through all slices erase a box in every slice, freehand scissors erase inside their outline on one slice, fill between slices fills the skipped ones, island removal drops a painted speck', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const root = placeLidcDataset('lungdesk-mask-edit-e2e-');
  const host = await startHost(['--data-dir', path.join(root, 'data'), '--no-demo', '--dataset', path.join(root, 'ds')]);
  try {
    const { parentId, scanId, geo } = await openLungMaskInEditor(page, host.url);
    const [nx, ny, nz] = geo.dims;
    // N centres and zooms every view on the nodule.
    await page.getByTestId('viewport-axial').hover();
    await page.keyboard.press('n');
    await expect(page.getByTestId('nodule-list').locator('[data-testid="nodule-item"][aria-pressed="true"]')).toBeVisible();
    await page.waitForTimeout(500);
    let cal = await calibrate(page, geo);
    const box = (await page.getByTestId('viewport-axial').boundingBox())!;
    const centre = cal.toVoxel(Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2));
    const [ci, cj] = [Math.round(centre[0]), Math.round(centre[1])];
    const k = cal.k;

    // Threshold brush on the nodule's label, nodule preset (−500..200 HU), a stroke across it.
    const nodule = bar(page).locator('[data-testid="mask-label"]:not([data-lesion-key=""])').first();
    const noduleLabel = Number(await nodule.getAttribute('data-value'));
    await nodule.getByRole('radio').click();
    await bar(page).getByTestId('tool-threshold').click();
    await bar(page).getByTestId('threshold-preset-nodule').click();
    await bar(page).getByTestId('brush-size').fill('12');
    await drag(page, cal, [ci - 8, cj], [ci + 8, cj]);
    const v1 = await saveAs(page, 'threshold over the nodule');
    const d1 = await diffOf(page, parentId, v1);
    const hu = await sliceHu(page, scanId, k);
    const outside = [...d1].filter(([idx, lab]) => lab !== noduleLabel || Math.floor(idx / (nx * ny)) !== k || hu[idx % (nx * ny)]! < -500 || hu[idx % (nx * ny)]! > 200);
    expect(d1.size, 'the threshold brush painted some of the nodule').toBeGreaterThan(10);
    expect(outside, 'voxels painted outside the HU range').toEqual([]);

    // Scissors, all slices, erase the lung in a box beside the nodule.
    await bar(page).locator('[data-testid="mask-label"][data-value="1"]').getByRole('radio').click();
    await page.getByTestId('viewport-axial').hover();
    await page.keyboard.press('8');
    await expect(bar(page)).toHaveAttribute('data-tool', 'scissors');
    await bar(page).getByTestId('scissors-reach').selectOption('all');
    const sbox = [ci - 25, ci - 12, cj - 6, cj + 6] as const;
    await drag(page, cal, [sbox[0], sbox[2]], [sbox[1], sbox[3]]);
    const v2 = await saveAs(page, 'scissors through all slices');
    // Inside the box shrunk by a voxel (the drag's corners are whole pixels): no lung left on any slice, and lung was removed on every slice that had some.
    const inner = [sbox[0] + 1, sbox[1] - 1, sbox[2] + 1, sbox[3] - 1] as const;
    const [before, after] = await labelInBox(page, [v1, v2], 1, inner);
    const slicesWithLung = before!.filter((n) => n > 0).length;
    expect(slicesWithLung, 'the box holds lung on several slices').toBeGreaterThan(5);
    expect(after!.every((n) => n === 0), 'no lung left in the box on any slice').toBe(true);

    // Freehand scissors on this slice only: a triangle drawn point by point erases the lung inside it here, nowhere else.
    await bar(page).getByTestId('scissors-reach').selectOption('slice');
    await bar(page).getByTestId('scissors-shape').selectOption('freehand');
    const tri = ([[ci - 30, cj - 25], [ci - 10, cj - 25], [ci - 20, cj - 8]] as const).map(([x, y]) => cal.toPage(x, y));
    await page.mouse.move(tri[0]![0], tri[0]![1]);
    await page.mouse.down();
    for (const p of [tri[1]!, tri[2]!, tri[0]!]) await page.mouse.move(p[0], p[1], { steps: 8 });
    await expect(page.getByTestId('mask-scissors-lasso')).toBeVisible();
    await page.mouse.up();
    const v2f = await saveAs(page, 'freehand scissors on this slice');
    // A box well inside the triangle (its width at those rows leaves ≥ 2 voxels either side).
    const triInner = [ci - 22, ci - 18, cj - 22, cj - 18] as const;
    const [lungBefore, lungAfter] = await labelInBox(page, [v2, v2f], 1, triInner);
    expect(lungBefore![k]!, 'lung inside the outline on this slice').toBeGreaterThan(0);
    expect(lungAfter![k], 'none left inside the outline on this slice').toBe(0);
    expect(lungAfter!.filter((_, z) => z !== k), 'other slices untouched').toEqual(lungBefore!.filter((_, z) => z !== k));
    const dFree = await diffOf(page, v2, v2f);
    const offSlice = [...dFree.keys()].filter((idx) => Math.floor(idx / (nx * ny)) !== k);
    expect(offSlice, 'freehand scissors changed only this slice').toEqual([]);
    await bar(page).getByTestId('scissors-shape').selectOption('rectangle');

    // Fill between slices: a disc of a new label on slice k and on slice k + 4, J fills k + 1..k + 3.
    await page.keyboard.press('Escape');
    await expect(bar(page)).toHaveAttribute('data-tool', '');
    await page.keyboard.press('5');
    await expect(bar(page)).toHaveAttribute('data-tool', 'brush');
    await bar(page).getByTestId('brush-size').fill('6');
    const other = bar(page).locator('[data-testid="mask-label"]').last();
    const fillLabel = Number(await other.getAttribute('data-value'));
    await other.getByRole('radio').click();
    await drag(page, cal, [ci + 20, cj + 20], [ci + 22, cj + 20]);
    await page.getByTestId('viewport-axial').hover();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    cal = await calibrate(page, geo);
    const k2 = cal.k;
    expect(Math.abs(k2 - k)).toBe(4);
    await drag(page, cal, [ci + 20, cj + 20], [ci + 22, cj + 20]);
    await page.keyboard.press('j');
    const v3 = await saveAs(page, 'fill between slices');
    const disc = [ci + 18, ci + 24, cj + 18, cj + 22] as const;
    const [pre, post] = await labelInBox(page, [v2, v3], fillLabel, disc);
    const lo = Math.min(k, k2);
    for (let z = lo + 1; z < lo + 4; z++) {
      expect(pre![z], `slice ${z} before`).toBe(0);
      expect(post![z], `slice ${z} filled`).toBeGreaterThan(0);
    }

    // Islands: a 2 mm speck of the lung label in the body wall, then "Drop specks" (below 50 mm³):
    // the mask is its saved version again, bit for bit (no voxel differs), so the speck and only it went.
    await bar(page).locator('[data-testid="mask-label"][data-value="1"]').getByRole('radio').click();
    await bar(page).getByTestId('brush-size').fill('2');
    await drag(page, cal, [ci, cj + 30], [ci, cj + 30]);
    await expect(bar(page)).toHaveAttribute('data-dirty', 'true');
    expect(Number(await bar(page).getAttribute('data-changed'))).toBeGreaterThan(0);
    await bar(page).getByTestId('islands-remove-small').click();
    await expect(bar(page)).toHaveAttribute('data-changed', '0');
    await expect(bar(page)).toHaveAttribute('data-undo-depth', /[1-9]/);
    expect(nz).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  } finally {
    host.child.kill('SIGKILL');
  }
});

test('a new empty mask on a demo scan: Esc during a drag takes the stroke back; a stroke is drawn as ink while the button is down and by the labelmap after, makes it unsaved, closing the editor and opening another scan ask first (stay keeps the scan and the edit, discard switches)', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(await appUrl());
  const items = page.getByTestId('scan-list').getByTestId('scan-item');
  await expect(items).toHaveCount(3);
  await items.nth(0).click();
  const axial = page.getByTestId('viewport-axial');
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  await expect(page.locator('[aria-label="Reading room"]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 90_000 });
  await page.getByTestId('mask-edit-source').selectOption('empty-nodules');
  await expect(bar(page)).toHaveAttribute('data-editing', 'true');
  await axial.hover();
  await page.keyboard.press('5');
  const box = (await axial.boundingBox())!;
  // Esc during a drag takes the stroke back (nothing changed, no undo step); the tool stays.
  await page.mouse.move(Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2));
  await page.mouse.down();
  await page.mouse.move(Math.round(box.x + box.width / 2 + 30), Math.round(box.y + box.height / 2), { steps: 5 });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(bar(page)).toHaveAttribute('data-tool', 'brush');
  await expect(bar(page)).toHaveAttribute('data-dirty', 'false');
  await expect(bar(page)).toHaveAttribute('data-undo-depth', '0');
  await page.mouse.move(Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2));
  await page.mouse.down();
  await page.mouse.move(Math.round(box.x + box.width / 2 + 30), Math.round(box.y + box.height / 2), { steps: 5 });
  // While the button is down the stroke is on screen as ink over the pane; the labelmap draws it at the release.
  const ink = page.getByTestId('mask-stroke-ink');
  await expect(ink).toBeVisible();
  const inked = await ink.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(100);
  await page.mouse.up();
  await expect(ink).toBeHidden();
  await expect(bar(page)).toHaveAttribute('data-dirty', 'true');
  // Undo and redo reach the axial pane as ink at once too (the labelmap render follows).
  await axial.evaluate((el) => {
    (window as unknown as { inkSeen: number }).inkSeen = 0;
    el.addEventListener('lungdesk:mask-ink', () => (window as unknown as { inkSeen: number }).inkSeen++);
  });
  await page.keyboard.press('Control+z');
  await expect(bar(page)).toHaveAttribute('data-dirty', 'false');
  await page.keyboard.press('Control+Shift+Z');
  await expect(bar(page)).toHaveAttribute('data-dirty', 'true');
  expect(await page.evaluate(() => (window as unknown as { inkSeen: number }).inkSeen)).toBe(2);
  await expect(page.locator('[data-testid="mask-stroke-ink"]:visible')).toHaveCount(0);
  // Close with unsaved edits asks first; "keep editing" keeps them.
  await bar(page).getByTestId('mask-edit-close').click();
  await page.getByTestId('mask-close-prompt').getByTestId('mask-close-cancel').click();
  await expect(page.getByTestId('mask-close-prompt')).toBeHidden();
  await expect(bar(page)).toHaveAttribute('data-editing', 'true');
  await expect(bar(page)).toHaveAttribute('data-dirty', 'true');
  const first = await items.nth(0).getAttribute('data-scan-id');

  await items.nth(1).click();
  const ask = page.getByTestId('mask-switch-prompt');
  await expect(ask).toBeVisible();
  await ask.getByTestId('mask-switch-cancel').click();
  await expect(ask).toBeHidden();
  await expect(page.getByTestId('scan-list').locator('[data-testid="scan-item"][aria-selected="true"]')).toHaveAttribute('data-scan-id', first!);
  await expect(bar(page)).toHaveAttribute('data-dirty', 'true');

  await items.nth(1).click();
  await ask.getByTestId('mask-switch-discard').click();
  await expect(bar(page)).toHaveAttribute('data-editing', 'false');
  await expect(axial).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
  expect(errors).toEqual([]);
});
