import { describe, expect, it } from 'vitest';
import { SOURCE_LABELS, centreLabel, characteristicLines } from '../../../../renderer/features/nodules/model/nodule-details';

describe('nodule details', () => {
  it('names every source as readers know it', () => {
    expect(SOURCE_LABELS).toEqual({ 'luna-csv': 'LUNA16', 'lidc-xml': 'LIDC', user: 'user' });
  });

  it('shows the centre in LPS mm with one decimal', () => {
    expect(centreLabel([56.208, 86.343, -115.867])).toBe('56.2, 86.3, -115.9 mm');
  });

  it('lists LIDC ratings in the form order with their scales, unknown keys after', () => {
    expect(characteristicLines({ malignancy: 3.25, subtlety: 5, calcification: 6, extra: 2 })).toEqual(['Subtlety 5/5', 'Calcification 6/6', 'Malignancy 3.3/5', 'extra 2']);
    expect(characteristicLines(null)).toEqual([]);
  });
});
