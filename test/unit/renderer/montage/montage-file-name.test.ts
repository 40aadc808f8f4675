import { describe, expect, it } from 'vitest';
import { montageFileName } from '../../../../renderer/features/montage/model/montage-file-name';

describe('montage PNG file name', () => {
  it('is <scanName>-montage.png', () => {
    expect(montageFileName('LIDC-IDRI-0001')).toBe('LIDC-IDRI-0001-montage.png');
  });

  it('replaces characters unsafe in file names and trims leading dots', () => {
    expect(montageFileName('../a b/c:d')).toBe('a_b_c_d-montage.png');
  });

  it('falls back to "scan" when nothing usable is left', () => {
    expect(montageFileName('///')).toBe('scan-montage.png');
    expect(montageFileName('')).toBe('scan-montage.png');
  });
});
