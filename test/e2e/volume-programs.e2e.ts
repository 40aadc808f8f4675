import { expect, test, type Page } from '@playwright/test';
import { appUrl } from './host';

/**
 * Records the volume programs the page links (each a compile and link on the GPU), with the
 * ray-loop bound written into each: the CT's alone (vtk.js's volume fragment shader,
 * composite blend, plain colouring), or every one (mask overlays' labelmaps too).
 */
async function recordVolumePrograms(page: Page, which: 'ct' | 'all' = 'ct'): Promise<() => Promise<string[]>> {
  await page.addInitScript((which: 'ct' | 'all') => {
    const w = window as unknown as { __ctPrograms: string[] };
    w.__ctPrograms = [];
    const sources = new Map<WebGLShader, string>();
    const attached = new Map<WebGLProgram, string[]>();
    const proto = WebGL2RenderingContext.prototype;
    const shaderSource = proto.shaderSource;
    proto.shaderSource = function (s: WebGLShader, text: string) {
      sources.set(s, text);
      return shaderSource.call(this, s, text);
    };
    const attachShader = proto.attachShader;
    proto.attachShader = function (p: WebGLProgram, s: WebGLShader) {
      attached.set(p, [...(attached.get(p) ?? []), sources.get(s) ?? '']);
      return attachShader.call(this, p, s);
    };
    const linkProgram = proto.linkProgram;
    proto.linkProgram = function (p: WebGLProgram) {
      const fs = (attached.get(p) ?? []).join('\n');
      const bound = /#define vtkMaximumNumberOfSamples (\d+)/.exec(fs)?.[1];
      const ct = /#define vtkBlendMode 0\b/.test(fs) && fs.includes('#define EnableColorForValueFunctionId0');
      if (bound && (ct || which === 'all')) w.__ctPrograms.push(bound);
      return linkProgram.call(this, p);
    };
  }, which);
  return () => page.evaluate(() => [...(window as unknown as { __ctPrograms: string[] }).__ctPrograms]);
}

async function openAndSettle(page: Page, patient: string): Promise<void> {
  await page.getByTestId('scan-list').getByTestId('scan-item').filter({ hasText: patient }).click();
  await expect(page.locator('[data-volume-state]')).toHaveAttribute('data-volume-state', 'complete', { timeout: 30_000 });
  for (const v of ['axial', 'coronal', 'sagittal']) await expect(page.getByTestId(`viewport-${v}`)).toHaveAttribute('data-render-state', 'settled', { timeout: 30_000 });
}

test('while no scan is open the views warm up unseen: they still ask for a scan, and the first scan then links no CT program of its own', async ({ page }) => {
  const programs = await recordVolumePrograms(page);
  await page.goto(await appUrl());
  await expect(page.getByTestId('scan-list').getByTestId('scan-item').first()).toBeVisible();
  // The warm-up runs in idle time, within a second of the views being ready.
  await expect.poll(async () => (await programs()).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.getByText('Select a scan to view it.')).toBeVisible();
  await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'empty');
  const warmed = await programs();

  await openAndSettle(page, 'LDEMO-001');
  expect(await programs()).toEqual(warmed);
});

test('a scan of another size draws with the CT program the scan before compiled: opening it links none', async ({ page }) => {
  const programs = await recordVolumePrograms(page);
  await page.goto(await appUrl());
  await expect(page.getByTestId('scan-list').getByTestId('scan-item').first()).toBeVisible();
  await openAndSettle(page, 'LDEMO-001');
  const first = await programs();
  expect(first.length).toBeGreaterThan(0);
  // 512×512×116 at 0.74 mm against 512×512×120 at 0.7 mm: another diagonal, another ray length.
  await openAndSettle(page, 'LDEMO-002');
  expect(await programs()).toEqual(first);
  // One bound for every scan: the mappers' cap, not each scan's own ray length.
  expect(new Set(first).size).toBe(1);
});

test('a mask overlay on a scan of another size draws with the labelmap program the scan before compiled', async ({ page }) => {
  test.setTimeout(180_000);
  const programs = await recordVolumePrograms(page, 'all');
  await page.goto(await appUrl());
  await expect(page.getByTestId('scan-list').getByTestId('scan-item').first()).toBeVisible();
  const withLungMask = async (patient: string): Promise<void> => {
    await openAndSettle(page, patient);
    const panel = page.getByTestId('mask-panel');
    const layer = panel.getByTestId('mask-layer-lung');
    if ((await layer.count()) === 0 || (await layer.getAttribute('data-state')) !== 'shown') {
      await panel.getByTestId('mask-run-lung').click();
      await expect(panel.getByTestId('mask-job')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
    }
    await expect(layer).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });
    await expect(page.getByTestId('viewport-axial')).toHaveAttribute('data-render-state', 'settled', { timeout: 30_000 });
  };
  await withLungMask('LDEMO-001');
  const first = await programs();
  expect(first.length).toBeGreaterThan(1);
  await withLungMask('LDEMO-002');
  expect(await programs()).toEqual(first);
  expect(new Set(first).size).toBe(1);
});
