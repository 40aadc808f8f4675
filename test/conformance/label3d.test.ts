// label3d and largestComponent against scikit-image 0.19.3 on the shared conformance
// cases (shared/conformance/cases/label and largest_component).
import { describe, expect, it } from 'vitest';
import { type Connectivity, label3d, largestComponent } from '../../native/index';
import {
  conformanceAvailable,
  CONFORMANCE_ROOT,
  ConformanceCase,
  dimsOfShape,
  expectConformant,
  listCases,
} from '../helpers/conformance';
import type { NpyArray } from '../helpers/npy';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: label3d conformance skipped`);

function integerInput(a: NpyArray): Uint8Array | Int16Array | Uint16Array | Int32Array {
  if (a.data instanceof Float32Array || a.data instanceof Float64Array) throw new Error(`float input ${a.dtype}`);
  return a.data;
}

// 2D cases run as one slice (nz = 1): 2D connectivity 1 (4 neighbours) is 3D 1 within a
// slice and 2D 2 (8 neighbours) is 3D 2, so the parameter carries over unchanged.
function connectivityOf(c: ConformanceCase): Connectivity {
  const conn = c.params.connectivity;
  const ndim = c.spec.inputs[Object.keys(c.spec.inputs)[0]!]!.shape.length;
  const value = conn === null || conn === undefined ? ndim : conn;
  if (value !== 1 && value !== 2 && value !== 3) throw new Error(`${c.name}: connectivity ${String(conn)}`);
  return value;
}

describe.skipIf(!available)('label3d conformance (skimage.measure.label 0.19.3)', () => {
  const cases = listCases('label');
  it('finds the label cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(44);
  });
  for (const entry of cases) {
    it(`label/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      expect(c.params.background ?? 0).toBe(0);
      const image = c.input('image');
      const input = integerInput(image);
      const before = input.slice();
      const { labels, count } = label3d(input, dimsOfShape(image.shape), connectivityOf(c));
      const result = expectConformant(c, 'labels', labels);
      // We claim skimage's raster numbering, so hold ourselves to it, not only the partition.
      expect(result.matched).toBe('exact');
      const expected = c.output('labels').data;
      let max = 0;
      for (let i = 0; i < expected.length; ++i) max = Math.max(max, expected[i]!);
      expect(count).toBe(max);
      if (typeof c.spec.summary?.num === 'number') expect(count).toBe(c.spec.summary.num);
      expect(input).toEqual(before);
    });
  }
});

describe.skipIf(!available)('largestComponent conformance (tutorial largest_label_volume)', () => {
  const cases = listCases('largest_component');
  it('finds the largest_component cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });
  for (const entry of cases) {
    it(`largest_component/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const mask = c.input('mask');
      const { mask: out, voxels } = largestComponent(integerInput(mask), dimsOfShape(mask.shape), connectivityOf(c));
      expectConformant(c, 'out', out);
      let kept = 0;
      for (const v of out) kept += v;
      expect(voxels).toBe(kept);
      if (typeof c.spec.summary?.kept_voxels === 'number') expect(voxels).toBe(c.spec.summary.kept_voxels);
    });
  }
});
