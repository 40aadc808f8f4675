import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directContext } from '../../../../electron/common/jobs';
import {
  DEMO_MANIFEST_NAME,
  DEMO_VERSION,
  createDemoDataset,
  demoScanPlans,
  lungContains,
  phantomLayout,
  type DemoManifest,
} from '../../../../electron/core/phantom';

const root = mkdtempSync(path.join(tmpdir(), 'ld-demo-'));
const dir = path.join(root, 'demo');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let manifest: DemoManifest;
const fractions: number[] = [];

beforeAll(async () => {
  const t = performance.now();
  manifest = await createDemoDataset(dir, directContext({ progress: (_s, f) => fractions.push(f) }));
  console.log(`createDemoDataset first run: ${(performance.now() - t).toFixed(0)} ms`);
});

function mtimes(m: DemoManifest): number[] {
  const files = [path.join(dir, DEMO_MANIFEST_NAME), m.annotationsCsv];
  for (const s of m.scans) files.push(s.format === 'dicom' ? path.join(s.path, readdirSync(s.path)[0]!) : s.path);
  return files.map((f) => statSync(f).mtimeMs);
}

describe('createDemoDataset', () => {
  it('writes two DICOM series and one LUNA16 MetaImage scan of realistic size in the documented layout', () => {
    expect(manifest.version).toBe(DEMO_VERSION);
    expect(manifest.scans.map((s) => s.format)).toEqual(['dicom', 'dicom', 'metaimage']);
    for (const s of manifest.scans) {
      expect(path.isAbsolute(s.path)).toBe(true);
      if (s.format === 'dicom') {
        const rel = path.relative(dir, s.path).split(path.sep);
        expect(rel[0]).toBe('dicom');
        expect(rel[1]).toBe(s.patientId);
        expect(rel[3]).toBe(s.seriesInstanceUid);
        const files = readdirSync(s.path);
        expect(files.length).toBeGreaterThanOrEqual(100);
        expect(statSync(path.join(s.path, files[0]!)).size).toBeGreaterThan(512 * 512 * 2);
      } else {
        expect(path.relative(dir, s.path)).toBe(path.join('luna16', 'subset0', `${s.seriesInstanceUid}.mhd`));
        const header = readFileSync(s.path, 'latin1');
        expect(header).toMatch(/^DimSize = 512 512 \d+$/m);
        expect(header).toContain(`ElementDataFile = ${s.seriesInstanceUid}.raw`);
        expect(existsSync(s.path.replace(/\.mhd$/, '.raw'))).toBe(true);
      }
    }
    expect(fractions.at(-1)).toBe(1);
    for (let n = 1; n < fractions.length; n++) expect(fractions[n]!).toBeGreaterThanOrEqual(fractions[n - 1]!);
  });

  it('lists every nodule of every scan in annotations.csv under the scan series UID', () => {
    const lines = readFileSync(manifest.annotationsCsv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('seriesuid,coordX,coordY,coordZ,diameter_mm');
    const expected = manifest.scans.flatMap((s) => s.nodules.map((n) => [s.seriesInstanceUid, ...n.center, n.diameterMm].join(',')));
    expect(lines.slice(1)).toEqual(expected);
  });

  it('places 2-4 nodules of different diameters (4-25 mm) per scan, all centred inside the lungs', () => {
    const plans = demoScanPlans();
    for (const s of manifest.scans) {
      expect(s.nodules.length).toBeGreaterThanOrEqual(2);
      expect(s.nodules.length).toBeLessThanOrEqual(4);
      const d = s.nodules.map((n) => n.diameterMm);
      expect(new Set(d).size).toBe(d.length);
      for (const x of d) expect(x >= 4 && x <= 25).toBe(true);
      const plan = plans.find((p) => p.seriesInstanceUid === s.seriesInstanceUid)!;
      const layout = phantomLayout(plan.spec);
      for (const n of s.nodules) expect(lungContains(layout, n.center)).toBe(true);
    }
    // anatomy differs between scans
    const sizes = plans.map((p) => JSON.stringify([p.spec.dims, p.spec.spacing, p.spec.seed]));
    expect(new Set(sizes).size).toBe(plans.length);
  });

  it('is idempotent: a second call returns the same manifest without rewriting any file', async () => {
    const before = mtimes(manifest);
    const again = await createDemoDataset(dir);
    expect(again).toEqual(manifest);
    expect(mtimes(again)).toEqual(before);
  });

  it('redoes an interrupted run (no manifest) and an older version, giving the same dataset', async () => {
    rmSync(path.join(dir, DEMO_MANIFEST_NAME));
    writeFileSync(path.join(dir, 'dicom', 'stale-file'), 'x');
    const redone = await createDemoDataset(dir);
    expect(redone).toEqual(manifest);
    expect(existsSync(path.join(dir, 'dicom', 'stale-file'))).toBe(false);
    const stored = JSON.parse(readFileSync(path.join(dir, DEMO_MANIFEST_NAME), 'utf8')) as DemoManifest;
    expect(path.isAbsolute(stored.scans[0]!.path)).toBe(false); // the file keeps relative paths
    writeFileSync(path.join(dir, DEMO_MANIFEST_NAME), JSON.stringify({ ...stored, version: DEMO_VERSION - 1 }));
    const before = statSync(manifest.annotationsCsv).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect(await createDemoDataset(dir)).toEqual(manifest);
    expect(statSync(manifest.annotationsCsv).mtimeMs).toBeGreaterThan(before);
  });

  it('stops with job.cancelled when aborted and leaves no manifest behind', async () => {
    const other = path.join(root, 'cancelled');
    const ac = new AbortController();
    const ctx = directContext({ signal: ac.signal, progress: (_s, f) => { if (f > 0.1) ac.abort(); } });
    await expect(createDemoDataset(other, ctx)).rejects.toMatchObject({ code: 'job.cancelled' });
    expect(existsSync(path.join(other, DEMO_MANIFEST_NAME))).toBe(false);
  });
});
