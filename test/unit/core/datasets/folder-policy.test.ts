import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confineOutput, outputRefusal, realPathOf } from '../../../../electron/core/datasets/folder-policy';
import { confineOutDir } from '../../../../electron/app/export/out-dir';

// One output policy for the export folder, the surface file and every CLI --out.
describe('output folders are confined (folder-policy)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-out-policy-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.mkdirSync(path.join(dir, 'ds'));
    fs.mkdirSync(path.join(dir, 'out'));
    fs.symlinkSync('/etc', path.join(dir, 'to-etc'));
    fs.symlinkSync('/proc/self', path.join(dir, 'to-proc'));
    fs.symlinkSync(path.join(dir, 'data'), path.join(dir, 'to-data'));
    fs.symlinkSync(path.join(dir, 'ds'), path.join(dir, 'to-ds'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses /proc, /sys, /dev and other system folders for a CLI --out (io.outside-folder)', () => {
    for (const out of ['/proc/x.npy', '/sys/out', '/dev/shm/out', '/etc/lungdesk', '/usr/local/x.nii.gz']) {
      expect(() => confineOutput(out), out).toThrow(expect.objectContaining({ code: 'io.outside-folder' }));
    }
  });

  it('refuses writing through a symbolic link that leads into a system folder, naming where it leads', () => {
    const out = path.join(dir, 'to-etc', 'new', 'scan.npy');
    expect(() => confineOutput(out)).toThrow(expect.objectContaining({ code: 'io.outside-folder', file: out }));
    expect(() => confineOutput(out)).toThrow(`leads to ${path.join('/etc', 'new', 'scan.npy')} through a symbolic link`);
    expect(() => confineOutput(path.join(dir, 'to-proc', 'x'))).toThrow(expect.objectContaining({ code: 'io.outside-folder' }));
  });

  it('refuses the data folder and a dataset, also through a link, and takes a plain folder (not made yet)', () => {
    const where = { dataDir: path.join(dir, 'data'), datasetRoots: [path.join(dir, 'ds')] };
    expect(outputRefusal(path.join(dir, 'to-data', 'x'), where)).toMatch(/inside LungDesk's data folder/);
    expect(outputRefusal(path.join(dir, 'to-ds', 'export'), where)).toMatch(/inside the dataset folder/);
    expect(confineOutput(path.join(dir, 'out', 'not-yet', 'a.npy'), where)).toBe(path.join(dir, 'out', 'not-yet', 'a.npy'));
  });

  it('the export folder uses the same policy: a link into /etc is export.bad-folder', () => {
    const where = { dataDir: path.join(dir, 'data'), datasetRoots: [] };
    expect(() => confineOutDir(path.join(dir, 'to-etc', 'export'), where)).toThrow(expect.objectContaining({ code: 'export.bad-folder' }));
    expect(() => confineOutDir('/', where)).toThrow('a file system root is not an output folder');
    expect(confineOutDir(path.join(dir, 'out', 'export'), where)).toBe(path.join(dir, 'out', 'export'));
  });

  it('realPathOf resolves the deepest existing ancestor of a path not made yet', () => {
    expect(realPathOf(path.join(dir, 'to-etc', 'a', 'b'))).toBe(path.join('/etc', 'a', 'b'));
  });
});
