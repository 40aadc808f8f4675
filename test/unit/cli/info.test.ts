import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { infoCommand } from '../../../electron/cli/commands/info';
import { LIDC_DIR, LIDC_SERIES_DIR, LIDC_UID, hasData } from '../core/io/dicom/data-paths';
import { placeFile } from '../../helpers/place-files';

function run(argv: string[]) {
  let out = '';
  let err = '';
  return infoCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) }).then((code) => ({ code, out, err }));
}

describe('lungdesk info', () => {
  it.skipIf(!hasData(LIDC_DIR))('prints UID, dims, spacing, origin, direction and slice count as text', async () => {
    const r = await run([LIDC_DIR]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(LIDC_UID);
    expect(r.out).toContain('dims        [512, 512, 133]');
    expect(r.out).toContain('spacing     [0.703125, 0.703125, 2.5] mm');
    expect(r.out).toContain('origin      [-166, -171.699997, -340] mm');
    expect(r.out).toContain('direction   x [1, 0, 0]  y [0, 1, 0]  z [0, 0, 1]');
    expect(r.out).toContain('slices      133');
    expect(r.out).toMatch(/not-image \(io\.not-dicom\) .*069\.xml/);
  });

  it.skipIf(!hasData(LIDC_SERIES_DIR))('names the missing slices of a series with a gap: how many, their slots and z (text and --json)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-info-gap-'));
    try {
      const files = fs.readdirSync(LIDC_SERIES_DIR).filter((f) => f.endsWith('.dcm'));
      // 000041.dcm is the slice at z -115 (slot 90 of 133).
      for (const f of files) if (f !== '000041.dcm') placeFile(path.join(LIDC_SERIES_DIR, f), path.join(dir, f));
      const r = await run([dir]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('dims        [512, 512, 133]');
      expect(r.out).toContain('slices      132 acquired, 1 missing (padded): slot 90 (z -115 mm)');
      const doc = JSON.parse((await run([dir, '--json'])).out);
      expect(doc.series[0]).toMatchObject({ dims: [512, 512, 133], sliceCount: 132, missingSlices: [90] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasData(LIDC_DIR))('--json prints { series, issues }', async () => {
    const r = await run([LIDC_DIR, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['series', 'issues']);
    expect(doc.series[0]).toMatchObject({ dims: [512, 512, 133], spacing: [0.703125, 0.703125, 2.5], sliceCount: 133, modality: 'CT' });
    expect(doc.series[0].seriesInstanceUid).toBe(LIDC_UID);
  });

  it('an error exits non-zero; with --json stdout holds {"error": {code, message, file}}', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-info-'));
    try {
      const r = await run([dir, '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out)).toEqual({ error: { code: 'io.no-series', message: expect.any(String), file: dir } });
      const t = await run([path.join(dir, 'missing')]);
      expect(t.code).toBe(1);
      expect(t.err).toContain('io.not-found');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing PATH is a usage error (exit 2)', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: lungdesk info PATH [--json]');
  });
});
