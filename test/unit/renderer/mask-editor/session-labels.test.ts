import { describe, expect, it } from 'vitest';
import { labelsToSave, sessionLabels, valuesPresent } from '../../../../renderer/features/mask-editor/model/session-labels';
import { DIFF_ADDED, DIFF_REMOVED, diffLabelmap } from '../../../../renderer/features/mask-editor/model/diff-map';
import { labelColours } from '../../../../renderer/features/mask-editor/model/label-colours';

const lesion = (key: string, ordinal: number) => ({ key, ordinal, category: 'nodule' as const });

describe('labels of an editing session', () => {
  it('offers the lung as label 1 of a lung mask, then one label per lesion on the next free values, linked by key', () => {
    const ls = sessionLabels('lung', [], valuesPresent(new Uint8Array([0, 1, 1, 0])), [lesion('a', 1), lesion('b', 2)]);
    expect(ls).toEqual([
      { value: 1, name: 'lung', kind: 'lung' },
      { value: 2, name: 'lesion 1', kind: 'nodule', lesionKey: 'a' },
      { value: 3, name: 'lesion 2', kind: 'nodule', lesionKey: 'b' },
    ]);
  });

  it('keeps a version’s declared labels and does not add a lesion twice', () => {
    const declared = [
      { value: 1, name: 'lung', kind: 'lung' as const },
      { value: 4, name: 'lesion 1', kind: 'nodule' as const, lesionKey: 'a' },
    ];
    const ls = sessionLabels('lung', declared, [1, 4], [lesion('a', 1), lesion('b', 2)]);
    expect(ls.map((l) => [l.value, l.lesionKey])).toEqual([
      [1, undefined],
      [2, 'b'],
      [4, 'a'],
    ]);
  });

  it('offers a new empty nodule mask one label per lesion and no lung; on a scan without lesions, one nodule label', () => {
    expect(sessionLabels('nodules', [], [], [lesion('a', 1), lesion('b', 2)])).toEqual([
      { value: 1, name: 'lesion 1', kind: 'nodule', lesionKey: 'a' },
      { value: 2, name: 'lesion 2', kind: 'nodule', lesionKey: 'b' },
    ]);
    expect(sessionLabels('nodules', [], [], [])).toEqual([{ value: 1, name: 'nodule 1', kind: 'nodule' }]);
    expect(sessionLabels('lung', [], [], []).map((l) => l.name)).toEqual(['lung']);
  });

  it('saves the labels present plus those not tied to a lesion', () => {
    const ls = sessionLabels('lung', [], [1], [lesion('a', 1)]);
    expect(labelsToSave(ls, [1]).map((l) => l.value)).toEqual([1]);
    expect(labelsToSave(ls, [1, 2]).map((l) => l.value)).toEqual([1, 2]);
  });

  it('colours lung labels blue and leaves 0 transparent', () => {
    const c = labelColours([{ value: 1, name: 'lung', kind: 'lung' }]);
    expect(c[0]![3]).toBe(0);
    expect(c[1]).toEqual([60, 140, 255, 255]);
  });
});

describe('diff labelmap of two versions', () => {
  it('marks voxels b labels as added and voxels b cleared as removed, counting each', () => {
    // Runs (1, 2) and (5, 1): voxels 1, 2, 5 changed; b's labels 1, 0, 2; a's 0, 1, 1.
    const { map, added, removed } = diffLabelmap(8, { runs: new Uint32Array([1, 2, 5, 1]), values: new Uint8Array([1, 0, 2]) }, new Uint8Array([0, 1, 1]));
    expect(Array.from(map)).toEqual([0, DIFF_ADDED, DIFF_REMOVED, 0, 0, DIFF_ADDED, 0, 0]);
    expect([added, removed]).toEqual([2, 1]);
  });
});
