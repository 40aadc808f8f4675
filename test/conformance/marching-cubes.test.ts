// marchingCubes against scikit-image 0.19.3 (Lewiner) on the shared conformance cases
// (shared/conformance/cases/marching_cubes), compared with the `mesh` mode: area,
// enclosed volume (closed meshes) and vertex-set Hausdorff distance.
import { describe, expect, it } from 'vitest';
import { marchingCubes } from '../../native/slice2d-mesh';
import {
  compareMesh,
  conformanceAvailable,
  CONFORMANCE_ROOT,
  ConformanceCase,
  dimsOfShape,
  listCases,
  meshMeasures,
} from '../helpers/conformance';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: marching_cubes conformance skipped`);

describe.skipIf(!available)('marchingCubes conformance (skimage.measure.marching_cubes 0.19.3)', () => {
  const cases = listCases('marching_cubes');
  it('finds the marching_cubes cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });
  for (const entry of cases) {
    it(`marching_cubes/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      expect(c.spec.compare.mode).toBe('mesh');
      expect(c.params.gradient_direction).toBe('descent');
      const volume = c.input('volume');
      const data = volume.data;
      if (!(data instanceof Float32Array || data instanceof Int16Array || data instanceof Uint8Array)) {
        throw new Error(`unsupported volume ${volume.dtype}`);
      }
      const spacing = (c.params.spacing as number[] | undefined) ?? [1, 1, 1];
      // skimage's spacing is (z, y, x); ours is (x, y, z).
      const mesh = marchingCubes(data, dimsOfShape(volume.shape), Number(c.params.level), {
        spacing: [spacing[2]!, spacing[1]!, spacing[0]!],
      });
      const result = compareMesh(mesh, c.output('verts'), c.output('faces'), c.spec.compare);
      if (!result.ok) throw new Error(`${c.name}: ${result.message}`);
      console.info(`[conformance] ${c.name}: ${result.message}`);
      if (c.spec.summary?.closed === true) expect(meshMeasures(mesh).closed).toBe(true);
    });
  }
});
