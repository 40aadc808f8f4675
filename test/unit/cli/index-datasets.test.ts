import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexCommand } from '../../../electron/cli/commands/index-datasets';
import { makePhantomFixture } from '../../phantom/make-phantom-fixture';

function run(argv: string[]) {
  let out = '';
  let err = '';
  return indexCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) }, { version: 'test' }).then((code) => ({ code, out, err }));
}

describe('lungdesk index', () => {
  it('indexes a folder into --db and prints datasets, scans and matched annotations as JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-index-'));
    const fx = await makePhantomFixture(path.join(dir, 'scans'), { dims: [32, 32, 10], spacing: [6, 6, 5] });
    const db = path.join(dir, 'index.sqlite');
    const r = await run([path.join(dir, 'scans'), '--db', db, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.datasets).toBe(1);
    expect(doc.results[0].scans).toBe(2);
    expect(doc.results[0].annotations.matched).toBe(fx.nodules.length * 2);
    expect(fs.existsSync(db)).toBe(true);
    const again = await run([path.join(dir, 'scans'), '--db', db]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('scans 2');
  });

  it('exits non-zero for a missing folder, and 2 without --db', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-index-'));
    const r = await run([path.join(dir, 'nope'), '--db', path.join(dir, 'x.sqlite'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).results[0].error.code).toBe('io.not-found');
    await expect(run([dir])).rejects.toThrow(/--db FILE is required/);
  });
});
