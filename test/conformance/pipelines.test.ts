// The seed's pipeline steps against their conformance cases (seed_pipeline.py):
// segment_lung_mask, normalize, nodule_mask.
import { describe, expect, it } from 'vitest';
import { segmentLungMask3d } from '../../electron/core/pipelines/lung-mask-3d';
import { segmentLungs2d } from '../../electron/core/pipelines/lung-mask-2d';
import { normalizeMasked, normalizeZeroCenter } from '../../electron/core/pipelines/normalize';
import { noduleSlices } from '../../electron/core/pipelines/nodule-slices';
import { conformanceAvailable, ConformanceCase, dimsOfShape, expectConformant, listCases } from '../helpers/conformance';

const available = conformanceAvailable();

describe.skipIf(!available)('pipeline conformance (seed_pipeline.py)', () => {
  for (const entry of listCases('segment_lung_mask')) {
    it(`segment_lung_mask/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const image = c.input('image');
      const mask = segmentLungMask3d(image.data as Int16Array, dimsOfShape(image.shape), {
        fill: c.params.fill_lung_structures as boolean,
        threshold: c.params.threshold as number,
      });
      expectConformant(c, 'mask', mask);
    });
  }

  it('segment_lung_mask with outsideAir "sides" removes the outside air a table splits off (the seed keeps it)', () => {
    const c = new ConformanceCase(listCases('segment_lung_mask').find((e) => e.case === 'table_splits_air_fill_True')!);
    const image = c.input('image');
    const dims = dimsOfShape(image.shape);
    const seed = segmentLungMask3d(image.data as Int16Array, dims, { fill: true });
    const sides = segmentLungMask3d(image.data as Int16Array, dims, { fill: true, outsideAir: 'sides' });
    // The seed's mask touches the in-plane border (it kept outside air); ours does not.
    const touchesSides = (m: Uint8Array) => {
      const [nx, ny, nz] = dims;
      for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) for (const y of [0, ny - 1]) if (m[x + nx * (y + ny * z)]) return true;
      return false;
    };
    expect(touchesSides(seed)).toBe(true);
    expect(touchesSides(sides)).toBe(false);
    expect(sides.reduce((a, v) => a + v, 0)).toBeGreaterThan(0);
  });

  for (const entry of listCases('get_segmented_lungs')) {
    it(`get_segmented_lungs/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const image = c.input('image');
      const r = segmentLungs2d(image.data as Int16Array, dimsOfShape(image.shape), {
        threshold: c.params.threshold as number,
        fillValue: c.params.fill_value as number,
      });
      expectConformant(c, 'mask', r.mask);
      expectConformant(c, 'image_out', r.image);
    });
  }

  for (const entry of listCases('normalize')) {
    it(`normalize/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const image = c.input('image').data as Int16Array;
      const p = { minBound: c.params.min_bound as number, maxBound: c.params.max_bound as number, pixelMean: c.params.pixel_mean as number };
      const out = c.spec.inputs.mask ? normalizeMasked(image, c.input('mask').data as Uint8Array, p) : normalizeZeroCenter(image, p);
      expectConformant(c, 'out', out);
    });
  }

  for (const entry of listCases('nodule_mask')) {
    it(`nodule_mask/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const hu = c.input('hu');
      const dims = dimsOfShape(hu.shape);
      const r = noduleSlices(
        hu.data as Int16Array,
        { dims, spacing: c.params.spacing_xyz as [number, number, number], origin: c.params.origin_xyz as [number, number, number] },
        c.params.center_xyz as [number, number, number],
        c.params.diameter_mm as number,
      );
      expect(r.slices).toEqual(c.params.slices);
      expectConformant(c, 'images', r.images);
      expectConformant(c, 'masks', r.masks);
      expectConformant(c, 'masks_seed', r.masksSeed);
    });
  }
});
