import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/conformance';
import { A0002_DIR, hasData, LIDC_DIR, LIDC_UID } from '../core/io/dicom/data-paths';

/** The CLI as a user runs it: a separate process, from TypeScript source through tsx. */
function lungdesk(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli', 'main.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lungdesk (process)', () => {
  it.skipIf(!hasData(LIDC_DIR))('info on LIDC-IDRI-0001 reports dims [512,512,133], spacing [0.703125,0.703125,2.5] and the series UID', () => {
    const r = lungdesk(['info', LIDC_DIR, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.series).toHaveLength(1);
    expect(doc.series[0]).toMatchObject({ seriesInstanceUid: LIDC_UID, dims: [512, 512, 133], spacing: [0.703125, 0.703125, 2.5], sliceCount: 133 });
  });

  it.skipIf(!hasData(A0002_DIR))('info works on the CPTAC-named folder with two double spaces in its name (unsigned pixels)', () => {
    expect(path.basename(A0002_DIR)).toContain('  ');
    const r = lungdesk(['info', A0002_DIR]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1.3.6.1.4.1.14519.5.2.1.6655.2359.207154000096236603057216610983');
    expect(r.out).toContain('[512, 512, 30]');
  });

  it('info on a folder with no DICOM exits non-zero with a message naming the folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-nodicom-'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a scan');
    try {
      const r = lungdesk(['info', dir]);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(dir);
      expect(r.err).toMatch(/io\.no-series/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown command exits 2 with the usage', () => {
    const r = lungdesk(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: lungdesk');
  });
});
