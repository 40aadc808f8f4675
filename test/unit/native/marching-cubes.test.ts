// marchingCubes: geometry against analytic spheres, watertightness (also on noise, where
// every ambiguous face case occurs), normal and face orientation, the level
// interpolation, spacing, the multi-slab merge, empty input and argument checks.
import { describe, expect, it } from 'vitest';
import { type Dims3, marchingCubes, type TriangleMesh } from '../../../native/slice2d-mesh';
import { meshMeasures } from '../../helpers/conformance';

/** A sphere as a signed distance r - |p - c| (smooth) or a 0/1 mask, x-fastest. */
function sphere(dims: Dims3, centre: [number, number, number], r: number, smooth: boolean): Float32Array {
  const [nx, ny, nz] = dims;
  const v = new Float32Array(nx * ny * nz);
  for (let z = 0; z < nz; ++z)
    for (let y = 0; y < ny; ++y)
      for (let x = 0; x < nx; ++x) {
        const d = Math.hypot(x - centre[0], y - centre[1], z - centre[2]);
        v[x + nx * (y + ny * z)] = smooth ? r - d : d <= r ? 1 : 0;
      }
  return v;
}

function edgeCounts(mesh: TriangleMesh): { counts: Map<string, number>; directed: Map<string, number> } {
  const counts = new Map<string, number>();
  const directed = new Map<string, number>();
  const f = mesh.faces;
  for (let t = 0; t < f.length; t += 3)
    for (let k = 0; k < 3; ++k) {
      const p = f[t + k]!;
      const q = f[t + ((k + 1) % 3)]!;
      const key = p < q ? `${p},${q}` : `${q},${p}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      directed.set(`${p},${q}`, (directed.get(`${p},${q}`) ?? 0) + 1);
    }
  return { counts, directed };
}

/** Watertight and consistently oriented: every edge in exactly two faces, once each way. */
function expectWatertight(mesh: TriangleMesh): void {
  const { counts, directed } = edgeCounts(mesh);
  let bad = 0;
  for (const c of counts.values()) if (c !== 2) ++bad;
  expect(bad).toBe(0);
  for (const [key, c] of directed) {
    expect(c).toBe(1);
    const [p, q] = key.split(',');
    expect(directed.get(`${q},${p}`)).toBe(1);
  }
}

describe('marchingCubes', () => {
  it('approximates a sphere: area within 2 % of 4πr², volume within 2 % of 4/3πr³', () => {
    const r = 9.5;
    const dims: Dims3 = [28, 30, 26];
    const mesh = marchingCubes(sphere(dims, [13.3, 14.6, 12.8], r, true), dims, 0);
    const m = meshMeasures(mesh);
    expect(Math.abs(m.area / (4 * Math.PI * r * r) - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.signedVolume / ((4 / 3) * Math.PI * r ** 3) - 1)).toBeLessThan(0.02);
  });

  it('is watertight for a closed object inside the volume, binary or smooth', () => {
    const dims: Dims3 = [24, 24, 24];
    expectWatertight(marchingCubes(sphere(dims, [11.4, 12.2, 11.7], 7, true), dims, 0));
    const mask = Uint8Array.from(sphere(dims, [11.4, 12.2, 11.7], 7, false));
    const mesh = marchingCubes(mask, dims, 0.5);
    expectWatertight(mesh);
    expect(meshMeasures(mesh).closed).toBe(true);
  });

  it('stays watertight on random noise, where every ambiguous face and cube case occurs', () => {
    let s = 12345;
    const rnd = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const n = 18;
    const v = new Float32Array(n * n * n);
    for (let z = 1; z < n - 1; ++z)
      for (let y = 1; y < n - 1; ++y) for (let x = 1; x < n - 1; ++x) v[x + n * (y + n * z)] = rnd();
    const mesh = marchingCubes(v, [n, n, n], 0.5);
    expect(mesh.faces.length).toBeGreaterThan(1000);
    expectWatertight(mesh);
    expect(meshMeasures(mesh).signedVolume).toBeGreaterThan(0);
  });

  it('orients normals and faces outward (towards decreasing values) for a bright object', () => {
    const dims: Dims3 = [20, 20, 20];
    const c: [number, number, number] = [9.6, 9.2, 10.1];
    const mesh = marchingCubes(sphere(dims, c, 6, true), dims, 0);
    const { vertices: v, normals: n, faces: f } = mesh;
    expect(n.length).toBe(v.length);
    for (let i = 0; i < v.length; i += 3) {
      const d = [v[i]! - c[0], v[i + 1]! - c[1], v[i + 2]! - c[2]];
      const len = Math.hypot(d[0]!, d[1]!, d[2]!);
      expect(Math.hypot(n[i]!, n[i + 1]!, n[i + 2]!)).toBeCloseTo(1, 5);
      expect((n[i]! * d[0]! + n[i + 1]! * d[1]! + n[i + 2]! * d[2]!) / len).toBeGreaterThan(0.9);
    }
    // Right-hand face normals point outward too.
    for (let t = 0; t < f.length; t += 3) {
      const a = f[t]! * 3;
      const b = f[t + 1]! * 3;
      const cc = f[t + 2]! * 3;
      const e1 = [v[b]! - v[a]!, v[b + 1]! - v[a + 1]!, v[b + 2]! - v[a + 2]!];
      const e2 = [v[cc]! - v[a]!, v[cc + 1]! - v[a + 1]!, v[cc + 2]! - v[a + 2]!];
      const fn = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!];
      const d = [v[a]! - c[0], v[a + 1]! - c[1], v[a + 2]! - c[2]];
      expect(fn[0]! * d[0]! + fn[1]! * d[1]! + fn[2]! * d[2]!).toBeGreaterThan(0);
    }
    // A dark object on a bright background: the normals flip (still towards lower values).
    const inverted = sphere(dims, c, 6, true).map((x) => -x);
    const dark = marchingCubes(inverted, dims, 0);
    const d0 = [dark.vertices[0]! - c[0], dark.vertices[1]! - c[1], dark.vertices[2]! - c[2]];
    expect(dark.normals[0]! * d0[0]! + dark.normals[1]! * d0[1]! + dark.normals[2]! * d0[2]!).toBeLessThan(0);
  });

  it('places vertices where the level falls between the two voxel values (linear interpolation)', () => {
    // x = 0..1 is 0, x = 2..3 is 100: level 25 sits a quarter of the way from x = 1 to 2.
    const nx = 4;
    const v = new Int16Array(nx * 3 * 3);
    for (let i = 0; i < v.length; ++i) v[i] = i % nx >= 2 ? 100 : 0;
    const mesh = marchingCubes(v, [nx, 3, 3], 25);
    expect(mesh.vertices.length).toBeGreaterThan(0);
    for (let i = 0; i < mesh.vertices.length; i += 3) expect(mesh.vertices[i]).toBeCloseTo(1.25, 6);
    // The bright side is +x, so normals point to -x.
    for (let i = 0; i < mesh.normals.length; i += 3) expect(mesh.normals[i]).toBeCloseTo(-1, 6);
  });

  it('scales vertices by the spacing (x, y, z)', () => {
    const dims: Dims3 = [16, 16, 16];
    const vol = sphere(dims, [7.5, 7.2, 7.7], 5, true);
    const unit = marchingCubes(vol, dims, 0);
    const scaled = marchingCubes(vol, dims, 0, { spacing: [0.7, 0.8, 2.5] });
    expect(scaled.faces).toEqual(unit.faces);
    for (let i = 0; i < unit.vertices.length; i += 3) {
      expect(scaled.vertices[i]).toBeCloseTo(unit.vertices[i]! * 0.7, 4);
      expect(scaled.vertices[i + 1]).toBeCloseTo(unit.vertices[i + 1]! * 0.8, 4);
      expect(scaled.vertices[i + 2]).toBeCloseTo(unit.vertices[i + 2]! * 2.5, 4);
    }
  });

  it('gives the same mesh through the multi-slab path as on a cropped single-slab volume', () => {
    // 2^21+ voxels takes the parallel slab path; the crop holds the whole object.
    const big: Dims3 = [130, 130, 130];
    const c: [number, number, number] = [64.3, 65.1, 63.7];
    const bigMesh = marchingCubes(sphere(big, c, 40, true), big, 0);
    const small: Dims3 = [90, 90, 90];
    const smallMesh = marchingCubes(sphere(small, [c[0] - 20, c[1] - 20, c[2] - 20], 40, true), small, 0);
    expect(bigMesh.vertices.length).toBe(smallMesh.vertices.length);
    expect(bigMesh.faces.length).toBe(smallMesh.faces.length);
    expect(meshMeasures(bigMesh).area).toBeCloseTo(meshMeasures(smallMesh).area, 1);
    expectWatertight(bigMesh);
  });

  it('returns an empty mesh for an empty, a full or a flat (dimension < 2) volume', () => {
    for (const [vol, dims] of [
      [new Uint8Array(27), [3, 3, 3]],
      [new Uint8Array(27).fill(1), [3, 3, 3]],
      [new Uint8Array(9).fill(1), [3, 3, 1]],
      [new Uint8Array(0), [0, 0, 0]],
    ] as const) {
      const mesh = marchingCubes(vol, dims, 0.5);
      expect(mesh.vertices.length).toBe(0);
      expect(mesh.faces.length).toBe(0);
      expect(mesh.normals.length).toBe(0);
    }
  });

  it('does not modify its input', () => {
    const dims: Dims3 = [10, 10, 10];
    const vol = sphere(dims, [4.5, 4.5, 4.5], 3, true);
    const before = vol.slice();
    marchingCubes(vol, dims, 0);
    expect(vol).toEqual(before);
  });

  it('rejects bad arguments, naming the parameter', () => {
    const vol = new Float32Array(8);
    expect(() => marchingCubes(new Float64Array(8) as never, [2, 2, 2], 0)).toThrow(/marchingCubes: volume/);
    expect(() => marchingCubes(vol, [2, 2, 3], 0)).toThrow(RangeError);
    expect(() => marchingCubes(vol, [2, 2, 2], Number.NaN)).toThrow(/level/);
    expect(() => marchingCubes(vol, [2, 2, 2], '1' as never)).toThrow(TypeError);
    expect(() => marchingCubes(vol, [2, 2, 2], 0, { spacing: [1, 0, 1] })).toThrow(/spacing\[1\]/);
    expect(() => marchingCubes(vol, [2, 2, 2], 0, { spacing: [1, 1] as never })).toThrow(/spacing/);
  });
});
