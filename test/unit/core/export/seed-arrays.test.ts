import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedArraysExporter } from '../../../../electron/core/export/seed-arrays';
import { npyFileSink, preprocessVolume } from '../../../../electron/core/pipelines/preprocess';
import { ballCase, exportContext } from '../../../helpers/ball-export-case';
import { ndimageMissing } from '../../../helpers/ndimage-oracle';
import { writeNpy } from '../../../helpers/npy';
import { SHARED_REFERENCE } from '../../../helpers/shared-data';
import { runPythonJson } from '../../../phantom/python-oracle';

const roots: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-seed-'));
  roots.push(d);
  return d;
};
afterAll(() => roots.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

const haveSeed = ndimageMissing() === null && fs.existsSync(path.join(SHARED_REFERENCE, 'seed_pipeline.py'));

/**
 * The seed pipeline's own functions as the judge: the grid of its `resample`, scipy's
 * nearest zoom of the reviewed lung mask, its `dilate_mask` and `apply_mask`; and the
 * nodule slices against the scan and the lesion's voxels.
 */
const JUDGE = String.raw`
import json, sys, os, numpy as np, scipy.ndimage as ndi
sys.path.insert(0, sys.argv[1])
import seed_pipeline as sp
d, given_dir = sys.argv[2], sys.argv[3]
meta = json.load(open(d + '/meta.json'))
hu = np.load(d + '/hu.npy'); res = np.load(d + '/resampled.npy')
lung = np.load(d + '/lungmask.npy'); dil = np.load(d + '/lungmask_dilated.npy'); seg = np.load(d + '/segmented.npy')
given = np.load(given_dir + '/lung_given.npy'); own = np.load(given_dir + '/own.npy')
spacing = meta['spacingZyx']
ref, real = sp.resample(hu, spacing, (1.0, 1.0, 1.0), order=3)
factors = np.array(res.shape) / np.array(hu.shape)
radius = int(round(5 / float(min(real))))
out = dict(
  files=sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs),
  dtypes={k: str(v.dtype) for k, v in dict(hu=hu, res=res, lung=lung, dil=dil, seg=seg).items()},
  shapes={k: list(v.shape) for k, v in dict(hu=hu, res=res, lung=lung, dil=dil, seg=seg, ref=ref).items()},
  resampled_max_diff=int(np.abs(res.astype(np.int32) - ref.astype(np.int32)).max()),
  real_spacing=[float(s) for s in real],
  lung_equals_nearest_zoom=bool((ndi.zoom(given, factors, order=0, mode='nearest') == lung).all()),
  lung_voxels=int(lung.sum()), dilated_voxels=int(dil.sum()), radius=radius,
  dilated_equals_seed=bool((sp.dilate_mask(lung, radius) == dil).all()),
  segmented_equals_seed=bool(np.array_equal(sp.apply_mask(res, dil), seg)),
  nodules=[],
)
for n in meta['nodules']:
  imgs = np.load(d + '/nodules/images_%d.npy' % n['index']); msk = np.load(d + '/nodules/masks_%d.npy' % n['index'])
  zs = n['slices']
  out['nodules'].append(dict(index=n['index'], shape=list(imgs.shape), mshape=list(msk.shape), dtype=str(imgs.dtype), mdtype=str(msk.dtype),
    images_equal=bool((imgs == hu[zs]).all()), masks_equal=bool((msk == (own[zs] == n['index'])).all()), mask_voxels=int(msk.sum()), slices=zs))
print(json.dumps(out))
`;

interface NoduleVerdict {
  index: number; shape: number[]; mshape: number[]; dtype: string; mdtype: string;
  images_equal: boolean; masks_equal: boolean; mask_voxels: number; slices: number[];
}
interface Verdict {
  files: string[]; dtypes: Record<string, string>; shapes: Record<string, number[]>; resampled_max_diff: number;
  real_spacing: number[]; lung_equals_nearest_zoom: boolean; lung_voxels: number; dilated_voxels: number; radius: number;
  dilated_equals_seed: boolean; segmented_equals_seed: boolean; nodules: NoduleVerdict[];
}

describe('the seed arrays from reviewed masks (format npy)', () => {
  it.skipIf(!haveSeed)("numpy loads every array with the seed's shapes; masks are the reviewed ones, resampled nearest, dilated and applied as the seed does", async () => {
    const c = ballCase();
    const out = tmp();
    const files = await seedArraysExporter.writeCase(c, exportContext(out));
    const dir = path.join(out, 'npy', c.plan.caseId);
    // The reviewed masks as the judge should find them: lung ∪ nodule label; each lesion's voxels by ordinal.
    const [nx, ny, nz] = c.volume.dims;
    const given = tmp();
    writeNpy(path.join(given, 'lung_given.npy'), { shape: [nz, ny, nx], data: c.labelmap.map((v) => (v === 1 || v === 2 ? 1 : 0)) });
    const own = new Uint8Array(c.labelmap.length);
    for (const l of c.plan.lesions) for (const i of c.lesionVoxels.get(l.key) ?? []) own[i] = l.ordinal;
    writeNpy(path.join(given, 'own.npy'), { shape: [nz, ny, nx], data: own });
    const r = runPythonJson<Verdict>(JUDGE, [SHARED_REFERENCE, dir, given]);
    expect(r.files).toEqual([
      'hu.npy', 'lungmask.npy', 'lungmask_dilated.npy', 'meta.json', 'nodules/images_1.npy', 'nodules/images_2.npy',
      'nodules/masks_1.npy', 'nodules/masks_2.npy', 'resampled.npy', 'segmented.npy',
    ]);
    expect(files.map((f) => f.path).sort()).toEqual(r.files.map((f) => `npy/${c.plan.caseId}/${f}`));
    expect(r.dtypes).toEqual({ hu: 'int16', res: 'int16', lung: 'uint8', dil: 'uint8', seg: 'float32' });
    const shapes = r.shapes;
    expect(shapes.hu).toEqual([20, 44, 48]);
    for (const k of ['res', 'lung', 'dil', 'seg']) expect(shapes[k]).toEqual(shapes.ref);
    expect(r.resampled_max_diff).toBeLessThanOrEqual(1); // cubic: a tie within 1e-4 may round the other way
    expect(r.lung_equals_nearest_zoom).toBe(true);
    expect(r.lung_voxels).toBeGreaterThan(0);
    expect(r.radius).toBe(5);
    expect(r.dilated_voxels).toBeGreaterThan(r.lung_voxels);
    expect(r.dilated_equals_seed).toBe(true);
    expect(r.segmented_equals_seed).toBe(true);
    const nodules = r.nodules;
    expect(nodules.map((n) => n.index)).toEqual([1, 2]);
    for (const n of nodules) {
      expect([n.shape, n.mshape, n.dtype, n.mdtype]).toEqual([[3, 44, 48], [3, 44, 48], 'int16', 'uint8']);
      expect(n.images_equal).toBe(true);
      expect(n.masks_equal).toBe(true);
      expect(n.mask_voxels).toBeGreaterThan(0);
    }
    // Ball A's centre is at slice 9.4, ball B's at 1.3.
    expect(nodules.map((n) => n.slices)).toEqual([[8, 9, 10], [0, 1, 2]]);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
    expect(meta.lungMask).toEqual({ source: 'reviewed', maskVersionIds: [11] });
    expect(meta.notWritten).toContain('lungmask_nofill.npy');
    // resampledToWorld maps the last resampled voxel onto the scan's last voxel (corner-aligned zoom).
    const last = [0, 1, 2].map((a) => shapes.res![2 - a]! - 1);
    const m = meta.resampledToWorld as number[];
    const w = [0, 1, 2].map((row) => m[4 * row]! * last[0]! + m[4 * row + 1]! * last[1]! + m[4 * row + 2]! * last[2]! + m[4 * row + 3]!);
    const g = c.plan.geometry;
    w.forEach((v, a) => expect(v).toBeCloseTo(g.origin[a]! + g.spacing[a]! * (g.dims[a]! - 1), 9));
  });

  it('hu.npy and resampled.npy are byte for byte what lungdesk preprocess writes; the volume is left as it was', async () => {
    const c = ballCase();
    const before = createHash('sha256').update(new Uint8Array(c.volume.voxels.buffer)).digest('hex');
    const out = tmp();
    await seedArraysExporter.writeCase(c, exportContext(out));
    expect(createHash('sha256').update(new Uint8Array(c.volume.voxels.buffer)).digest('hex')).toBe(before);
    const pp = tmp();
    await preprocessVolume(ballCase().volume, { interp: 'cubic' }, npyFileSink(pp));
    for (const f of ['hu.npy', 'resampled.npy']) expect(sha(path.join(out, 'npy', c.plan.caseId, f))).toBe(sha(path.join(pp, f)));
    expect(fs.existsSync(path.join(pp, 'lungmask_nofill.npy'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'npy', c.plan.caseId, 'lungmask_nofill.npy'))).toBe(false);
  });

  it('computes the lung mask as preprocess does when the case has no reviewed one, and says so', async () => {
    const c = ballCase();
    c.labelSources.lung = [];
    const out = tmp();
    const files = await seedArraysExporter.writeCase(c, exportContext(out));
    expect(files.map((f) => f.path)).toContain(`npy/${c.plan.caseId}/lungmask_nofill.npy`);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'npy', c.plan.caseId, 'meta.json'), 'utf8'));
    expect(meta.lungMask.source).toBe('computed');
    expect(meta.notWritten).not.toContain('lungmask_nofill.npy');
  });

  it('gives byte-identical files when run twice, missing slice and rotated scan included', async () => {
    const runs: Record<string, string>[] = [];
    for (let n = 0; n < 2; n++) {
      const c = ballCase({ missingSlices: [5], direction: [0, -1, 0, 1, 0, 0, 0, 0, 1] });
      const out = tmp();
      const files = await seedArraysExporter.writeCase(c, exportContext(out));
      for (const f of files) expect(sha(path.join(out, f.path))).toBe(f.sha256);
      runs.push(Object.fromEntries(files.map((f) => [f.path, f.sha256])));
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(Object.keys(runs[0]!)).toHaveLength(10);
  });
});
