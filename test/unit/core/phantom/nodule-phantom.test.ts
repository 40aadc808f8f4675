import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../../electron/common/geometry';
import { generateChestPhantom, generateNodulePhantom, DEFAULT_NODULE_PHANTOM_SPEC, lungContains, phantomLayout } from '../../../../electron/core/phantom';
import { boxDims, boxMaskOverlap, countSet } from '../../../../electron/core/volume/box-mask';
import { voxelToWorld, worldToVoxel } from '../../../../electron/core/volume/volume';

const spec = DEFAULT_NODULE_PHANTOM_SPEC;
const phantom = generateNodulePhantom(spec);
const { volume, cases } = phantom;
const voxelMm3 = spec.spacing[0] * spec.spacing[1] * spec.spacing[2];
const huAt = (p: Vec3) => {
  const [x, y, z] = worldToVoxel(volume, p).map(Math.round) as [number, number, number];
  return volume.voxels[x + volume.dims[0] * (y + volume.dims[1] * z)]!;
};
const byKind = Object.fromEntries(cases.map((c) => [c.kind, c]));

describe('generateNodulePhantom', () => {
  it('paints one nodule of each kind, in that order', () => {
    expect(cases.map((c) => [c.kind, c.diameterMm])).toEqual([['solid', 10], ['ground-glass', 14], ['part-solid', 16], ['juxta-pleural', 12], ['vessel-attached', 9]]);
    expect(phantom.nodules.map((n) => n.center)).toEqual(cases.map((c) => c.center));
  });

  it("gives each free nodule a truth of its sphere's volume (within 3 %), and the pleural one only its part inside the lung", () => {
    for (const c of cases) {
      const sphere = (Math.PI / 6) * c.diameterMm ** 3;
      const truth = countSet(c.truth.mask) * voxelMm3;
      if (c.kind === 'juxta-pleural') {
        expect(truth).toBeLessThan(0.99 * sphere);
        expect(truth).toBeGreaterThan(0.85 * sphere);
      } else expect(Math.abs(truth - sphere) / sphere, c.kind).toBeLessThan(0.03);
    }
  });

  it('sets the truth where the voxel centre is inside the nodule (and, for the pleural one, inside the lung)', () => {
    const layout = phantomLayout(spec);
    for (const c of cases) {
      const [bx, by, bz] = boxDims(c.truth.box);
      for (let z = 0, i = 0; z < bz; z++) {
        for (let y = 0; y < by; y++) {
          for (let x = 0; x < bx; x++, i++) {
            const p = voxelToWorld(volume, [x + c.truth.box.x0, y + c.truth.box.y0, z + c.truth.box.z0]);
            const inside = Math.hypot(p[0] - c.center[0], p[1] - c.center[1], p[2] - c.center[2]) <= c.diameterMm / 2 && (c.kind !== 'juxta-pleural' || lungContains(layout, p));
            if (c.truth.mask[i] !== (inside ? 1 : 0)) throw new Error(`${c.kind}: truth at ${x},${y},${z} is ${c.truth.mask[i]}`);
          }
        }
      }
    }
  });

  it('paints the HU each kind has: solid +30, ground glass −620, part-solid a +20 core in a −580 halo, vessels +40 (±4 noise sd)', () => {
    const near = (v: number, want: number, tol: number) => expect(Math.abs(v - want), `${v} vs ${want}`).toBeLessThan(tol);
    near(huAt(byKind.solid!.center), 30, 80);
    near(huAt(byKind['ground-glass']!.center), -620, 150);
    const ps = byKind['part-solid']!.center;
    near(huAt([ps[0] + 2, ps[1] - 1.5, ps[2] + 1]), 20, 80);
    near(huAt([ps[0] - 5, ps[1] + 2, ps[2]]), -580, 150);
    const va = byKind['vessel-attached']!;
    const through = va.vessels[0]!;
    const onVessel: Vec3 = [0.75 * through.p0[0] + 0.25 * through.p1[0], 0.75 * through.p0[1] + 0.25 * through.p1[1], 0.75 * through.p0[2] + 0.25 * through.p1[2]];
    near(huAt(onVessel), 40, 80);
    expect(va.vessels.map((v) => v.radiusMm)).toEqual([1.5, 1]);
  });

  it('keeps the nodules apart: truths do not overlap and no two lie within 10 mm of each other', () => {
    for (let i = 0; i < cases.length; i++) {
      for (let j = i + 1; j < cases.length; j++) {
        const a = cases[i]!;
        const b = cases[j]!;
        expect(boxMaskOverlap(a.truth, b.truth).both).toBe(0);
        const gap = Math.hypot(a.center[0] - b.center[0], a.center[1] - b.center[1], a.center[2] - b.center[2]) - (a.diameterMm + b.diameterMm) / 2;
        expect(gap, `${a.kind} to ${b.kind}`).toBeGreaterThan(10);
      }
    }
  });

  it('leaves the chest phantom itself alone: same bytes for the same spec, before and after, and unchanged away from the nodules', () => {
    const before = generateChestPhantom({ ...spec, nodules: [] }).volume.voxels;
    generateNodulePhantom(spec);
    const after = generateChestPhantom({ ...spec, nodules: [] }).volume.voxels;
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true);
    // Every changed voxel lies within the nodule's reach (radius + 6 mm clearance) or on a planned vessel.
    const reach = cases.map((c) => ({ c: c.center, r: c.diameterMm / 2 + 6.5 }));
    const vessels = cases.flatMap((c) => c.vessels);
    const onVessel = (p: Vec3) =>
      vessels.some((v) => {
        const d = [v.p1[0] - v.p0[0], v.p1[1] - v.p0[1], v.p1[2] - v.p0[2]];
        const e = [p[0] - v.p0[0], p[1] - v.p0[1], p[2] - v.p0[2]];
        const t = Math.max(0, Math.min(1, (e[0]! * d[0]! + e[1]! * d[1]! + e[2]! * d[2]!) / (d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2)));
        return Math.hypot(e[0]! - t * d[0]!, e[1]! - t * d[1]!, e[2]! - t * d[2]!) <= v.radiusMm + 1.5;
      });
    const [nx, ny] = volume.dims;
    let changed = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] === volume.voxels[i]) continue;
      changed++;
      const p = voxelToWorld(volume, [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))]);
      if (!reach.some(({ c, r }) => Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) <= r) && !onVessel(p)) throw new Error(`voxel ${i} changed far from every nodule`);
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('is deterministic for a seed, and resizes a kind on request', () => {
    const again = generateNodulePhantom(spec);
    expect(Buffer.from(again.volume.voxels.buffer).equals(Buffer.from(volume.voxels.buffer))).toBe(true);
    const big = generateNodulePhantom(spec, { diameterMm: { 'ground-glass': 26 } });
    const gg = big.cases.find((c) => c.kind === 'ground-glass')!;
    expect(gg.diameterMm).toBe(26);
    expect(Math.abs(countSet(gg.truth.mask) * voxelMm3 - (Math.PI / 6) * 26 ** 3) / ((Math.PI / 6) * 26 ** 3)).toBeLessThan(0.02);
  });
});
