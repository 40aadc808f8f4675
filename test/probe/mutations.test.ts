import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNumber, getNumbers } from '../../electron/core/io/dicom/dataset';
import { parseDicom } from '../../electron/core/io/dicom/parse';
import { SHARED_DATA } from '../helpers/shared-data';
import { encodeValue, setElement } from './mutations';

/**
 * The probe's DICOM field edits must produce the file they claim (else a "read without error"
 * finding would blame the reader for the probe's own mistake): checked with our parser on a
 * real LIDC slice.
 */
const SLICE = path.join(SHARED_DATA, 'LIDC-IDRI-0001');
function firstDcm(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const f = firstDcm(p);
      if (f) return f;
    } else if (e.name.endsWith('.dcm')) return p;
  }
  return undefined;
}
const file = firstDcm(SLICE);

describe.skipIf(!file)('probe DICOM field edits', () => {
  const bytes = file ? fs.readFileSync(file) : Buffer.alloc(0);

  it('rewrites PixelSpacing with a longer value and the parser reads the new value', () => {
    const edited = setElement(bytes, 0x0028, 0x0030, 'DS', encodeValue('DS', '1e308\\1e308'))!;
    expect(getNumbers(parseDicom(edited), 0x00280030)).toEqual([1e308, 1e308]);
  });

  it('inserts NumberOfFrames into a single-frame slice before Rows, and the rest still parses', () => {
    const edited = setElement(bytes, 0x0028, 0x0008, 'IS', encodeValue('IS', '5'))!;
    const f = parseDicom(edited);
    expect(getNumber(f, 0x00280008)).toBe(5);
    expect(getNumber(f, 0x00280010)).toBe(getNumber(parseDicom(bytes), 0x00280010));
  });
});
