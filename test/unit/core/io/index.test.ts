import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { directContext } from '../../../../electron/common/jobs';
import { discoverSeries, loadVolume } from '../../../../electron/core/io';
import { A0002_DIR, DATA, LIDC_DIR, LIDC_UID, LUNA_MHD, hasData } from './dicom/data-paths';
import { ctSlice } from './dicom/build-dicom';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-io-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function errorOf(p: Promise<unknown>): Promise<LungDeskError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LungDeskError);
  return e as LungDeskError;
}

describe('discoverSeries', () => {
  it.skipIf(!hasData(DATA))('finds DICOM series at any depth and MetaImage files in one folder', async () => {
    const progress: number[] = [];
    const r = await discoverSeries(DATA, directContext({ progress: (_s, f) => progress.push(f) }));
    const lidc = r.series.filter((s) => s.seriesInstanceUid === LIDC_UID);
    expect(lidc.map((s) => s.format).sort()).toEqual(['dicom', 'metaimage']);
    for (const s of lidc) {
      expect(s.geometry.dims).toEqual([512, 512, 133]);
      expect(s.geometry.spacing).toEqual([0.703125, 0.703125, 2.5]);
      expect(s.sliceCount).toBe(133);
    }
    expect(r.series.length).toBeGreaterThanOrEqual(8);
    expect(progress.at(-1)).toBe(1);
    expect(r.issues.some((i) => i.code === 'io.not-dicom' && i.file.endsWith('069.xml'))).toBe(true);
  });

  it.skipIf(!hasData(A0002_DIR))('reads the folder with double spaces in its name and lists absolute files in slice order', async () => {
    const r = await discoverSeries(A0002_DIR);
    expect(r.series).toHaveLength(1);
    const s = r.series[0]!;
    expect(s.files).toHaveLength(30);
    expect(s.files.every((f) => path.isAbsolute(f) && f.includes('ThoraxRoutine  8.0.0  B40f'))).toBe(true);
    expect(s.patientId).toBe('Lung_Dx-A0002');
  });

  it.skipIf(!hasData(LUNA_MHD))('accepts a single .mhd file', async () => {
    const r = await discoverSeries(LUNA_MHD);
    expect(r.series[0]).toMatchObject({ format: 'metaimage', seriesInstanceUid: LIDC_UID, sliceCount: 133 });
  });

  it('accepts a single .dcm file as a one-slice series', async () => {
    const p = path.join(tmp, 'one.dcm');
    fs.writeFileSync(p, ctSlice({ ipp: [1, 2, 3] }));
    const r = await discoverSeries(p);
    expect(r.series[0]!.geometry.origin).toEqual([1, 2, 3]);
    expect(r.series[0]!.warnings.join()).toContain('single slice');
  });

  it('a folder with no DICOM is io.no-series naming the folder', async () => {
    const dir = path.join(tmp, 'empty');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const e = await errorOf(discoverSeries(dir));
    expect(e.code).toBe('io.no-series');
    expect(e.file).toBe(dir);
  });

  it('a missing path is io.not-found', async () => {
    const e = await errorOf(discoverSeries(path.join(tmp, 'nope')));
    expect(e.code).toBe('io.not-found');
  });

  it('one bad series does not stop the others: its problems go to issues', async () => {
    const dir = path.join(tmp, 'mixed');
    fs.mkdirSync(path.join(dir, 'good'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'bad'), { recursive: true });
    for (const z of [0, 1, 2]) fs.writeFileSync(path.join(dir, 'good', `${z}.dcm`), ctSlice({ ipp: [0, 0, z] }));
    const cut = ctSlice({ ipp: [0, 0, 0], seriesUid: '7.7', rows: 8, cols: 8 });
    fs.writeFileSync(path.join(dir, 'bad', 'cut.dcm'), cut.subarray(0, cut.length - 20));
    fs.writeFileSync(path.join(dir, 'bad', 'nan.dcm'), ctSlice({ ipp: [0, 0, 1], seriesUid: '7.7', spacing: 'NaN\\1' }));
    fs.writeFileSync(path.join(dir, 'bad', 'x.mhd'), 'NDims = 3\nDimSize = 2 2 2\nElementSpacing = 1 1 1\nElementType = MET_SHORT\nElementDataFile = gone.raw\n');
    const r = await discoverSeries(dir);
    expect(r.series).toHaveLength(1);
    expect(r.series[0]!.sliceCount).toBe(3);
    expect(r.issues.map((i) => [path.basename(i.file), i.code])).toEqual([
      ['cut.dcm', 'io.truncated'],
      ['gone.raw', 'io.not-found'],
      ['nan.dcm', 'io.bad-header'],
    ]);
  });

  it('stops with job.cancelled when the signal aborts', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await errorOf(discoverSeries(tmp, directContext({ signal: ac.signal })));
    expect(e.code).toBe('job.cancelled');
  });

  it.skipIf(!hasData(LIDC_DIR))('parses headers fast (≥ 1000 files/s on the real series, aim 2000)', async () => {
    const t0 = performance.now();
    await discoverSeries(LIDC_DIR);
    const rate = 134 / ((performance.now() - t0) / 1000);
    expect(rate).toBeGreaterThan(1000);
  });
});

describe('loadVolume', () => {
  it.skipIf(!hasData(LIDC_DIR))('loads LIDC-IDRI-0001 as a 512×512×133 HU volume', async () => {
    const r = await discoverSeries(LIDC_DIR);
    const { volume, warnings } = await loadVolume(r.series[0]!);
    expect(volume.dims).toEqual([512, 512, 133]);
    expect(volume.voxels.length).toBe(512 * 512 * 133);
    expect(warnings).toEqual([]);
  });

  it('refuses a volume larger than the job memory budget (job.oom)', async () => {
    const p = path.join(tmp, 'budget.dcm');
    fs.writeFileSync(p, ctSlice({ rows: 8, cols: 8 }));
    const e = await errorOf(loadVolume({ format: 'dicom', files: [p] }, directContext({ budgetBytes: 10 })));
    expect(e.code).toBe('job.oom');
  });
});
