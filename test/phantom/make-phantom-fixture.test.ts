import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePhantomFixture } from './make-phantom-fixture';

const root = mkdtempSync(path.join(tmpdir(), 'ld-fixture-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makePhantomFixture', () => {
  it('writes a DICOM series, a MetaImage and annotations.csv naming both series', async () => {
    const f = await makePhantomFixture(path.join(root, 'a'), { dims: [48, 48, 8], spacing: [6, 6, 12] });
    expect(f.dicomFiles.length).toBe(8);
    expect(f.dicomFiles.every(existsSync)).toBe(true);
    expect(path.basename(f.mhdPath)).toBe(`${f.mhdSeriesUid}.mhd`);
    expect(existsSync(f.mhdPath.replace(/\.mhd$/, '.raw'))).toBe(true);
    const lines = readFileSync(f.annotationsCsv, 'utf8').trim().split('\n');
    expect(lines.length).toBe(1 + 2 * f.nodules.length);
    expect(lines.filter((l) => l.startsWith(f.seriesInstanceUid + ',')).length).toBe(f.nodules.length);
    expect(lines.filter((l) => l.startsWith(f.mhdSeriesUid + ',')).length).toBe(f.nodules.length);
  });

  it('can write only one format and is the same for the same seed', async () => {
    const a = await makePhantomFixture(path.join(root, 'b'), { dims: [32, 32, 4], spacing: [10, 10, 20], formats: ['metaimage'] });
    const b = await makePhantomFixture(path.join(root, 'c'), { dims: [32, 32, 4], spacing: [10, 10, 20], formats: ['metaimage'] });
    expect(a.dicomFiles).toEqual([]);
    expect(a.mhdSeriesUid).toBe(b.mhdSeriesUid);
    expect(readFileSync(a.mhdPath.replace(/\.mhd$/, '.raw')).equals(readFileSync(b.mhdPath.replace(/\.mhd$/, '.raw')))).toBe(true);
  });
});
