import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { directContext } from '../../../../electron/common/jobs';
import {
  HU_BONE,
  HU_LUNG,
  HU_SOFT,
  HU_TABLE,
  defaultNodules,
  generateChestPhantom,
  lungContains,
  phantomLayout,
  type PhantomSpec,
} from '../../../../electron/core/phantom';
import { worldToVoxel } from '../../../../electron/core/volume/volume';

// 128x128x40 at 2.5 mm in-plane: a full-size 320 mm field of view, coarse and quick
const SPEC: PhantomSpec = { dims: [128, 128, 40], spacing: [2.5, 2.5, 5], seed: 7 };
const clean = generateChestPhantom({ ...SPEC, noiseHu: 0 });
const noisy = generateChestPhantom({ ...SPEC, noiseHu: 15 });
const [nx, ny, nz] = SPEC.dims;
const idx = (i: number, j: number, k: number): number => i + nx * (j + ny * k);

function meanWhere(values: Int16Array, pick: (p: number) => boolean): { mean: number; sd: number; n: number } {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let p = 0; p < values.length; p++) {
    if (!pick(p)) continue;
    const v = values[p]!;
    s += v;
    s2 += v * v;
    n++;
  }
  const mean = s / n;
  return { mean, sd: Math.sqrt(s2 / n - mean * mean), n };
}

function voxelOf(center: [number, number, number]): [number, number, number] {
  const v = worldToVoxel(clean.volume, center);
  return [Math.round(v[0]), Math.round(v[1]), Math.round(v[2])];
}

describe('generateChestPhantom', () => {
  it('noise averages out: mean HU over the noise-free lung voxels is -850 (sd ≈ noise)', () => {
    const lung = clean.volume.voxels;
    const st = meanWhere(noisy.volume.voxels, (p) => lung[p] === HU_LUNG);
    expect(st.n).toBeGreaterThan(10_000);
    expect(Math.abs(st.mean - HU_LUNG)).toBeLessThan(1);
    expect(st.sd).toBeGreaterThan(13);
    expect(st.sd).toBeLessThan(17);
  });

  it('paints soft tissue at 40 HU, bone at 700 HU and the table at 300 HU (noise-free mean over each class in the noisy volume)', () => {
    for (const hu of [HU_SOFT, HU_BONE, HU_TABLE]) {
      const st = meanWhere(noisy.volume.voxels, (p) => clean.volume.voxels[p] === hu);
      expect(st.n).toBeGreaterThan(500);
      expect(Math.abs(st.mean - hu)).toBeLessThan(1.5);
    }
  });

  it('has lungs, body, bone and table in the expected places on the central slice', () => {
    const k = Math.round(worldToVoxel(clean.volume, clean.nodules[0]!.center)[2]);
    const v = clean.volume.voxels;
    const c = Math.floor(nx / 2);
    expect(v[idx(c, Math.floor(ny / 2), k)]).toBe(HU_SOFT); // mediastinum
    const layout = phantomLayout(SPEC);
    const [li, lj] = voxelOf([layout.center[0] + layout.lungOffsetXMm + 15, layout.lungCenterY + 15, 0]);
    expect(v[idx(li, lj, k)]).toBe(HU_LUNG); // left lung (+x), off the nodule
    const [, spineJ] = voxelOf([0, layout.center[1] + (-0.05 + 0.36) * layout.fovRadiusMm, 0]);
    expect(v[idx(c, spineJ, k)]).toBe(HU_BONE);
  });

  it('marks the outside of the reconstruction circle in fovMask and fills it with -1024 HU', () => {
    const { fovMask, volume } = noisy;
    expect(fovMask.length).toBe(nx * ny);
    expect(fovMask[0]).toBe(0); // corner
    expect(fovMask[Math.floor(nx / 2) + nx * Math.floor(ny / 2)]).toBe(1);
    let inside = 0;
    for (let p = 0; p < fovMask.length; p++) inside += fovMask[p]!;
    expect(inside / fovMask.length).toBeCloseTo(Math.PI / 4, 1);
    for (let k = 0; k < nz; k += 7) {
      for (let p = 0; p < nx * ny; p++) if (!fovMask[p]) expect(volume.voxels[k * nx * ny + p]).toBe(-1024);
    }
  });

  it('puts 40 HU at every nodule centre and keeps the nodule centres inside the lungs', () => {
    const layout = phantomLayout(SPEC);
    expect(clean.nodules.length).toBe(3);
    for (const n of clean.nodules) {
      const [i, j, k] = voxelOf(n.center);
      expect(clean.volume.voxels[idx(i, j, k)]).toBe(HU_SOFT);
      expect(lungContains(layout, n.center)).toBe(true);
    }
  });

  it('the pleural nodule touches the chest wall: no lung voxel between it and the wall along -x', () => {
    const n = clean.nodules[1]!; // phantom.py's second nodule, right lung (-x), lateral wall
    const [i, j, k] = voxelOf(n.center);
    const r = n.diameterMm / 2 / SPEC.spacing[0];
    for (let di = 0; di <= Math.ceil(r) + 2; di++) {
      expect(clean.volume.voxels[idx(i - di, j, k)]).toBeGreaterThan(-500);
    }
    // and on the medial side the lung is there right after the nodule
    expect(clean.volume.voxels[idx(i + Math.ceil(r) + 1, j, k)]).toBe(HU_LUNG);
  });

  it('paints the rib ring in z bands: bone in some slices, intercostal soft tissue in others', () => {
    const v = clean.volume.voxels;
    const c = Math.floor(nx / 2);
    const R = phantomLayout(SPEC).fovRadiusMm;
    // anterior point of the ring, on the midline: bcy - rbO + ribT / 2 relative to the centre
    const fatT = Math.max(0.06 * R, 1.5 * 2.5);
    const y = phantomLayout(SPEC).center[1] - 0.05 * R - (0.56 * R - fatT - 0.03 * R) + (0.045 * R) / 2;
    const [, j] = voxelOf([0, y, 0]);
    const kinds = new Set<number>();
    for (let k = 0; k < nz; k++) kinds.add(v[idx(c, j, k)]!);
    expect([...kinds].sort((a, b) => a - b)).toEqual([HU_SOFT, HU_BONE]);
  });

  it('separates the table from the body by an air gap on the midline', () => {
    const v = clean.volume.voxels;
    const c = Math.floor(nx / 2);
    const k = Math.floor(nz / 2);
    let tableTop = -1;
    for (let j = 0; j < ny; j++) if (v[idx(c, j, k)] === HU_TABLE) { tableTop = j; break; }
    expect(tableTop).toBeGreaterThan(0);
    let bodyBottom = -1;
    for (let j = tableTop - 1; j >= 0; j--) if (v[idx(c, j, k)] !== -1000) { bodyBottom = j; break; }
    expect(tableTop - bodyBottom).toBeGreaterThan(1); // at least one air voxel between
    expect(v[idx(c, bodyBottom, k)]).toBe(-100); // the body's lowest voxel is fat
    // narrower than the field of view: the table's end columns are air
    expect(v[idx(2, tableTop, k)]).not.toBe(HU_TABLE);
  });

  it('is deterministic: the same seed gives the same bytes, another seed other bytes', () => {
    const a = generateChestPhantom({ ...SPEC, seed: 3 });
    const b = generateChestPhantom({ ...SPEC, seed: 3 });
    const c = generateChestPhantom({ ...SPEC, seed: 4 });
    expect(Buffer.from(a.volume.voxels.buffer).equals(Buffer.from(b.volume.voxels.buffer))).toBe(true);
    expect(Buffer.from(a.volume.voxels.buffer).equals(Buffer.from(c.volume.voxels.buffer))).toBe(false);
  });

  it('paints given nodules at their world centres and returns them unchanged', () => {
    const layout = phantomLayout(SPEC);
    const center: [number, number, number] = [layout.center[0] - layout.lungOffsetXMm, layout.lungCenterY, layout.center[2]];
    const r = generateChestPhantom({ ...SPEC, noiseHu: 0, nodules: [{ center, diameterMm: 20 }] });
    expect(r.nodules).toEqual([{ center, diameterMm: 20 }]);
    const [i, j, k] = voxelOf(center);
    expect(r.volume.voxels[idx(i, j, k)]).toBe(HU_SOFT);
    expect(r.volume.voxels[idx(i + 3, j, k)]).toBe(HU_SOFT); // 7.5 mm < 10 mm radius
  });

  it('uses the default origin of phantom.py (x, y centred, z shifted by -100 mm) and identity direction', () => {
    const g = clean.volume;
    expect(g.origin[0]).toBeCloseTo(-(nx - 1) / 2 * 2.5);
    expect(g.origin[1]).toBeCloseTo(-(ny - 1) / 2 * 2.5);
    expect(g.origin[2]).toBeCloseTo(-100 - (nz - 1) / 2 * 5);
    expect(g.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(defaultNodules(SPEC)).toEqual(clean.nodules);
  });

  it('reports progress and stops with job.cancelled when the signal is aborted', () => {
    const fractions: number[] = [];
    generateChestPhantom(SPEC, directContext({ progress: (_s, f) => fractions.push(f) }));
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions.at(-1)).toBe(1);
    const ac = new AbortController();
    let calls = 0;
    const ctx = directContext({ signal: ac.signal, progress: () => { if (++calls === 3) ac.abort(); } });
    expect(() => generateChestPhantom(SPEC, ctx)).toThrow(expect.objectContaining({ code: 'job.cancelled' }));
  });

  it('rejects bad specs with contract.bad-input and over-budget sizes with job.oom', () => {
    expect(() => generateChestPhantom({ dims: [0, 10, 10], spacing: [1, 1, 1] })).toThrow(LungDeskError);
    expect(() => generateChestPhantom({ dims: [10, 10, 10], spacing: [1, -1, 1] })).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
    expect(() => generateChestPhantom(SPEC, directContext({ budgetBytes: 1000 }))).toThrow(expect.objectContaining({ code: 'job.oom' }));
  });

  it('makes a 512x512x300 volume quickly (timing is logged, not asserted)', () => {
    const t = performance.now();
    const r = generateChestPhantom({ dims: [512, 512, 300], spacing: [0.7, 0.7, 1.25], seed: 1 });
    const ms = performance.now() - t;
    console.log(`phantom 512x512x300: ${ms.toFixed(0)} ms`);
    expect(r.volume.voxels.length).toBe(512 * 512 * 300);
  });
});
