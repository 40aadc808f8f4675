import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { histogramCommand } from '../../../electron/cli/commands/histogram';
import { readNiftiNrrd } from '../../../electron/core/io/nifti-nrrd';
import { huHistogram } from '../../../electron/core/volume/histogram';
import { OUTSIDE_FIELD_BELOW_HU } from '../../../electron/core/volume/padding';
import { LIDC_SERIES_DIR, WG04_DIR, hasData } from '../core/io/dicom/data-paths';
import { SHARED_DATA } from '../../helpers/shared-data';

const TS_NII = path.join(SHARED_DATA, 'nifti', 'totalsegmentator-example_ct.nii.gz');
const hasTs = fs.existsSync(TS_NII);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-hist-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(argv: string[]) {
  let out = '';
  let err = '';
  return histogramCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) }).then((code) => ({ code, out, err }));
}

describe('lungdesk histogram', () => {
  it.skipIf(!hasTs)('--json prints the huHistogram of the scan (default 10 HU bins over [-1100, 3100))', async () => {
    const r = await run([TS_NII, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const { volume } = await readNiftiNrrd(TS_NII);
    expect(doc.histogram).toEqual(JSON.parse(JSON.stringify(huHistogram(volume.voxels, { leaveOut: { below: OUTSIDE_FIELD_BELOW_HU } }))));
    expect(doc.histogram.counts).toHaveLength(420);
    expect(doc.histogram.total).toBe(122 * 101 * 112);
    expect(doc.dims).toEqual([122, 101, 112]);
    expect(doc.input.format).toBe('nifti');
  });

  it.skipIf(!hasTs)('text output: at most 40 rows of # bars, below/above lines, mean/std and percentiles', async () => {
    const r = await run([TS_NII, '--bin-width', '50']);
    expect(r.code).toBe(0);
    const bars = r.out.split('\n').filter((l) => / … /.test(l));
    expect(bars.length).toBeGreaterThan(5);
    expect(bars.length).toBeLessThanOrEqual(40);
    expect(r.out).toMatch(/#{50}/); // the tallest row is a full bar
    expect(r.out).toMatch(/below +-1100 +1\n/);
    expect(r.out).toMatch(/above +3100 +48\n/);
    expect(r.out).toMatch(/voxels 1380064 {2}mean -?\d+\.\d HU {2}std \d+\.\d HU/);
    expect(r.out).toMatch(/percentiles {2}p1 -?\d+\.\d {2}p5 .* p99 -?\d+\.\d/);
  });

  it.skipIf(!hasData(LIDC_SERIES_DIR))('leaves out the outside of the field of view (LIDC-IDRI-0001 stores -1024 there: -2048 HU) and says how many', async () => {
    const r = await run([LIDC_SERIES_DIR, '--json']);
    expect(r.code).toBe(0);
    const h = JSON.parse(r.out).histogram;
    expect(h.leftOut).toEqual({ missingSlices: 0, outsideField: 7_417_676 });
    expect(h.total).toBe(512 * 512 * 133 - 7_417_676);
    expect(h.below).toBe(0);
    const text = await run([LIDC_SERIES_DIR]);
    expect(text.out).toContain('left out 7417676 voxels: 0 in missing slices, 7417676 outside the field of view');
  });

  it.skipIf(!hasData(WG04_DIR))('leaves out DICOM padding the tutorial rule turned into the intercept, by its count (WG04 CT1: 55,772 pixels at -1024)', async () => {
    const r = await run([path.join(WG04_DIR, 'CT1_UNC'), '--json']);
    expect(r.code).toBe(0);
    const h = JSON.parse(r.out).histogram;
    expect(h.leftOut).toEqual({ missingSlices: 0, outsideField: 55_772 });
    expect(h.total).toBe(512 * 512 - 55_772);
  });

  it('a bad --bin-width is a usage error (exit 2); a missing path exits 1 with a JSON error', async () => {
    expect((await run([dir, '--bin-width', '0'])).code).toBe(2);
    expect((await run([dir, '--bin-width', 'abc'])).code).toBe(2);
    const r = await run([path.join(dir, 'none.nrrd'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error).toMatchObject({ code: 'io.not-found', file: path.join(dir, 'none.nrrd') });
  });
});
