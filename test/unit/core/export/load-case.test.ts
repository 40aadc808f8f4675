import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directContext } from '../../../../electron/common/jobs';
import type { ExportCasePlan, PlannedLesion, PlannedMask } from '../../../../electron/core/export/case-model';
import { loadExportCase } from '../../../../electron/core/export/load-case';
import { outlineVoxels, sphereVoxels } from '../../../../electron/core/export/lesion-voxels';
import { sha256Hex } from '../../../../electron/core/masks/mask-file';
import { encodeMaskRle } from '../../../../electron/core/review/mask-rle';
import { npyHeader, writeChunksAtomic } from '../../../../electron/core/io/write/npy-writer';
import { writeMetaImage } from '../../../../electron/core/io/write/metaimage-writer';
import type { Volume } from '../../../../electron/core/volume/volume';

const DIMS: [number, number, number] = [32, 32, 16];
const N = 32 * 32 * 16;
const at = (x: number, y: number, z: number) => x + 32 * (y + 32 * z);
const g = { dims: DIMS, spacing: [1, 1, 2] as [number, number, number], origin: [-10, -20, -30] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
/** World mm of voxel (x, y, z) on this grid. */
const world = (x: number, y: number, z: number): [number, number, number] => [-10 + x, -20 + y, -30 + 2 * z];

function lesion(key: string, role: 'positive' | 'negative', c: [number, number, number], diameterMm: number | null, outline: PlannedLesion['outline'] = null): PlannedLesion {
  return { key, ordinal: 1, center: world(...c), diameterMm, decision: role === 'positive' ? 'accepted' : 'rejected', reason: null, role, source: 'luna-csv', malignancy: [], outline };
}

/** A 3×3×3 block of `value` around (x, y, z). */
function block(m: Uint8Array, c: [number, number, number], value: number): void {
  for (let z = c[2] - 1; z <= c[2] + 1; z++) for (let y = c[1] - 1; y <= c[1] + 1; y++) for (let x = c[0] - 1; x <= c[0] + 1; x++) m[at(x, y, z)] = value;
}

describe('loading a case for export', () => {
  let dir: string;
  let lungFile: string;
  let nodulesFile: string;
  const lung = new Uint8Array(N);
  const nodules = new Uint8Array(N);
  const plan = (masks: PlannedMask[], lesions: PlannedLesion[]): ExportCasePlan => ({
    caseId: 'T_s01', scanId: 1, patientId: 'T', seriesInstanceUid: '1.2.3', studyInstanceUid: '1.2', format: 'metaimage',
    files: [path.join(dir, 'scan.mhd')], geometry: g, missingSlices: [], masks, lesions, reviewer: 'r', reviewState: 'done', split: 'fold-0', fold: 0,
  });
  const lungMask = (): PlannedMask => ({ versionId: 3, kind: 'lung', path: lungFile, format: 'npy', sha256: sha256Hex(lung), labels: [{ value: 1, kind: 'lung' }] });
  const nodulesMask = (): PlannedMask => ({ versionId: 7, kind: 'nodules', path: nodulesFile, format: 'npy', sha256: null, labels: [{ value: 1, kind: 'nodule' }] });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-load-case-'));
    const volume: Volume = { ...g, voxels: new Int16Array(N).fill(-800) };
    await writeMetaImage(volume, path.join(dir, 'scan.mhd'));
    for (let z = 2; z < 14; z++) for (let y = 4; y < 28; y++) for (let x = 2; x < 30; x++) lung[at(x, y, z)] = 1;
    block(nodules, [8, 8, 4], 1);
    block(nodules, [24, 20, 10], 1);
    lungFile = path.join(dir, 'lung.npy');
    nodulesFile = path.join(dir, 'nodules.npy');
    await writeChunksAtomic(lungFile, [npyHeader([16, 32, 32], '|u1'), lung]);
    await writeChunksAtomic(nodulesFile, [npyHeader([16, 32, 32], '|u1'), nodules]);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps the nodule job's blob at an accepted lesion and drops the one at a rejected lesion; lung elsewhere, nodule over lung", async () => {
    const p = plan([lungMask(), nodulesMask()], [lesion('A', 'positive', [8, 8, 4], 4), lesion('R', 'negative', [24, 20, 10], 4)]);
    const { exportCase, maskSha256 } = await loadExportCase(p, { lung: 1, nodule: 2 }, directContext());
    const m = exportCase.labelmap;
    expect(m[at(8, 8, 4)]).toBe(2);
    expect(m[at(7, 9, 5)]).toBe(2);
    expect(m[at(24, 20, 10)]).toBe(1);
    expect(m[at(0, 0, 0)]).toBe(0);
    expect(exportCase.lesionVoxels.get('A')!.length).toBe(27);
    expect(exportCase.lesionVoxels.has('R')).toBe(false);
    expect(exportCase.labelSources).toEqual({ lung: [3], nodule: [7] });
    expect(maskSha256).toEqual({ '3': sha256Hex(lung), '7': sha256Hex(nodules) });
  });

  it('takes a lesion without a saved mask from its outline, else a sphere of its diameter (a default 3 mm without one)', async () => {
    const box = { x0: 14, y0: 14, z0: 6, x1: 15, y1: 15, z1: 6 };
    const outline = encodeMaskRle({ bbox: box, mask: Uint8Array.from([1, 1, 0, 1]) });
    const p = plan([], [lesion('O', 'positive', [14, 14, 6], 4, outline), lesion('S', 'positive', [20, 8, 8], 5), lesion('D', 'positive', [4, 24, 12], null)]);
    const { exportCase } = await loadExportCase(p, { lung: 1, nodule: 5 }, directContext());
    expect([...exportCase.lesionVoxels.get('O')!]).toEqual([at(14, 14, 6), at(15, 14, 6), at(15, 15, 6)]);
    expect(exportCase.labelSources.nodule).toEqual(['outline', 'sphere', 'sphere']);
    expect(exportCase.lesionVoxels.get('S')!.length).toBe(sphereVoxels(g, world(20, 8, 8), 5).length);
    expect(exportCase.lesionVoxels.get('D')!.length).toBe(sphereVoxels(g, world(4, 24, 12), 3).length);
    expect(exportCase.labelmap.filter((v) => v === 5).length).toBe(3 + exportCase.lesionVoxels.get('S')!.length + exportCase.lesionVoxels.get('D')!.length);
  });

  it('refuses a mask whose voxels do not hash to what the index recorded (io.checksum-mismatch, naming the file)', async () => {
    const p = plan([{ ...lungMask(), sha256: 'f'.repeat(64) }], []);
    await expect(loadExportCase(p, { lung: 1, nodule: 2 }, directContext())).rejects.toMatchObject({ code: 'io.checksum-mismatch', file: lungFile });
  });

  it('refuses a scan whose files no longer match the indexed grid (io.size-mismatch)', async () => {
    const p = { ...plan([], []), geometry: { ...g, dims: [32, 32, 17] as [number, number, number] } };
    await expect(loadExportCase(p, { lung: 1, nodule: 2 }, directContext())).rejects.toMatchObject({ code: 'io.size-mismatch' });
  });

  it('puts a sphere by physical distance: a 10 mm sphere at 1×1×2 mm holds about 4/3·π·5³ / 2 voxels', () => {
    const n = sphereVoxels(g, world(16, 16, 8), 10).length;
    expect(Math.abs(n - (4 / 3) * Math.PI * 125 / 2) / n).toBeLessThan(0.1);
    expect(sphereVoxels(g, world(16, 16, 8), 0.1)).toEqual(Uint32Array.from([at(16, 16, 8)]));
    expect(outlineVoxels(g, { bbox: { x0: 31, y0: 0, z0: 0, x1: 32, y1: 0, z1: 0 }, runs: [0, 2] }, 'edge').length).toBe(1);
  });
});
