import { describe, expect, it } from 'vitest';
import { preprocessVolume, type OutputArray, type StreamedArray } from '../../../../electron/core/pipelines/preprocess';
import { ballCase } from '../../../helpers/ball-export-case';

function collect(): { names: string[]; arrays: Map<string, OutputArray>; sink: (n: string, a: OutputArray | StreamedArray) => Promise<void> } {
  const names: string[] = [];
  const arrays = new Map<string, OutputArray>();
  return {
    names,
    arrays,
    sink: async (n, a) => {
      names.push(n);
      if ('data' in a) arrays.set(n, { shape: a.shape, data: a.data.slice() });
    },
  };
}

describe('preprocessVolume with given masks', () => {
  it('by default consumes the volume and segments the lungs (lungmask_nofill.npy, masks_N_seed.npy)', async () => {
    const c = ballCase();
    const out = collect();
    const n = c.plan.lesions[0]!;
    await preprocessVolume(c.volume, { interp: 'linear', nodules: [{ index: 306, center: n.center, diameterMm: 10 }] }, out.sink);
    expect(c.volume.voxels.length).toBe(0);
    expect(out.names).toEqual([
      'hu.npy', 'nodules/images_306.npy', 'nodules/masks_306.npy', 'nodules/masks_306_seed.npy', 'resampled.npy',
      'lungmask_nofill.npy', 'lungmask.npy', 'lungmask_dilated.npy', 'segmented.npy',
    ]);
  });

  it('keepInput leaves the volume untouched (a missing slice is bridged on a copy); a given lung mask replaces the segmentation', async () => {
    const c = ballCase({ missingSlices: [4] });
    const before = c.volume.voxels.slice();
    const lungMask = c.labelmap.map((v) => (v === 1 ? 1 : 0));
    const out = collect();
    const a = c.plan.lesions[0]!;
    const summary = await preprocessVolume(
      c.volume,
      { interp: 'linear', lungMask, keepInput: true, missingSlices: [4], nodules: [{ index: 1, center: a.center, diameterMm: 10, voxels: c.lesionVoxels.get(a.key)! }] },
      out.sink,
    );
    expect(c.volume.voxels).toEqual(before);
    expect(out.names).toEqual(['hu.npy', 'nodules/images_1.npy', 'nodules/masks_1.npy', 'resampled.npy', 'lungmask.npy', 'lungmask_dilated.npy', 'segmented.npy']);
    expect(summary.lungVoxels.fill).toBeGreaterThan(0);
    expect(summary.lungVoxels.nofill).toBe(summary.lungVoxels.fill);
    const lung = out.arrays.get('lungmask.npy')!.data;
    expect(new Set(lung)).toEqual(new Set([0, 1]));
    expect(summary.nodules[0]!.maskVoxels).toBeGreaterThan(0);
  });

  it('refuses a given lung mask of the wrong size (contract.bad-input)', async () => {
    const c = ballCase();
    await expect(preprocessVolume(c.volume, { lungMask: new Uint8Array(3) }, async () => {})).rejects.toMatchObject({ code: 'contract.bad-input' });
  });
});
