import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetRoot } from '../../../../electron/core/datasets/dataset-root';

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
