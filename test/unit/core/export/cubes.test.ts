import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportCase, ExportContext, ExportedFile } from '../../../../electron/core/export/case-model';
import { cubeGrid, sampleHuCube } from '../../../../electron/core/export/cube-grid';
import { CUBE_INDEX_COLUMNS } from '../../../../electron/core/export/cube-index';
import { cubesExporter } from '../../../../electron/core/export/cubes';
import { parseCsv } from '../../../../electron/core/annotations/csv';
import { ballCase, exportContext } from '../../../helpers/ball-export-case';
import { readNpy, writeNpy } from '../../../helpers/npy';
import { ndimageMissing } from '../../../helpers/ndimage-oracle';
import { runPythonJson } from '../../../phantom/python-oracle';

const roots: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-cubes-'));
  roots.push(d);
  return d;
};
afterAll(() => roots.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function exportCubes(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
  const files = await cubesExporter.writeCase(c, ctx);
  return [...files, ...(await cubesExporter.finish!([{ plan: c.plan, files }], ctx))];
}

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

// 90° about z: the scan's x axis runs along world +y, its y axis along world −x.
const ROTATED = [0, -1, 0, 1, 0, 0, 0, 0, 1];

/** Numpy and scipy as judges: every cube against the CSV, the scan and map_coordinates. */
const JUDGE = String.raw`
import csv, json, sys, numpy as np, scipy.ndimage as ndi
out, scan_file, geo_file = sys.argv[1:4]
g = json.load(open(geo_file))
hu = np.load(scan_file).astype(np.float64)
hu[hu < -1500] = -1000
lab = np.load(scan_file.replace('scan.npy', 'own.npy'))
D = np.array(g['direction'], dtype=np.float64).reshape(3, 3)
sp = np.array(g['spacing']); o = np.array(g['origin'])
Dinv = np.linalg.inv(D)
rows = list(csv.DictReader(open(out + '/cubes/index.csv', newline='')))
res = []
for r in rows:
    img = np.load(out + '/' + r['image']); msk = np.load(out + '/' + r['mask'])
    n = int(r['cube_voxels']); h = int(r['center_index']); s = float(r['spacing_mm'])
    origin = np.array([float(r['origin_' + a]) for a in 'xyz'])
    Dc = np.array([float(v) for v in r['direction'].split()]).reshape(3, 3)
    world = np.array([float(r['world_' + a]) for a in 'xyz'])
    center_of_voxel = origin + Dc @ (np.array([h, h, h]) * s)
    k, j, i = np.meshgrid(np.arange(n), np.arange(n), np.arange(n), indexing='ij')
    pts = origin[:, None] + Dc @ (np.stack([i.ravel(), j.ravel(), k.ravel()]) * s)
    idx = (Dinv @ (pts - o[:, None])) / sp[:, None]
    coords = idx[::-1]
    ref = ndi.map_coordinates(hu, coords, order=1, mode='grid-constant', cval=-1000.0).reshape(n, n, n)
    own = ndi.map_coordinates(lab, coords, order=0, mode='grid-constant', cval=0).reshape(n, n, n)
    ones = np.argwhere(msk == 1)
    res.append(dict(
        lesion=r['lesion'], label=int(r['label']), reason=r['reason'], shape=list(img.shape), mshape=list(msk.shape),
        dtype=str(img.dtype), mdtype=str(msk.dtype), n=n,
        center_err=float(np.abs(center_of_voxel - world).max()), world=world.tolist(),
        max_diff=float(np.abs(img - ref).max()), outside=int((img == -1000).sum()), min_hu=int(img.min()),
        center_mask=int(msk[h, h, h]), center_hu=int(img[h, h, h]), ones=int(len(ones)),
        centroid=(ones.mean(axis=0) - h).tolist() if len(ones) else None,
        own_mismatch=int(((msk == 1) != (own > 0)).sum()) if int(r['label']) == 1 else 0,
        values=sorted(int(v) for v in np.unique(msk))))
print(json.dumps(res))
`;

describe('nodule cubes (format cubes)', () => {
  const missing = ndimageMissing();

  it.skipIf(missing !== null).each([
    ['an axis-aligned scan', [1, 0, 0, 0, 1, 0, 0, 0, 1]],
    ['a scan rotated 90° about z', ROTATED],
  ])('numpy loads every cube of %s; its centre voxel sits on the CSV centre and it equals scipy map_coordinates', async (_name, direction) => {
    const c = ballCase({ direction });
    const out = tmp();
    const ctx = exportContext(out, { cubeMm: 20, cubeSpacingMm: 0.5 });
    const files = await exportCubes(c, ctx);
    expect(files.map((f) => f.path)).toContain('cubes/index.csv');
    expect(files.filter((f) => f.role === 'cube')).toHaveLength(4);
    // The scan, the positives' own voxels and the geometry, for the judge.
    const [nx, ny, nz] = c.volume.dims;
    const scan = path.join(tmp(), 'scan.npy');
    writeNpy(scan, { shape: [nz, ny, nx], data: c.volume.voxels });
    const own = new Uint8Array(c.labelmap.length);
    for (const v of c.lesionVoxels.values()) for (const i of v) own[i] = 1;
    writeNpy(scan.replace('scan.npy', 'own.npy'), { shape: [nz, ny, nx], data: own });
    fs.writeFileSync(scan.replace('scan.npy', 'geo.json'), JSON.stringify(c.plan.geometry));
    const rows = runPythonJson<Record<string, unknown>[]>(JUDGE, [out, scan, scan.replace('scan.npy', 'geo.json')]);
    expect(rows.map((r) => [r.lesion, r.label])).toEqual([['les-a', 1], ['les-b', 1], ['cand-7', 0], ['les-c', 0]]);
    for (const r of rows) {
      const lesion = c.plan.lesions.find((l) => l.key === r.lesion)!;
      expect(r.shape).toEqual([40, 40, 40]);
      expect(r.mshape).toEqual([40, 40, 40]);
      expect([r.dtype, r.mdtype]).toEqual(['int16', 'uint8']);
      expect(r.center_err as number).toBeLessThan(1e-9);
      (r.world as number[]).forEach((w, a) => expect(w).toBeCloseTo(lesion.center[a]!, 9));
      // Ours is rounded to int16: at most half a unit from the float64 reference.
      expect(r.max_diff as number).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(r.min_hu as number).toBeGreaterThanOrEqual(-1000);
      expect(r.own_mismatch).toBe(0);
    }
    const [a, b, cand, rej] = rows as Record<string, number & number[] & string>[];
    // The ball at the centre: HU and mask, its centroid within half a scan slice (2.5 mm = 5 cube voxels).
    expect(a!.center_hu).toBe(60);
    expect(a!.center_mask).toBe(1);
    expect(a!.values).toEqual([0, 1]);
    const ballVoxels = ((4 / 3) * Math.PI * 5 ** 3) / 0.5 ** 3;
    expect(a!.ones).toBeGreaterThan(0.7 * ballVoxels);
    expect(a!.ones).toBeLessThan(1.3 * ballVoxels);
    for (const d of a!.centroid as unknown as number[]) expect(Math.abs(d)).toBeLessThan(2.5);
    expect(b!.center_mask).toBe(1);
    expect(b!.outside).toBeGreaterThan(1000); // its cube reaches past the scan's edges and its outside-field corner
    expect(rej!.center_mask).toBe(0); // a rejected lesion is not a nodule of the mask
    expect(rej!.center_hu).toBe(60);
    expect(rej!.reason).toBe('vessel, "not a nodule"');
    expect(cand!.center_mask).toBe(0);
    expect(cand!.values).toEqual([0, 2]); // ball A reaches into the candidate's cube: another nodule
  });

  it('index.csv parses with one row per cube, in a fixed order, with the lesion fields', async () => {
    const c = ballCase();
    const out = tmp();
    const ctx = exportContext(out, { cubeMm: 16, cubeSpacingMm: 1 });
    const files = await cubesExporter.writeCase(c, ctx);
    const other = ballCase({ caseId: 'ANOTHER_0002_s01' });
    const otherFiles = await cubesExporter.writeCase(other, ctx);
    // Given in reverse: rows still come by case id.
    await cubesExporter.finish!([{ plan: other.plan, files: otherFiles }, { plan: c.plan, files }], ctx);
    const rows: string[][] = [];
    parseCsv(fs.readFileSync(path.join(out, 'cubes/index.csv')), (r) => rows.push([...r.fields]));
    expect(rows[0]).toEqual([...CUBE_INDEX_COLUMNS]);
    const col = (name: string) => CUBE_INDEX_COLUMNS.indexOf(name as (typeof CUBE_INDEX_COLUMNS)[number]);
    const body = rows.slice(1);
    expect(body.map((r) => `${r[col('case')]}/${r[col('lesion')]}`)).toEqual([
      'ANOTHER_0002_s01/les-a', 'ANOTHER_0002_s01/les-b', 'ANOTHER_0002_s01/cand-7', 'ANOTHER_0002_s01/les-c',
      'BALL_0001_s01/les-a', 'BALL_0001_s01/les-b', 'BALL_0001_s01/cand-7', 'BALL_0001_s01/les-c',
    ]);
    const a = body[4]!;
    expect(a[col('image')]).toBe('cubes/BALL_0001_s01_1_pos_image.npy');
    expect(a[col('mask')]).toBe('cubes/BALL_0001_s01_1_pos_mask.npy');
    expect(body[6]![col('image')]).toBe('cubes/BALL_0001_s01_1_neg_image.npy');
    expect([a[col('label')], a[col('diameter_mm')], a[col('source')], a[col('decision')], a[col('cube_voxels')], a[col('center_index')]]).toEqual(['1', '10', 'luna16+lidc-xml', 'accepted', '16', '8']);
    expect(body[6]![col('diameter_mm')]).toBe('');
    expect(body[7]![col('reason')]).toBe('vessel, "not a nodule"');
    expect(['x', 'y', 'z'].map((a2) => Number(a[col(`world_${a2}`)]))).toEqual(c.plan.lesions[0]!.center);
  });

  it('writes negatives only when the export asks for them', async () => {
    const out = tmp();
    const files = await exportCubes(ballCase(), exportContext(out, { negatives: false, cubeMm: 8 }));
    expect(files.filter((f) => f.role === 'cube').map((f) => f.path)).toEqual(['cubes/BALL_0001_s01_1_pos_image.npy', 'cubes/BALL_0001_s01_2_pos_image.npy']);
  });

  it('gives byte-identical files when run twice, and leaves the case volume as it was (missing slice bridged on a copy)', async () => {
    const runs: Record<string, string>[] = [];
    for (let n = 0; n < 2; n++) {
      const c = ballCase({ missingSlices: [9] });
      const before = sha256Of(c.volume.voxels);
      const out = tmp();
      const files = await exportCubes(c, exportContext(out, { cubeMm: 24, cubeSpacingMm: 0.75 }));
      expect(sha256Of(c.volume.voxels)).toBe(before);
      for (const f of files) expect(sha(path.join(out, f.path))).toBe(f.sha256);
      runs.push(Object.fromEntries(files.map((f) => [f.path, f.sha256])));
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(Object.keys(runs[0]!)).toHaveLength(9);
  });

  it('bridges a missing slice: its padding never reaches a cube as air', async () => {
    const c = ballCase({ missingSlices: [9] });
    // Sampled as it is, the padded slot (through slice 9, beside ball A) reads as air.
    const raw = sampleHuCube(c.volume.voxels, c.volume.dims, cubeGrid(c.volume, c.plan.lesions[0]!.center, 20, 0.5));
    expect(Math.min(...raw)).toBe(-1000);
    const out = tmp();
    await cubesExporter.writeCase(c, exportContext(out, { cubeMm: 20, cubeSpacingMm: 0.5 }));
    const cube = readNpy(path.join(out, 'cubes/BALL_0001_s01_1_pos_image.npy'));
    expect(Math.min(...cube.data)).toBe(-850); // lung and ball only, as in the scan
  });

  it('puts the centre voxel on the lesion centre for odd and even edges', () => {
    const c = ballCase({ direction: ROTATED });
    for (const [mm, s, n, h] of [[64, 1, 64, 32], [15, 1, 15, 7], [20, 0.7, 29, 14]] as const) {
      const g = cubeGrid(c.volume, c.plan.lesions[0]!.center, mm, s);
      expect([g.n, g.centerIndex]).toEqual([n, h]);
      // The scan index of the centre voxel is the lesion's.
      expect(g.centerVoxel.map((v) => Number(v.toFixed(9)))).toEqual([20.3, 21.7, 9.4]);
    }
  });

  it('refuses a cube too large to hold (contract.bad-input, names the sizes)', () => {
    const c = ballCase();
    expect(() => cubeGrid(c.volume, c.plan.lesions[0]!.center, 256, 0.25)).toThrow(/1024³ voxels; at most 512/);
  });

  it('refuses two lesions of one role sharing an ordinal (they would share files)', async () => {
    const c = ballCase();
    c.plan.lesions[1]!.ordinal = 1;
    await expect(cubesExporter.writeCase(c, exportContext(tmp()))).rejects.toThrow(/two positive lesions have ordinal 1/);
  });
});

function sha256Of(a: Int16Array): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
}
