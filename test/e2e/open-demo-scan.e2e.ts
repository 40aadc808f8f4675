import { expect, test } from '@playwright/test';
import { decodePng, meanGray, type RgbaImage } from '../helpers/png';
import { appOrigin, appUrl } from './host';

/**
 * Mean gray of a box around a point given in fractions of the scan's field of view. The
 * viewport fits the square axial image into the smaller side of the canvas, centred.
 */
function imageBoxMean(img: RgbaImage, fx: number, fy: number, half = 0.03): number {
  const s = Math.min(img.width, img.height);
  const cx = img.width / 2 + (fx - 0.5) * s;
  const cy = img.height / 2 + (fy - 0.5) * s;
  const h = half * s;
  return meanGray(img, (cx - h) / img.width, (cy - h) / img.height, (cx + h) / img.width, (cy + h) / img.height);
}

test.describe('browser host', () => {
  test('lists the demo scans and shows an axial slice where the lungs are dark and the body bright', async ({ page }, testInfo) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(await appUrl());

    const items = page.getByTestId('scan-list').getByTestId('scan-item');
    await expect(items.first()).toBeVisible();
    await expect(items).toHaveCount(3);
    const uids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-series-uid')));
    for (const uid of uids) expect(uid).toMatch(/^[0-9.]+$/);

    // The first DICOM series of the demo.
    const dicom = page.getByTestId('scan-item').filter({ hasText: /dicom|DICOM/ }).first();
    await (await dicom.count() ? dicom : items.first()).click();

    const viewport = page.getByTestId('viewport-axial');
    await expect(viewport).toHaveAttribute('data-render-state', 'settled', { timeout: 60_000 });
    const png = await viewport.screenshot({ path: testInfo.outputPath('axial-demo.png') });
    await testInfo.attach('axial-demo', { body: png, contentType: 'image/png' });

    const img = decodePng(png);
    // Phantom geometry (electron/core/phantom/chest-phantom.ts): lung centres at
    // x = 0.5 ± 0.185 of the field of view, y ≈ 0.465; soft tissue between them. Lung
    // window W 1500 / L -600: lung (-850 HU) ≈ 85 gray, soft tissue (40 HU) ≈ 236.
    const leftLung = imageBoxMean(img, 0.5 - 0.185, 0.465);
    const rightLung = imageBoxMean(img, 0.5 + 0.185, 0.465);
    const mediastinum = imageBoxMean(img, 0.5, 0.44, 0.02);
    testInfo.annotations.push({ type: 'gray', description: `lungs ${leftLung.toFixed(0)}/${rightLung.toFixed(0)}, mediastinum ${mediastinum.toFixed(0)}` });
    expect(leftLung).toBeGreaterThan(45);
    expect(leftLung).toBeLessThan(140);
    expect(rightLung).toBeGreaterThan(45);
    expect(rightLung).toBeLessThan(140);
    expect(mediastinum).toBeGreaterThan(180);
    expect(mediastinum - Math.max(leftLung, rightLung)).toBeGreaterThan(80);
    expect(errors).toEqual([]);
  });

  test('gets in by a one-time launch link: the code leaves the address bar, the cookie is HttpOnly and bound to the port, and the link opens nothing twice', async ({ page, browser }) => {
    const link = await appUrl();
    await page.goto(link);
    await expect(page.getByTestId('scan-list').getByTestId('scan-item').first()).toBeVisible();
    expect(page.url()).toBe(`${appOrigin()}/`);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await page.context().cookies();
    const port = new URL(appOrigin()).port;
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([[`lungdesk_session_${port}`, true, 'Strict']]);
    const stranger = await browser.newContext();
    try {
      const again = await (await stranger.newPage()).goto(link);
      expect(again?.status()).toBe(401);
    } finally {
      await stranger.close();
    }
  });

  test('refuses the API without the per-launch token', async ({ request }) => {
    const origin = appOrigin();
    const res = await request.post(`${origin}/api/listScans`, { data: {} });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe('contract.unauthorized');
  });
});
