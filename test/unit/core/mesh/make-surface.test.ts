import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyMask, encodeStl, makeLabelSurfaces, makeSurface, openEdgeCount, weldVertices, writeStl, STL_HEADER } from '../../../../electron/core/mesh';
import { generateChestPhantom, mulberry32 } from '../../../../electron/core/phantom';
import { segmentLungMask3d } from '../../../../electron/core/pipelines/lung-mask-3d';
import { voxelToWorld, type Volume } from '../../../../electron/core/volume/volume';
import { judgeStl, numpyMissing } from '../../../helpers/stl-judge';

// A small phantom turned 30° about the z axis and mirrored in x (det −1), with a non-zero
// origin: the surface must still come out closed, inside the scan and wound outward.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const DIRECTION = [-c, -s, 0, -s, c, 0, 0, 0, 1];

function phantom(): Volume {
  const { volume } = generateChestPhantom({ dims: [128, 128, 40], spacing: [2.6, 2.6, 6], origin: [-160, -170, -350], noiseHu: 0, seed: 7 });
  return { ...volume, direction: DIRECTION };
}

/** World bounds of the scan: the box around the eight outer corners of its voxel grid (index −0.5 … n − 0.5), plus float32 slack. */
function scanBounds(v: Volume): { min: number[]; max: number[] } {
  const [nx, ny, nz] = v.dims;
  const corners = [0, 1].flatMap((a) => [0, 1].flatMap((b) => [0, 1].map((d) => voxelToWorld(v, [a * nx - 0.5, b * ny - 0.5, d * nz - 0.5]))));
  return {
    min: [0, 1, 2].map((k) => Math.min(...corners.map((p) => p[k]!)) - 1e-3),
    max: [0, 1, 2].map((k) => Math.max(...corners.map((p) => p[k]!)) + 1e-3),
  };
}

const voxelVolume = (v: Volume): number => v.spacing[0] * v.spacing[1] * v.spacing[2];
const count = (m: Uint8Array, value = 1): number => m.reduce((n, x) => n + (x === value ? 1 : 0), 0);

describe.skipIf(numpyMissing() !== null)('lung surface of a phantom, judged by an independent STL parser', () => {
  let vol: Volume;
  let mask: Uint8Array;
  let dir: string;
  beforeAll(() => {
    vol = phantom();
    mask = segmentLungMask3d(vol.voxels, vol.dims, { fill: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mesh-'));
  });

  it('is closed, lies inside the scan and encloses the mask voxel volume within 5 %', async () => {
    const { mesh, stats } = makeSurface({ kind: 'labels', mask, values: [1] }, vol, { triangleBudget: 1_000_000 });
    expect(stats.factor).toEqual([1, 1, 1]);
    expect(openEdgeCount(mesh.indices)).toBe(0);
    const file = path.join(dir, 'lung.stl');
    await writeStl(file, mesh);
    const j = judgeStl(file);
    expect(j.header).toBe(STL_HEADER);
    expect(j.triangles).toBe(mesh.indices.length / 3);
    expect(j.badEdges).toBe(0);
    const b = scanBounds(vol);
    for (let k = 0; k < 3; k++) {
      expect(j.min[k]).toBeGreaterThanOrEqual(b.min[k]!);
      expect(j.max[k]).toBeLessThanOrEqual(b.max[k]!);
    }
    const expected = count(mask) * voxelVolume(vol);
    expect(j.volume).toBeGreaterThan(0); // outward winding even with the mirrored direction
    expect(Math.abs(j.volume - expected) / expected).toBeLessThan(0.05);
  });

  it('decimated to a budget stays closed and keeps the volume within 5 %', async () => {
    const { mesh, stats } = makeSurface({ kind: 'labels', mask, values: [1] }, vol, { triangleBudget: 8000 });
    expect(stats.trianglesFull).toBeGreaterThan(8000);
    expect(stats.triangles).toBeLessThanOrEqual(8000);
    const file = path.join(dir, 'lung-small.stl');
    await writeStl(file, mesh);
    const j = judgeStl(file);
    expect(j.badEdges).toBe(0);
    const expected = count(mask) * voxelVolume(vol);
    expect(Math.abs(j.volume - expected) / expected).toBeLessThan(0.05);
  });

  it('bone at 400 HU closes where it meets the scan edge', async () => {
    const { mesh } = makeSurface({ kind: 'threshold', hu: vol.voxels, thresholdHu: 400 }, vol, { triangleBudget: 1_000_000 });
    expect(mesh.indices.length).toBeGreaterThan(0);
    const file = path.join(dir, 'bone.stl');
    await writeStl(file, mesh);
    const j = judgeStl(file);
    expect(j.badEdges).toBe(0);
    expect(j.volume).toBeGreaterThan(0);
  });

  it('skin: the body without its inner cavities, closed, holding the body mask volume', async () => {
    const body = bodyMask(vol.voxels, vol.dims, -300);
    const { mesh } = makeSurface({ kind: 'labels', mask: body, values: [1] }, vol, { triangleBudget: 1_000_000 });
    const file = path.join(dir, 'skin.stl');
    await writeStl(file, mesh);
    const j = judgeStl(file);
    expect(j.badEdges).toBe(0);
    const expected = count(body) * voxelVolume(vol);
    expect(Math.abs(j.volume - expected) / expected).toBeLessThan(0.05);
    // The bare iso-surface at −300 HU also wraps the lungs from inside: less volume enclosed.
    const bare = makeSurface({ kind: 'threshold', hu: vol.voxels, thresholdHu: -300 }, vol, { triangleBudget: 1_000_000 });
    expect(bare.mesh.indices.length).toBeGreaterThan(mesh.indices.length);
  });

  it('normals point outward: away from the centroid on a sphere', () => {
    const g = { dims: [40, 40, 40] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [5, -3, 12] as [number, number, number], direction: DIRECTION };
    const m = new Uint8Array(40 * 40 * 40);
    for (let z = 0; z < 40; z++) for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) if ((x - 20) ** 2 + (y - 20) ** 2 + (z - 20) ** 2 < 100) m[x + 40 * (y + 40 * z)] = 1;
    const { mesh } = makeSurface({ kind: 'labels', mask: m, values: [1] }, g, { triangleBudget: 100_000 });
    const centre = voxelToWorld(g, [20, 20, 20]);
    let outward = 0;
    const nv = mesh.positions.length / 3;
    for (let v = 0; v < nv; v++) {
      const d = [0, 1, 2].map((k) => mesh.positions[3 * v + k]! - centre[k]!);
      if (d[0]! * mesh.normals[3 * v]! + d[1]! * mesh.normals[3 * v + 1]! + d[2]! * mesh.normals[3 * v + 2]! > 0) outward++;
    }
    expect(outward).toBe(nv);
  });

  it('one group per label value, in the order asked', () => {
    const m = new Uint8Array(mask.length);
    const [nx, ny] = vol.dims;
    const ball = (cx: number, cy: number, cz: number, r: number, label: number): void => {
      for (let z = cz - r; z <= cz + r; z++) for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r * r) m[x + nx * (y + ny * z)] = label;
    };
    ball(40, 60, 20, 4, 3);
    ball(90, 60, 20, 3, 2);
    const { groups, mesh } = makeLabelSurfaces(m, [3, 2, 9], vol, { triangleBudget: 50_000 });
    expect(groups.map((g) => g.label)).toEqual([3, 2, 9]);
    expect(groups[0]!.count).toBeGreaterThan(groups[1]!.count);
    expect(groups[2]!.count).toBe(0);
    expect(groups[1]!.start).toBe(groups[0]!.count);
    expect(mesh.indices.length / 3).toBe(groups[0]!.count + groups[1]!.count);
  });

  it('is deterministic: the same input twice gives the same bytes', () => {
    const a = encodeStl(makeSurface({ kind: 'labels', mask, values: [1] }, vol, { triangleBudget: 20_000 }).mesh);
    const b = encodeStl(makeSurface({ kind: 'labels', mask, values: [1] }, vol, { triangleBudget: 20_000 }).mesh);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });
});

describe('weldVertices', () => {
  it('merges bit-identical positions and drops the triangles that collapse, closing a split mesh', () => {
    // A tetrahedron whose four faces each carry their own copies of the corners.
    const corners = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const faces = [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]];
    const positions = new Float32Array(faces.flatMap((f) => f.flatMap((c) => corners[c]!)));
    const split = { positions, indices: new Uint32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 1]) };
    expect(openEdgeCount(split.indices)).toBeGreaterThan(0);
    const w = weldVertices(split);
    expect(w.positions.length / 3).toBe(4);
    expect(w.indices.length / 3).toBe(4);
    expect(openEdgeCount(w.indices)).toBe(0);
  });
});

describe('makeSurface cancellation', () => {
  it('an aborted signal ends it with job.cancelled', () => {
    const ac = new AbortController();
    ac.abort();
    const g = { dims: [4, 4, 4] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expect(() => makeSurface({ kind: 'labels', mask: new Uint8Array(64).fill(1), values: [1] }, g, { triangleBudget: 1000, signal: ac.signal })).toThrow(expect.objectContaining({ code: 'job.cancelled' }));
  });
});

describe('voxels exactly at the threshold', () => {
  it('still give a closed surface once welded (random 0 / 400 / 800 HU at 400 HU, coarsened too)', () => {
    const rand = mulberry32(5);
    const g = { dims: [14, 12, 10] as [number, number, number], spacing: [0.7, 0.7, 2.5] as [number, number, number], origin: [3, -2, 40] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const hu = new Int16Array(14 * 12 * 10).map(() => [0, 400, 800][Math.floor(rand() * 3)]!);
    for (const budget of [1_000_000, 1500]) {
      const { mesh } = makeSurface({ kind: 'threshold', hu, thresholdHu: 400 }, g, { triangleBudget: budget });
      expect(mesh.indices.length).toBeGreaterThan(0);
      expect(openEdgeCount(weldVertices({ positions: mesh.positions, indices: mesh.indices }).indices)).toBe(0);
    }
  });
});
