import type { BoxMask, VoxelBox } from '../volume/box-mask';
import { HU_LUNG, generateChestPhantom, lungContains, lungPoint, lungScaleAt, phantomLayout, type PhantomLayout, type PhantomResult, type PhantomSpec, type Vec3 } from './chest-phantom';
import { mixSeed, mulberry32 } from './prng';

/**
 * The chest phantom with one synthetic nodule of each kind a nodule segmentation has to
 * hold on, each with its ground-truth mask. The phantom itself (`generateChestPhantom`) is
 * untouched: this generator asks it for a chest without nodules and paints these on top,
 * so the demo dataset and every test built on the plain phantom keep their bytes.
 *
 * The kinds, as a radiologist would describe them:
 *   - `solid`: a 10 mm sphere of soft tissue (+30 HU) free in the lung;
 *   - `part-solid`: a 16 mm ground-glass sphere (−580 HU) around an off-centre 7 mm solid
 *     core (+20 HU);
 *   - `ground-glass`: a 14 mm sphere of −620 HU with a ±30 HU texture (pure GGN);
 *   - `juxta-pleural`: a 12 mm solid sphere against the lateral chest wall with a broad base:
 *     its centre sits 0.35 d inside the pleura, so 15 % of its diameter is sunk in the wall;
 *   - `vessel-attached`: a 9 mm solid sphere with a 3 mm vessel (+40 HU) running through its
 *     centre and a 2 mm vessel running along its side, touching it.
 *
 * Partial volume: every voxel of a nodule or vessel is the mean of 4×4×4 samples, so edge
 * voxels blend with what lies under them (lung, wall), as a CT voxel integrates what it
 * covers. The noise of the chest under a nodule is kept in proportion to the uncovered part,
 * and the covered part gets fresh noise of the same `noiseHu` (plus the texture of ground
 * glass), drawn from its own seeded stream.
 *
 * The chest's own random vessels are cleared (repainted as lung) within 6 mm of each nodule,
 * so the only attachments are the planned ones, whatever the seed.
 *
 * Ground truth: a voxel belongs to a nodule when its centre lies inside the nodule's shape
 * (for the juxta-pleural one: inside the sphere and inside the lung, since the part sunk in
 * the wall is wall on the image and the pleura is where a reader draws the boundary). The
 * vessels are never part of the truth, so "the mask stays out of the vessel and the wall" is
 * "no voxel outside the truth's dilation".
 *
 * Placement: fractions of the lung ellipses (`lungPoint`), so any dims/spacing whose lungs are
 * at least ~50 mm across (e.g. the default 320×320×64 at 0.75×0.75×1.5 mm) hold the five apart.
 */

export type SyntheticNoduleKind = 'solid' | 'part-solid' | 'ground-glass' | 'juxta-pleural' | 'vessel-attached';

export interface SyntheticVessel {
  /** End points of the capsule's axis, world LPS mm. */
  p0: Vec3;
  p1: Vec3;
  radiusMm: number;
}

export interface SyntheticNodule {
  kind: SyntheticNoduleKind;
  /** Centre of the nodule's sphere (world LPS mm): where a reader would click. */
  center: Vec3;
  diameterMm: number;
  /** Voxels whose centre lies inside the nodule, on the volume's grid. */
  truth: BoxMask;
  /** Vessels painted with it (vessel-attached only). */
  vessels: SyntheticVessel[];
}

export interface NodulePhantomResult extends PhantomResult {
  cases: SyntheticNodule[];
}

export const DEFAULT_NODULE_PHANTOM_SPEC: PhantomSpec = { dims: [320, 320, 64], spacing: [0.75, 0.75, 1.5], noiseHu: 20, seed: 11 };

const HU_SOLID = 30;
const HU_CORE = 20;
const HU_GG = -620;
const HU_HALO = -580;
const HU_VESSEL = 40;
const GG_TEXTURE = 30;
const SUB = 4;
/** The chest's own random vessels are cleared this far around each nodule. */
const CLEARANCE_MM = 6;

/** Shape of one painted object: the HU at a world point, or undefined outside it. */
type ValueAt = (x: number, y: number, z: number) => number | undefined;

interface Plan {
  kind: SyntheticNoduleKind;
  center: Vec3;
  diameterMm: number;
  value: ValueAt;
  inside: (x: number, y: number, z: number) => boolean;
  texture: number;
  vessels: SyntheticVessel[];
}

export interface NodulePhantomOptions {
  /** Diameter of a kind's nodule instead of the default (the part-solid core and vessels keep their proportions). */
  diameterMm?: Partial<Record<SyntheticNoduleKind, number>>;
}

/** The five nodules for a spec's layout (see the module comment). */
function plans(layout: PhantomLayout, opts: NodulePhantomOptions): Plan[] {
  const size = (kind: SyntheticNoduleKind, d: number) => opts.diameterMm?.[kind] ?? d;
  const sphere = (c: Vec3, r: number) => (x: number, y: number, z: number) => (x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2 <= r * r;
  const out: Plan[] = [];

  const solidD = size('solid', 10);
  const solid = lungPoint(layout, 'right', 0.42, 0.1, -0.35);
  const inSolid = sphere(solid, solidD / 2);
  out.push({ kind: 'solid', center: solid, diameterMm: solidD, value: (x, y, z) => (inSolid(x, y, z) ? HU_SOLID : undefined), inside: inSolid, texture: 0, vessels: [] });

  const ggD = size('ground-glass', 14);
  const gg = lungPoint(layout, 'right', 0.56, 0.05, 0.4);
  const inGg = sphere(gg, ggD / 2);
  out.push({ kind: 'ground-glass', center: gg, diameterMm: ggD, value: (x, y, z) => (inGg(x, y, z) ? HU_GG : undefined), inside: inGg, texture: GG_TEXTURE, vessels: [] });

  const psD = size('part-solid', 16);
  const k = psD / 16;
  const ps = lungPoint(layout, 'left', 0.5, -0.1, -0.3);
  const inPs = sphere(ps, psD / 2);
  const inCore = sphere([ps[0] + 2 * k, ps[1] - 1.5 * k, ps[2] + k], 3.5 * k);
  out.push({
    kind: 'part-solid', center: ps, diameterMm: psD,
    value: (x, y, z) => (inCore(x, y, z) ? HU_CORE : inPs(x, y, z) ? HU_HALO : undefined),
    inside: inPs, texture: GG_TEXTURE, vessels: [],
  });

  // Against the lateral wall of the left lung, a third of the way to its back.
  const jpD = size('juxta-pleural', 12);
  const jpZ = layout.lungZRange[0] + 0.5 * (layout.lungZRange[1] - layout.lungZRange[0]);
  const post = 0.35;
  const sc = lungScaleAt(layout, jpZ);
  const [a, b] = [layout.lungSemiAxes[0] * sc, layout.lungSemiAxes[1] * sc];
  const wallX = layout.center[0] + layout.lungOffsetXMm + a * Math.sqrt(1 - post * post);
  const wallY = layout.lungCenterY + post * b;
  // Inward normal of the ellipse at the wall point.
  const nx = (wallX - layout.center[0] - layout.lungOffsetXMm) / (a * a);
  const ny = (wallY - layout.lungCenterY) / (b * b);
  const nn = Math.hypot(nx, ny);
  const jp: Vec3 = [wallX - (0.35 * jpD * nx) / nn, wallY - (0.35 * jpD * ny) / nn, jpZ];
  const inJpSphere = sphere(jp, jpD / 2);
  const inJp = (x: number, y: number, z: number) => inJpSphere(x, y, z) && lungContains(layout, [x, y, z]);
  out.push({ kind: 'juxta-pleural', center: jp, diameterMm: jpD, value: (x, y, z) => (inJp(x, y, z) ? HU_SOLID : undefined), inside: inJp, texture: 0, vessels: [] });

  // A vessel through the centre, in-plane and oblique, and a thinner one along its side.
  const va = lungPoint(layout, 'left', 0.26, 0.05, 0.05);
  const vaR = size('vessel-attached', 9) / 2;
  const inVa = sphere(va, vaR);
  const dir = norm([0.8, 0.6, 0.15]);
  const through: SyntheticVessel = { p0: add(va, dir, -22), p1: add(va, dir, 22), radiusMm: 1.5 };
  const side = norm([-0.6, 0.8, 0]);
  const offset = add(va, [0, 0, 1], vaR + 0.6);
  const along: SyntheticVessel = { p0: add(offset, side, -20), p1: add(offset, side, 20), radiusMm: 1 };
  out.push({ kind: 'vessel-attached', center: va, diameterMm: 2 * vaR, value: (x, y, z) => (inVa(x, y, z) ? HU_SOLID : undefined), inside: inVa, texture: 0, vessels: [through, along] });
  return out;
}

/** The chest phantom (no default nodules) with the five synthetic nodules and their truths. */
export function generateNodulePhantom(spec: PhantomSpec = DEFAULT_NODULE_PHANTOM_SPEC, opts: NodulePhantomOptions = {}): NodulePhantomResult {
  const base = generateChestPhantom({ ...spec, nodules: [] });
  const layout = phantomLayout(spec);
  const vol = base.volume;
  const noise = gaussian(mulberry32(mixSeed(spec.seed ?? 0, 17)));
  const noiseHu = spec.noiseHu ?? 15;
  const cases: SyntheticNodule[] = [];
  for (const p of plans(layout, opts)) {
    clearVessels(vol, layout, p.center, p.diameterMm / 2 + CLEARANCE_MM, noiseHu, noise);
    for (const v of p.vessels) {
      const inTube = capsule(v);
      // Vessels stay in the lung, as the chest phantom paints its own.
      paint(vol, boundsOf(vol, [v.p0, v.p1], v.radiusMm), (x, y, z) => (inTube(x, y, z) && lungContains(layout, [x, y, z]) ? HU_VESSEL : undefined), 0, noiseHu, noise);
    }
    const box = boundsOf(vol, [p.center], p.diameterMm / 2);
    paint(vol, box, p.value, p.texture, noiseHu, noise);
    cases.push({ kind: p.kind, center: p.center, diameterMm: p.diameterMm, truth: truthMask(vol, box, p.inside), vessels: p.vessels });
  }
  return { ...base, nodules: cases.map((c) => ({ center: c.center, diameterMm: c.diameterMm })), cases };
}

function paint(vol: PhantomResult['volume'], box: VoxelBox, value: ValueAt, texture: number, noiseHu: number, noise: () => number): void {
  const [nx, ny] = vol.dims;
  const [sx, sy, sz] = vol.spacing;
  const [ox, oy, oz] = vol.origin;
  const n3 = SUB ** 3;
  for (let k = box.z0; k <= box.z1; k++) {
    for (let j = box.y0; j <= box.y1; j++) {
      for (let i = box.x0; i <= box.x1; i++) {
        let hits = 0;
        let sum = 0;
        for (let c = 0; c < SUB; c++) {
          const z = oz + sz * (k + (c + 0.5) / SUB - 0.5);
          for (let b = 0; b < SUB; b++) {
            const y = oy + sy * (j + (b + 0.5) / SUB - 0.5);
            for (let a = 0; a < SUB; a++) {
              const v = value(ox + sx * (i + (a + 0.5) / SUB - 0.5), y, z);
              if (v !== undefined) {
                hits++;
                sum += v;
              }
            }
          }
        }
        if (!hits) continue;
        const f = hits / n3;
        const p = i + nx * (j + ny * k);
        const mixed = (1 - f) * vol.voxels[p]! + sum / n3 + f * (noiseHu + texture) * noise();
        vol.voxels[p] = Math.max(-1024, Math.min(3071, Math.round(mixed)));
      }
    }
  }
}

/** Repaints vessel voxels of the lung (> −500 HU inside the lung ellipses) within `r` mm of `c` as noisy lung. */
function clearVessels(vol: PhantomResult['volume'], layout: PhantomLayout, c: Vec3, r: number, noiseHu: number, noise: () => number): void {
  const box = boundsOf(vol, [c], r);
  const [nx, ny] = vol.dims;
  const [sx, sy, sz] = vol.spacing;
  const [ox, oy, oz] = vol.origin;
  for (let k = box.z0; k <= box.z1; k++) {
    for (let j = box.y0; j <= box.y1; j++) {
      for (let i = box.x0; i <= box.x1; i++) {
        const p: Vec3 = [ox + sx * i, oy + sy * j, oz + sz * k];
        const q = i + nx * (j + ny * k);
        if (vol.voxels[q]! <= -500 || (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2 > r * r || !lungContains(layout, p)) continue;
        vol.voxels[q] = Math.round(HU_LUNG + noiseHu * noise());
      }
    }
  }
}

function truthMask(vol: PhantomResult['volume'], box: VoxelBox, inside: (x: number, y: number, z: number) => boolean): BoxMask {
  const [sx, sy, sz] = vol.spacing;
  const [ox, oy, oz] = vol.origin;
  const mask = new Uint8Array((box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1) * (box.z1 - box.z0 + 1));
  let q = 0;
  for (let k = box.z0; k <= box.z1; k++) {
    for (let j = box.y0; j <= box.y1; j++) {
      for (let i = box.x0; i <= box.x1; i++, q++) if (inside(ox + sx * i, oy + sy * j, oz + sz * k)) mask[q] = 1;
    }
  }
  return { box, mask };
}

/** Voxel box (clipped to the grid) holding every point within `r` mm of the given points. */
function boundsOf(vol: PhantomResult['volume'], pts: Vec3[], r: number): VoxelBox {
  const lo = [0, 1, 2].map((a) => Math.min(...pts.map((p) => p[a]!)) - r - 1);
  const hi = [0, 1, 2].map((a) => Math.max(...pts.map((p) => p[a]!)) + r + 1);
  const idx = (a: number, w: number) => (w - vol.origin[a]!) / vol.spacing[a]!;
  const c = (v: number, a: number) => Math.max(0, Math.min(vol.dims[a]! - 1, v));
  return {
    x0: c(Math.floor(idx(0, lo[0]!)), 0), x1: c(Math.ceil(idx(0, hi[0]!)), 0),
    y0: c(Math.floor(idx(1, lo[1]!)), 1), y1: c(Math.ceil(idx(1, hi[1]!)), 1),
    z0: c(Math.floor(idx(2, lo[2]!)), 2), z1: c(Math.ceil(idx(2, hi[2]!)), 2),
  };
}

function capsule(v: SyntheticVessel): (x: number, y: number, z: number) => boolean {
  const d = [v.p1[0] - v.p0[0], v.p1[1] - v.p0[1], v.p1[2] - v.p0[2]];
  const dd = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2;
  return (x, y, z) => {
    const e = [x - v.p0[0], y - v.p0[1], z - v.p0[2]];
    const t = Math.max(0, Math.min(1, (e[0]! * d[0]! + e[1]! * d[1]! + e[2]! * d[2]!) / dd));
    return (e[0]! - t * d[0]!) ** 2 + (e[1]! - t * d[1]!) ** 2 + (e[2]! - t * d[2]!) ** 2 <= v.radiusMm ** 2;
  };
}

/** Standard normal samples (Box–Muller) from a uniform stream. */
function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const norm = (v: Vec3): Vec3 => {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
};
const add = (p: Vec3, d: Vec3, s: number): Vec3 => [p[0] + s * d[0], p[1] + s * d[1], p[2] + s * d[2]];
