import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../../../../electron/core/io/dicom/parse';
import { assembleSeries, groupBySeries, listFiles, readSliceHeaders } from '../../../../../electron/core/io/dicom/series';
import { sliceHeaderOf, type SliceHeader } from '../../../../../electron/core/io/dicom/slice-header';
import type { FileIssue } from '../../../../../electron/core/io/types';
import { voxelToWorld } from '../../../../../electron/core/volume/volume';
import { A0001_DIR, A0002_DIR, LIDC_SERIES_DIR, LIDC_UID, TOTALSEG_DIR, hasData } from './data-paths';
import { ctSlice, type SliceSpec } from './build-dicom';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-series-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function drawn(spec: SliceSpec): SliceHeader {
  const file = `/drawn/${n++}.dcm`;
  return sliceHeaderOf(parseDicom(ctSlice(spec), { file }));
}
function assembled(specs: SliceSpec[]) {
  const a = assembleSeries(specs.map(drawn));
  if (!('geometry' in a)) throw new Error('no series');
  return a;
}
const zs = (list: number[], extra: Partial<SliceSpec> = {}): SliceSpec[] => list.map((z, i) => ({ ipp: [0, 0, z], instance: i + 1, ...extra }));

async function seriesOf(dir: string) {
  const issues: FileIssue[] = [];
  const headers = await readSliceHeaders(await listFiles(dir), undefined, issues);
  return { groups: groupBySeries(headers).map((g) => assembleSeries(g)), issues };
}

describe('DICOM series on real scans', () => {
  it.skipIf(!hasData(LIDC_SERIES_DIR))('LIDC-IDRI-0001: 512×512×133, spacing [0.703125, 0.703125, 2.5], its SeriesInstanceUID', async () => {
    const { groups, issues } = await seriesOf(path.dirname(path.dirname(LIDC_SERIES_DIR)));
    expect(groups).toHaveLength(1);
    const a = groups[0]!;
    if (!('geometry' in a)) throw new Error('no geometry');
    expect(a.slices[0]!.seriesInstanceUid).toBe(LIDC_UID);
    expect(a.geometry.dims).toEqual([512, 512, 133]);
    expect(a.geometry.spacing).toEqual([0.703125, 0.703125, 2.5]);
    expect(a.geometry.origin).toEqual([-166, -171.699997, -340]);
    expect(a.geometry.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(a.warnings).toEqual([]);
    // 069.xml is the one file that is not DICOM.
    expect(issues.map((i) => [path.basename(i.file), i.code])).toEqual([['069.xml', 'io.not-dicom']]);
    const z = a.slices.map((h) => h.imagePositionPatient[2]);
    expect(z.every((v, i) => i === 0 || v > z[i - 1]!)).toBe(true);
  });

  it.skipIf(!hasData(A0002_DIR))('reads the folder with double spaces in its name (unsigned, 30 slices, step 8 mm)', async () => {
    const { groups } = await seriesOf(A0002_DIR);
    const a = groups[0]!;
    if (!('geometry' in a)) throw new Error('no geometry');
    expect(a.geometry.dims).toEqual([512, 512, 30]);
    expect(a.geometry.spacing).toEqual([0.646484375, 0.646484375, 8]);
    expect(a.slices[0]!.pixelRepresentation).toBe(0);
    expect(a.geometry.origin[2]).toBe(80);
  });

  it.skipIf(!hasData(A0001_DIR))('reads the Implicit VR series (A0001: 64 slices, step 5 mm, z from -439)', async () => {
    const { groups } = await seriesOf(A0001_DIR);
    const a = groups[0]!;
    if (!('geometry' in a)) throw new Error('no geometry');
    expect(a.geometry.dims).toEqual([512, 512, 64]);
    expect(a.geometry.spacing).toEqual([0.841796875, 0.841796875, 5]);
    expect(a.geometry.origin).toEqual([-228.036842, -93.0631599, -439]);
    expect(a.slices[0]!.transferSyntaxUid).toBe('1.2.840.10008.1.2');
  });

  it.skipIf(!hasData(TOTALSEG_DIR))('groups files with an EMPTY SeriesInstanceUID by folder; decodable compressed slices raise no issue', async () => {
    const { groups, issues } = await seriesOf(TOTALSEG_DIR);
    expect(groups).toHaveLength(1);
    const a = groups[0]!;
    if (!('geometry' in a)) throw new Error('no geometry');
    expect(a.geometry.dims).toEqual([512, 512, 20]);
    expect(a.geometry.spacing[2]).toBeCloseTo(2, 6);
    expect(a.warnings.join('\n')).not.toContain('JPEG 2000');
    expect(issues).toEqual([]);
    expect(a.issues).toEqual([]);
  });
});

describe('DICOM series assembly (drawn slices)', () => {
  it('sorts by position along the normal, not by InstanceNumber or file order', () => {
    const specs = [5, -5, 10, 0, 2.5, 7.5, -2.5].map((z, i) => ({ ipp: [0, 0, z] as [number, number, number], instance: 100 - i }));
    const a = assembled(specs);
    expect(a.slices.map((h) => h.imagePositionPatient[2])).toEqual([-5, -2.5, 0, 2.5, 5, 7.5, 10]);
    expect(a.geometry.spacing).toEqual([0.75, 0.5, 2.5]);
    expect(a.warnings).toEqual([]);
  });

  it('orders a sagittal series along row × column (normal) and builds the direction columns', () => {
    const iop = [0, 1, 0, 0, 0, -1]; // rows along +y, columns along -z: normal = -x
    const a = assembled([3, 1, 2].map((x) => ({ ipp: [x, 0, 0] as [number, number, number], iop })));
    expect(a.slices.map((h) => h.imagePositionPatient[0])).toEqual([3, 2, 1]);
    expect(a.geometry.origin).toEqual([3, 0, 0]);
    expect(a.geometry.direction).toEqual([0, 0, -1, 1, 0, 0, 0, -1, 0]);
  });

  it('takes the slice step from positions (median), not SliceThickness, and says when they differ', () => {
    const a = assembled(zs([0, 2, 4, 6], { thickness: '3' }));
    expect(a.geometry.spacing[2]).toBe(2);
    expect(a.warnings.join()).toContain('SliceThickness 3 mm differs from the slice step 2 mm');
  });

  it('keeps every slice of a series with a gap at its own position: the gap becomes missing (padded) slots', () => {
    const a = assembled(zs([0, 2.5, 5, 12.5, 15]));
    expect(a.geometry.spacing[2]).toBe(2.5);
    expect(a.geometry.dims[2]).toBe(7);
    expect(a.slots).toEqual([0, 1, 2, 5, 6]);
    expect(a.missingSlices).toEqual([3, 4]);
    a.slices.forEach((h, i) => expect(voxelToWorld(a.geometry, [0, 0, a.slots[i]!])[2]).toBeCloseTo(h.imagePositionPatient[2], 9));
    expect(a.warnings.join()).toMatch(/missing slices: 2 of 7 slot\(s\) have no file \(1 gap\(s\): slots 3–4 \(z 7\.5 … 10 mm\)\); they are padded with -2000 HU/);
  });

  it('pads gaps along a normal that runs against world z (slices sorted by z descending)', () => {
    const iop = [1, 0, 0, 0, -1, 0]; // normal = (0, 0, -1)
    const a = assembled(zs([10, 7.5, 5, 0, -2.5], { iop }));
    expect(a.slices.map((h) => h.imagePositionPatient[2])).toEqual([10, 7.5, 5, 0, -2.5]);
    expect(a.missingSlices).toEqual([3]);
    a.slices.forEach((h, i) => expect(voxelToWorld(a.geometry, [0, 0, a.slots[i]!])[2]).toBeCloseTo(h.imagePositionPatient[2], 9));
    expect(a.warnings.join()).toMatch(/slot 3 \(z 2\.5 mm\)/);
  });

  it('lists several gaps with their slots and world z', () => {
    const a = assembled(zs([0, 1, 3, 4, 5, 9, 10]));
    expect(a.missingSlices).toEqual([2, 6, 7, 8]);
    expect(a.warnings.join()).toContain('4 of 11 slot(s) have no file (2 gap(s): slot 2 (z 2 mm); slots 6–8 (z 6 … 8 mm))');
  });

  it('keeps stacking at the median step (with a warning saying so) when a gap is no whole multiple of the step', () => {
    const a = assembled(zs([0, 2.5, 5, 11.2, 13.7]));
    expect(a.missingSlices).toEqual([]);
    expect(a.geometry.dims[2]).toBe(5);
    expect(a.geometry.spacing[2]).toBe(2.5);
    expect(a.warnings.join()).toMatch(/non-uniform slice spacing: median step 2\.5 mm used, other steps 6\.2 mm/);
  });

  it('refuses to pad when the padding would outnumber the slices (two stacks sharing a UID)', () => {
    const a = assembled(zs([0, 2.5, 25, 27.5]));
    expect(a.missingSlices).toEqual([]);
    expect(a.geometry.dims[2]).toBe(4);
    expect(a.warnings.join()).toMatch(/missing slices: 1 gap\(s\), ≈8 slice\(s\) missing: .*not padded \(8 missing slots would outnumber the 4 acquired slices\)/);
  });

  it('warns about non-uniform spacing with the values', () => {
    const a = assembled(zs([0, 2.5, 5, 6.2, 8.7, 11.2]));
    expect(a.warnings.join()).toMatch(/non-uniform slice spacing: median step 2\.5 mm used, other steps 1\.2 mm \(1×\)/);
  });

  it('flags slices in a compressed syntax without a decoder (JPEG baseline) as io.unsupported, not decodable ones (RLE)', () => {
    const a = assembled(zs([0, 2.5, 5], { ts: '1.2.840.10008.1.2.4.50' }));
    expect(a.warnings.join('\n')).toContain('JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50): no decoder');
    expect(a.issues.map((i) => i.code)).toEqual(['io.unsupported', 'io.unsupported', 'io.unsupported']);
    const b = assembled(zs([0, 2.5, 5], { ts: '1.2.840.10008.1.2.5' }));
    expect(b.issues).toEqual([]);
    expect(b.warnings).toEqual([]);
  });

  it('at a duplicated position keeps the native slice over a decodable compressed one, and that over an undecodable one', () => {
    const a = assembled([
      { ipp: [0, 0, 0], ts: '1.2.840.10008.1.2.4.50', instance: 1 },
      { ipp: [0, 0, 0], ts: '1.2.840.10008.1.2.5', instance: 2 },
      { ipp: [0, 0, 1], ts: '1.2.840.10008.1.2.5', instance: 3 },
      { ipp: [0, 0, 1], instance: 4 },
    ]);
    expect(a.slices.map((h) => h.transferSyntaxUid)).toEqual(['1.2.840.10008.1.2.5', '1.2.840.10008.1.2.1']);
  });

  it('drops duplicate positions and says how many, naming each dropped file', () => {
    const a = assembled([...zs([0, 1, 2]), { ipp: [0, 0, 1], instance: 9 }]);
    expect(a.slices).toHaveLength(3);
    expect(a.warnings.join()).toContain('duplicate positions: 1 slice(s)');
    expect(a.issues.map((i) => i.reason)).toEqual(['duplicate-position']);
    expect(a.issues[0]!.message).toContain('a second image at 1 mm along the normal');
  });

  it('warns about gantry tilt when positions drift off the slice normal', () => {
    const a = assembled([0, 1, 2, 3].map((k) => ({ ipp: [0, k * 0.5, k * 2] as [number, number, number] })));
    expect(a.warnings.join()).toMatch(/gantry tilt or sheared geometry: .*1\.5 mm off the slice normal \(≈14\.04°\)/);
  });

  it('excludes localizers (ImageType LOCALIZER) and images of another orientation, each file named with its reason', () => {
    const a = assembled([
      ...zs([0, 1, 2, 3]),
      { ipp: [0, 0, 0], imageType: 'ORIGINAL\\PRIMARY\\LOCALIZER', iop: [1, 0, 0, 0, 0, -1] },
      { ipp: [0, 0, 9], iop: [0, 1, 0, 0, 0, -1] },
    ]);
    expect(a.slices).toHaveLength(4);
    expect(a.warnings.join('\n')).toMatch(/excluded 1 localizer/);
    expect(a.warnings.join('\n')).toMatch(/excluded 1 image\(s\) with orientation/);
    expect(a.issues.map((i) => i.reason)).toEqual(['localizer', 'other-orientation']);
    expect(a.issues[1]!.message).toMatch(/orientation \[0\.000,1\.000,0\.000,0\.000,0\.000,-1\.000\] differs/);
  });

  it('keeps the majority size when dimensions are mixed and says so', () => {
    const a = assembled([...zs([0, 1, 2]), { ipp: [0, 0, 3], rows: 4, cols: 4 }]);
    expect(a.geometry.dims).toEqual([2, 2, 3]);
    expect(a.warnings.join()).toContain('mixed dimensions: 2×2 (3 slices) kept, 4×4 (1 excluded)');
    expect(a.issues.map((i) => [i.reason, i.code])).toEqual([['other-size', 'io.unsupported']]);
  });

  it('flags a single slice and a non-CT modality', () => {
    const a = assembled([{ ipp: [0, 0, 0], modality: 'MR', thickness: '4' }]);
    expect(a.geometry.spacing[2]).toBe(4);
    expect(a.warnings.join('\n')).toMatch(/single slice: z spacing taken from SliceThickness \(4 mm\)/);
    expect(a.warnings.join('\n')).toMatch(/modality is "MR", not CT/);
  });

  it('groups by SeriesInstanceUID', () => {
    const groups = groupBySeries([...zs([0, 1]).map(drawn), ...zs([0, 1], { seriesUid: '9.9' }).map(drawn)]);
    expect(groups.map((g) => g.length)).toEqual([2, 2]);
  });
});

describe('listFiles', () => {
  it('finds files at any depth, skips hidden entries and survives a symlink loop', async () => {
    const root = path.join(tmp, 'walk');
    fs.mkdirSync(path.join(root, 'a', 'b', 'c'), { recursive: true });
    fs.mkdirSync(path.join(root, '.hidden'));
    fs.writeFileSync(path.join(root, 'a', 'b', 'c', 'deep.dcm'), 'x');
    fs.writeFileSync(path.join(root, '.hidden', 'h.dcm'), 'x');
    fs.writeFileSync(path.join(root, 'a', '.DS_Store'), 'x');
    fs.symlinkSync(root, path.join(root, 'a', 'loop'));
    const files = await listFiles(root);
    expect(files.map((f) => path.relative(root, f))).toEqual([path.join('a', 'b', 'c', 'deep.dcm')]);
  });
});
