import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetRoot } from '../../../../electron/core/datasets/dataset-root';
import { datasetFolderRefusal } from '../../../../electron/core/datasets/folder-policy';

describe('datasetRoot (the folder to import)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-root-'));
    fs.mkdirSync(path.join(dir, 'LIDC-IDRI-0001'));
    fs.writeFileSync(path.join(dir, 'LIDC-IDRI-0001', '1-001.dcm'), 'not really DICOM');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the absolute path of a folder', () => {
    expect(datasetRoot(path.relative(process.cwd(), dir))).toBe(dir);
  });

  it('refuses a file with io.not-a-folder naming it and the folder to import instead', () => {
    const file = path.join(dir, 'LIDC-IDRI-0001', '1-001.dcm');
    expect(() => datasetRoot(file)).toThrow(expect.objectContaining({ code: 'io.not-a-folder', file }));
    expect(() => datasetRoot(file)).toThrow(`import the folder that holds it (${path.join(dir, 'LIDC-IDRI-0001')})`);
  });

  it('refuses a missing path with io.not-found, a path through a file too', () => {
    expect(() => datasetRoot(path.join(dir, 'absent'))).toThrow(expect.objectContaining({ code: 'io.not-found' }));
    expect(() => datasetRoot(path.join(dir, 'LIDC-IDRI-0001', '1-001.dcm', 'x'))).toThrow(expect.objectContaining({ code: 'io.not-found' }));
  });
});

describe('datasetRoot refuses folders no dataset can be (dataset.refused-folder)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-refuse-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.symlinkSync('/', path.join(dir, 'link-to-root'));
    fs.symlinkSync('/proc', path.join(dir, 'link-to-proc'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['/', '/proc', '/sys', '/dev', '/proc/self', '/sys/kernel', '/dev/shm'])('refuses %s naming it', (p) => {
    if (!fs.existsSync(p)) return; // a folder this system lacks cannot be added anyway (io.not-found)
    expect(() => datasetRoot(p)).toThrow(expect.objectContaining({ code: 'dataset.refused-folder', file: p }));
  });

  it('says why the root is refused and what to add instead', () => {
    expect(() => datasetRoot('/')).toThrow('/ is the root of the file system (the whole disk), not a dataset; add the folder that holds your scans');
  });

  it('refuses a symbolic link to / or to /proc, judged on its real path', () => {
    const link = path.join(dir, 'link-to-root');
    expect(() => datasetRoot(link)).toThrow(expect.objectContaining({ code: 'dataset.refused-folder', file: link }));
    expect(() => datasetRoot(link)).toThrow(`(${link} leads to /)`);
    expect(() => datasetRoot(path.join(dir, 'link-to-proc'))).toThrow(expect.objectContaining({ code: 'dataset.refused-folder' }));
  });

  it('refuses a file in /dev as a system folder, a plain file as io.not-a-folder', () => {
    expect(() => datasetRoot('/dev/null')).toThrow(expect.objectContaining({ code: 'dataset.refused-folder' }));
    const file = path.join(dir, 'scan.dcm');
    fs.writeFileSync(file, 'x');
    expect(() => datasetRoot(file)).toThrow(expect.objectContaining({ code: 'io.not-a-folder', file }));
  });

  it("refuses LungDesk's data folder itself, not a folder beside it", () => {
    const data = path.join(dir, 'data');
    expect(() => datasetRoot(data, { dataDir: data })).toThrow(expect.objectContaining({ code: 'dataset.refused-folder' }));
    expect(() => datasetRoot(data, { dataDir: data })).toThrow("LungDesk's own data folder");
    expect(datasetRoot(dir, { dataDir: data })).toBe(dir);
  });

  it('refuses a drive root on Windows (checked by path rules, not on this disk)', () => {
    expect(datasetFolderRefusal('C:\\', 'C:\\', { platform: 'win32' })).toMatch(/root of the file system/);
    expect(datasetFolderRefusal('D:\\scans', 'D:\\scans', { platform: 'win32' })).toBeUndefined();
  });
});
