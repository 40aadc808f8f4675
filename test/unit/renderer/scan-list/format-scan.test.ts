import { describe, expect, it } from 'vitest';
import { formatDims, formatSpacing, pickDataset, scanLabel, scanTitle, sliceCountText } from '../../../../renderer/features/scan-list/model/format-scan';

describe('scan list model', () => {
  it('formats dims and spacing for the scan item', () => {
    expect(formatDims([512, 512, 300])).toBe('512 × 512 × 300');
    expect(formatSpacing([0.703125, 0.703125, 2.5])).toBe('0.70 × 0.70 × 2.50 mm');
  });

  it('falls back to modality and format when a scan has no description', () => {
    expect(scanLabel({ description: '  ', modality: 'CT', format: 'dicom' })).toBe('CT (dicom)');
    expect(scanLabel({ description: 'Chest', modality: 'CT', format: 'dicom' })).toBe('Chest');
  });

  it('selects the first dataset automatically and keeps the current one while it exists', () => {
    expect(pickDataset([4, 2], null)).toBe(4);
    expect(pickDataset([4, 2], 2)).toBe(2);
    expect(pickDataset([4, 2], 9)).toBe(4);
    expect(pickDataset([], 9)).toBeNull();
  });

  it('names a scan by patient id, or by the end of its series UID when it has none (LUNA16 .mhd)', () => {
    const uid = '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
    expect(scanTitle({ patientId: 'LIDC-IDRI-0001', seriesInstanceUid: uid })).toBe('LIDC-IDRI-0001');
    expect(scanTitle({ patientId: '  ', seriesInstanceUid: uid })).toBe('…05059720603192');
    expect(scanTitle({ patientId: '', seriesInstanceUid: '1.2.3' })).toBe('1.2.3');
    expect(scanTitle({ patientId: '', seriesInstanceUid: '' })).toBe('(unnamed scan)');
  });

  it('counts slices with the right plural (single-slice DICOM series exist)', () => {
    expect(sliceCountText(1)).toBe('1 slice');
    expect(sliceCountText(133)).toBe('133 slices');
  });
});
