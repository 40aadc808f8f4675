import { describe, expect, it } from 'vitest';
import type { ExportCase, ExportCasePlan } from '../../../../electron/core/export/case-model';
import { packFrames, planSegments } from '../../../../electron/core/export/dicom-seg-segments';

/** A 4 × 3 × 3 case: only dims, the labelmap, the mask versions and the label sources matter here. */
function tinyCase(labelmap: Uint8Array, edited: { lung: boolean; nodule: boolean } = { lung: false, nodule: false }, nodule: ExportCase['labelSources']['nodule'] = [8]): ExportCase {
  const plan = {
    caseId: 'TINY',
    masks: [
      { versionId: 7, kind: 'lung', path: '', format: 'ldmask', sha256: null, labels: [], edited: edited.lung },
      { versionId: 8, kind: 'nodules', path: '', format: 'ldmask', sha256: null, labels: [], edited: edited.nodule },
    ],
  } as unknown as ExportCasePlan;
  const volume = { dims: [4, 3, 3] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels: new Int16Array(36) };
  return { plan, volume, labelmap, lesionVoxels: new Map(), labelSources: { lung: [7], nodule } };
}

const LABELS = { lung: 1, nodule: 2 };
const ALL_IMAGES = Int32Array.from([0, 1, 2]);

describe('DICOM SEG segments and frames', () => {
  it('numbers the labels present from 1 (lung, then nodule) with frames by segment, then slice', () => {
    const lm = new Uint8Array(36);
    lm[0] = 1; // slot 0
    lm[12 + 5] = 2; // slot 1
    lm[24 + 3] = 1; // slot 2
    lm[24 + 4] = 2; // slot 2
    const { segments, frames, droppedVoxels } = planSegments(tinyCase(lm), LABELS, ALL_IMAGES);
    expect(segments.map((s) => [s.number, s.label, s.value])).toEqual([
      [1, 'Lung', 1],
      [2, 'Nodule', 2],
    ]);
    expect(frames.map((f) => [f.segment.number, f.image])).toEqual([
      [1, 0],
      [1, 2],
      [2, 1],
      [2, 2],
    ]);
    expect(droppedVoxels).toBe(0);
  });

  it('a nodule-only case has one segment, number 1 (segment numbers start at 1 without gaps, PS3.3 C.8.20.2)', () => {
    const lm = new Uint8Array(36);
    lm[13] = 2;
    const { segments } = planSegments(tinyCase(lm), LABELS, ALL_IMAGES);
    expect(segments.map((s) => [s.number, s.label])).toEqual([[1, 'Nodule']]);
  });

  it('a lung label value of 0 (no lung label in the export) gives no lung segment', () => {
    const lm = new Uint8Array(36);
    lm[13] = 2;
    const { segments } = planSegments(tinyCase(lm), { lung: 0, nodule: 2 }, ALL_IMAGES);
    expect(segments.map((s) => s.kind)).toEqual(['nodule']);
  });

  it('a segment whose voxels all lie on a missing slice is left out and its voxels counted', () => {
    const lm = new Uint8Array(36);
    lm[0] = 1;
    lm[12] = 2;
    lm[13] = 2;
    const { segments, frames, droppedVoxels } = planSegments(tinyCase(lm), LABELS, Int32Array.from([0, -1, 1]));
    expect(segments.map((s) => s.label)).toEqual(['Lung']);
    expect(frames).toHaveLength(1);
    expect(droppedVoxels).toBe(2);
  });

  it('MANUAL only when every source was drawn by hand (edited versions, reader outlines), else SEMIAUTOMATIC', () => {
    const lm = new Uint8Array(36);
    lm[0] = 1;
    lm[1] = 2;
    const algo = (c: ExportCase): string[] => planSegments(c, LABELS, ALL_IMAGES).segments.map((s) => s.algorithmType);
    expect(algo(tinyCase(lm))).toEqual(['SEMIAUTOMATIC', 'SEMIAUTOMATIC']);
    expect(algo(tinyCase(lm, { lung: true, nodule: true }))).toEqual(['MANUAL', 'MANUAL']);
    expect(algo(tinyCase(lm, { lung: true, nodule: false }, ['outline']))).toEqual(['MANUAL', 'MANUAL']);
    expect(algo(tinyCase(lm, { lung: true, nodule: true }, [8, 'sphere']))).toEqual(['MANUAL', 'SEMIAUTOMATIC']);
  });

  it('packs one bit per pixel, first pixel in the lowest bit, frames back to back without padding (PS3.5 8.1.1)', () => {
    // Planes of 5 pixels: frame 0 = slot 0 (value 1 at pixels 0 and 4), frame 1 = slot 1 (value 1 at pixel 1).
    const lm = Uint8Array.from([1, 0, 0, 0, 1, 0, 1, 0, 0, 2]);
    const packed = packFrames(lm, 5, [
      { value: 1, slot: 0 },
      { value: 1, slot: 1 },
    ]);
    // bits 0, 4 and 5 + 1 = 6 → 0b0101_0001; 10 bits fill 2 bytes, already even.
    expect(Array.from(packed)).toEqual([0b01010001, 0]);
    // An odd byte count is padded to even length.
    expect(packFrames(lm, 5, [{ value: 1, slot: 0 }])).toHaveLength(2);
  });
});
