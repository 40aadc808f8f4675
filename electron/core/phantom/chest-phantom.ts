import { LungDeskError } from '../../common/errors';
import { IDENTITY_DIRECTION } from '../../common/geometry';
import type { JobContext } from '../../common/jobs';
import type { Volume } from '../volume/volume';
import { gaussianTable, mixSeed, mulberry32, uniform } from './prng';

/**
 * Synthetic chest CT phantom, a TypeScript port of `shared/reference/phantom.py`
 * (`make_chest_phantom`). The demo dataset is made from it at first start, so it is product
 * code; tests use it as a fixture with known anatomy and nodules.
 *
 * What it paints, in this order (later shapes overwrite earlier ones):
 *   - air (-1000 HU) everywhere;
 *   - a patient table (300 HU) below the body, separated from it by an air gap and narrower
 *     than the field of view, so the outside air stays one connected region;
 *   - a body ellipse of subcutaneous fat (-100 HU) around soft tissue (40 HU);
 *   - a rib ring of bone (700 HU) in z bands (ribs and intercostal gaps) and a spine (700 HU);
 *   - two lungs (-850 HU), ellipses per slice that taper towards apex and base;
 *   - a trachea and two main bronchi (air capsules);
 *   - 4 vessels per lung (40 HU capsules), painted only over lung voxels;
 *   - nodules (40 HU spheres);
 *   - optional Gaussian noise (rounded, clipped to -1024..3071 HU);
 *   - -1024 HU outside the circular reconstruction field of view (what a DICOM reader gives
 *     for the stored padding value, `get_pixels_hu` style); `fovMask` marks the inside.
 *
 * Geometry: mm relative to the volume centre, scaled by the field-of-view radius
 * R = min(nx·sx, ny·sy)/2 and the half z extent Z = nz·sz/2, exactly as in phantom.py.
 * World is LPS with the identity direction: +x is the patient's left, +y posterior (the
 * table is at large y), +z superior. world(i,j,k) = origin + spacing ⊙ (i,j,k).
 *
 * Matches phantom.py shape for shape (same constants and paint order); departs in the random
 * streams (own mulberry32 instead of numpy's PCG64, so vessel positions and noise differ) and
 * in the noise, which is drawn from a 65 536-entry Gaussian table (see `gaussianTable`).
 *
 * Speed: the in-plane shapes that do not change with z are painted once into two template
 * slices (with and without ribs) that are copied per slice; lungs are painted as row spans of
 * per-slice ellipses; capsules and spheres only inside their per-slice bounding boxes.
 */

export const HU_AIR = -1000;
export const HU_LUNG = -850;
export const HU_FAT = -100;
export const HU_SOFT = 40;
export const HU_BONE = 700;
export const HU_TABLE = 300;
/** HU outside the reconstruction circle in the returned volume. */
export const HU_OUTSIDE_FOV = -1024;

export type Vec3 = [number, number, number];

export interface PhantomNoduleSpec {
  /** World mm (LPS) of the sphere's centre. */
  center: Vec3;
  diameterMm: number;
}

export interface PhantomSpec {
  /** Voxel counts x, y, z. */
  dims: [number, number, number];
  /** mm x, y, z. */
  spacing: [number, number, number];
  /** World mm of voxel 0; default as phantom.py: x, y centred on 0, z shifted by -100 mm. */
  origin?: [number, number, number];
  /** World mm centres and diameters; default: the three of phantom.py (see `defaultNodules`). */
  nodules?: PhantomNoduleSpec[];
  /** Noise standard deviation in HU; default 15, 0 for none. */
  noiseHu?: number;
  /** Seed of the vessel layout and of the noise; default 0. */
  seed?: number;
}

export interface PhantomResult {
  volume: Volume;
  nodules: { center: Vec3; diameterMm: number }[];
  /** nx·ny, x-fastest: 1 inside the reconstruction circle, 0 outside (same for every slice). */
  fovMask: Uint8Array;
}

/** Where the lungs are, so callers can place nodules relative to them. All world mm. */
export interface PhantomLayout {
  /** World mm of the volume centre (the origin of phantom.py's relative coordinates). */
  center: Vec3;
  /** Field-of-view radius R. */
  fovRadiusMm: number;
  /** Half z extent Z. */
  halfZMm: number;
  /** Lung ellipse centres' |x| offset from the centre, and their common y (world). */
  lungOffsetXMm: number;
  lungCenterY: number;
  /** Full-size semi-axes (x, y) of each lung ellipse. */
  lungSemiAxes: [number, number];
  /** World z range of the lungs: base .. apex (exclusive). */
  lungZRange: [number, number];
}

interface Capsule {
  x0: number; y0: number; z0: number;
  dx: number; dy: number; dz: number;
  dd: number;
  r: number;
  value: number;
  /** Paint only over lung voxels (vessels). */
  lungOnly: boolean;
}

/** Fractions of R and Z, from phantom.py. */
interface Shape {
  R: number; Z: number;
  bcy: number; ba: number; bb: number; fatT: number;
  raO: number; rbO: number; ribT: number;
  spineCy: number; spineR: number;
  ty0: number; ty1: number; tableHalfW: number;
  lungCx: number; lungCy: number; lungA: number; lungB: number;
  lz0: number; lz1: number; ribPeriod: number;
}

function shapeOf(spec: PhantomSpec): Shape {
  const [nx, ny, nz] = spec.dims;
  const [sx, sy, sz] = spec.spacing;
  const Z = (nz * sz) / 2;
  const R = Math.min(ny * sy, nx * sx) / 2;
  const bcy = -0.05 * R;
  const ba = 0.8 * R;
  const bb = 0.56 * R;
  const fatT = Math.max(0.06 * R, 1.5 * sx);
  const raO = ba - fatT - 0.03 * R;
  const rbO = bb - fatT - 0.03 * R;
  const ty0 = bcy + bb + Math.max(0.05 * R, 2 * sy);
  return {
    R, Z, bcy, ba, bb, fatT, raO, rbO,
    ribT: Math.max(0.045 * R, 1.5 * sx),
    spineCy: bcy + 0.36 * R,
    spineR: 0.12 * R,
    ty0,
    ty1: ty0 + Math.max(0.045 * R, 2 * sy),
    tableHalfW: 0.62 * R,
    lungCx: 0.37 * R,
    lungCy: bcy - 0.02 * R,
    lungA: 0.25 * R,
    lungB: 0.36 * R,
    lz0: -0.8 * Z,
    lz1: 0.78 * Z,
    ribPeriod: Math.max(20, 0.12 * R),
  };
}

/** Lung scale (0..1) at relative z: a dome at the base, a taper to the apex. */
function lungScaleRaw(s: Pick<Shape, 'lz0' | 'lz1'>, z: number): number {
  const u = (z - s.lz0) / (s.lz1 - s.lz0);
  const q = (u - 0.4) / 0.62;
  return Math.min(1, 1.15 * Math.sqrt(Math.max(0, 1 - q * q)));
}

function lungScale(s: Pick<Shape, 'lz0' | 'lz1'>, z: number): number {
  if (!(z > s.lz0 && z < s.lz1)) return 0;
  const v = lungScaleRaw(s, z);
  return v > 0.08 ? v : 0;
}

function validateSpec(spec: PhantomSpec): void {
  const bad = (message: string): never => {
    throw new LungDeskError('contract.bad-input', `phantom spec: ${message}`, { detail: spec });
  };
  if (!Array.isArray(spec.dims) || spec.dims.length !== 3) bad('dims must be [nx, ny, nz]');
  for (const d of spec.dims) if (!Number.isInteger(d) || d < 1 || d > 4096) bad(`dims must be integers in 1..4096, got ${spec.dims.join('x')}`);
  if (!Array.isArray(spec.spacing) || spec.spacing.length !== 3) bad('spacing must be [sx, sy, sz]');
  for (const v of spec.spacing) if (!(Number.isFinite(v) && v > 0)) bad(`spacing must be positive mm, got ${spec.spacing.join(', ')}`);
  if (spec.origin !== undefined) {
    if (spec.origin.length !== 3 || !spec.origin.every(Number.isFinite)) bad('origin must be three finite numbers');
  }
  for (const n of spec.nodules ?? []) {
    if (n.center.length !== 3 || !n.center.every(Number.isFinite)) bad('nodule centre must be three finite numbers');
    if (!(Number.isFinite(n.diameterMm) && n.diameterMm > 0)) bad(`nodule diameter must be positive, got ${n.diameterMm}`);
  }
  if (spec.noiseHu !== undefined && !(Number.isFinite(spec.noiseHu) && spec.noiseHu >= 0)) bad('noiseHu must be >= 0');
}

function defaultOrigin(spec: PhantomSpec): Vec3 {
  const [nx, ny, nz] = spec.dims;
  const [sx, sy, sz] = spec.spacing;
  return [-((nx - 1) / 2) * sx, -((ny - 1) / 2) * sy, -100 - ((nz - 1) / 2) * sz];
}

/** The lung geometry of a spec, in world mm. */
export function phantomLayout(spec: PhantomSpec): PhantomLayout {
  validateSpec(spec);
  const s = shapeOf(spec);
  const origin = spec.origin ?? defaultOrigin(spec);
  const [nx, ny, nz] = spec.dims;
  const [sx, sy, sz] = spec.spacing;
  const center: Vec3 = [origin[0] + ((nx - 1) / 2) * sx, origin[1] + ((ny - 1) / 2) * sy, origin[2] + ((nz - 1) / 2) * sz];
  return {
    center,
    fovRadiusMm: s.R,
    halfZMm: s.Z,
    lungOffsetXMm: s.lungCx,
    lungCenterY: center[1] + s.lungCy,
    lungSemiAxes: [s.lungA, s.lungB],
    lungZRange: [center[2] + s.lz0, center[2] + s.lz1],
  };
}

/** Scale (0..1) of the lung ellipses at world z; 0 where there is no lung. */
export function lungScaleAt(layout: PhantomLayout, zWorld: number): number {
  return lungScale({ lz0: layout.lungZRange[0], lz1: layout.lungZRange[1] }, zWorld);
}

/** 'left' is the patient's left: +x in LPS. */
export type LungSide = 'left' | 'right';

/**
 * A world point in a lung: `u` is the height in the lung's z range (0 base, 1 apex),
 * `lateral` and `posterior` are fractions (-1..1) of the lung ellipse's semi-axes at that
 * height (lateral > 0 points away from the midline, posterior > 0 towards the back).
 */
export function lungPoint(layout: PhantomLayout, side: LungSide, u: number, lateral: number, posterior: number): Vec3 {
  const [z0, z1] = layout.lungZRange;
  const z = z0 + u * (z1 - z0);
  const sc = lungScaleAt(layout, z);
  const sign = side === 'left' ? 1 : -1;
  const [a, b] = layout.lungSemiAxes;
  return [
    layout.center[0] + sign * (layout.lungOffsetXMm + lateral * a * sc),
    layout.lungCenterY + posterior * b * sc,
    z,
  ];
}

/** Centre of a sphere of `diameterMm` at height `u` that touches the lateral lung wall. */
export function pleuralPoint(layout: PhantomLayout, side: LungSide, u: number, diameterMm: number): Vec3 {
  const [z0, z1] = layout.lungZRange;
  const z = z0 + u * (z1 - z0);
  const a = layout.lungSemiAxes[0] * lungScaleAt(layout, z);
  const sign = side === 'left' ? 1 : -1;
  return [layout.center[0] + sign * (layout.lungOffsetXMm + a - diameterMm / 2), layout.lungCenterY, z];
}

/** Whether a world point lies inside a painted lung ellipse (airways and vessels ignored). */
export function lungContains(layout: PhantomLayout, p: Vec3): boolean {
  const sc = lungScaleAt(layout, p[2]);
  if (sc === 0) return false;
  const a = layout.lungSemiAxes[0] * sc;
  const b = layout.lungSemiAxes[1] * sc;
  const dy = (p[1] - layout.lungCenterY) / b;
  for (const sign of [1, -1]) {
    const dx = (p[0] - layout.center[0] - sign * layout.lungOffsetXMm) / a;
    if (dx * dx + dy * dy <= 1) return true;
  }
  return false;
}

/**
 * phantom.py's three nodules, in world mm: a central one in the left lung, one touching the
 * lateral pleura of the right lung, and a small one higher in the right lung.
 */
export function defaultNodules(spec: PhantomSpec): PhantomNoduleSpec[] {
  const layout = phantomLayout(spec);
  const s = shapeOf(spec);
  const [cx, cy, cz] = layout.center;
  const zmid = s.lz0 + 0.45 * (s.lz1 - s.lz0);
  const d1 = Math.max(0.09 * s.R, 6);
  const d2 = Math.max(0.07 * s.R, 5);
  const d3 = Math.max(0.05 * s.R, 4);
  const sc = lungScaleRaw(s, zmid);
  return [
    { center: [cx + s.lungCx + 0.1 * s.lungA, cy + s.lungCy - 0.1 * s.lungB, cz + zmid], diameterMm: d1 },
    { center: [cx - s.lungCx - s.lungA * sc + d2 / 2, cy + s.lungCy, cz + zmid], diameterMm: d2 },
    {
      center: [cx - s.lungCx + 0.2 * s.lungA, cy + s.lungCy + 0.3 * s.lungB, cz + zmid + 0.25 * (s.lz1 - zmid)],
      diameterMm: d3,
    },
  ];
}

function capsule(p0: Vec3, p1: Vec3, r: number, value: number, lungOnly: boolean): Capsule {
  const dx = p1[0] - p0[0];
  const dy = p1[1] - p0[1];
  const dz = p1[2] - p0[2];
  return { x0: p0[0], y0: p0[1], z0: p0[2], dx, dy, dz, dd: dx * dx + dy * dy + dz * dz, r, value, lungOnly };
}

function checkCancelled(ctx: JobContext | undefined): void {
  if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'phantom generation was cancelled');
}

/** Generates the phantom; see the module comment for what is painted and how. */
export function generateChestPhantom(spec: PhantomSpec, ctx?: JobContext): PhantomResult {
  validateSpec(spec);
  const [nx, ny, nz] = spec.dims;
  const [sx, sy, sz] = spec.spacing;
  const total = nx * ny * nz;
  if (ctx && total * 2 > ctx.budgetBytes) {
    throw new LungDeskError('job.oom', `phantom of ${nx}x${ny}x${nz} needs ${total * 2} bytes, over the job budget of ${ctx.budgetBytes}`, {
      detail: { needBytes: total * 2, budgetBytes: ctx.budgetBytes },
    });
  }
  checkCancelled(ctx);
  const s = shapeOf(spec);
  const layout = phantomLayout(spec);
  const [wcx, wcy, wcz] = layout.center;
  const seed = spec.seed ?? 0;
  const noiseHu = spec.noiseHu ?? 15;
  const plane = nx * ny;

  // relative mm of voxel centres
  const xr0 = -((nx - 1) / 2) * sx;
  const yr0 = -((ny - 1) / 2) * sy;
  const zr0 = -((nz - 1) / 2) * sz;

  // in-plane templates: table, body, fat, spine, with and without the rib ring
  const fovMask = new Uint8Array(plane);
  const withRibs = new Int16Array(plane);
  const noRibs = new Int16Array(plane);
  const R2 = s.R * s.R;
  const innerA = s.ba - s.fatT;
  const innerB = s.bb - s.fatT;
  const ribInA = s.raO - s.ribT;
  const ribInB = s.rbO - s.ribT;
  for (let j = 0; j < ny; j++) {
    const y = yr0 + j * sy;
    const yb = y - s.bcy;
    const ys = y - s.spineCy;
    for (let i = 0; i < nx; i++) {
      const x = xr0 + i * sx;
      const p = i + nx * j;
      fovMask[p] = x * x + y * y <= R2 ? 1 : 0;
      let v = HU_AIR;
      if (y >= s.ty0 && y <= s.ty1 && Math.abs(x) <= s.tableHalfW) v = HU_TABLE;
      if ((x / s.ba) ** 2 + (yb / s.bb) ** 2 <= 1) v = HU_FAT;
      if ((x / innerA) ** 2 + (yb / innerB) ** 2 <= 1) v = HU_SOFT;
      const spine = x * x + ys * ys <= s.spineR * s.spineR;
      noRibs[p] = spine ? HU_BONE : v;
      const ring = (x / s.raO) ** 2 + (yb / s.rbO) ** 2 <= 1 && (x / ribInA) ** 2 + (yb / ribInB) ** 2 > 1;
      withRibs[p] = spine || ring ? HU_BONE : v;
    }
  }

  // airways, vessels, nodules as capsules in relative mm (x, y, z)
  const rand = mulberry32(mixSeed(seed, 1));
  const capsules: Capsule[] = [];
  const trR = Math.max(0.045 * s.R, 1.5 * sx);
  const carina: Vec3 = [0, s.lungCy - 0.1 * s.R, 0.35 * s.Z];
  const top: Vec3 = [0, s.lungCy - 0.1 * s.R, -zr0 + sz];
  capsules.push(capsule(top, carina, trR, HU_AIR, false));
  for (const side of [-1, 1]) {
    capsules.push(capsule(carina, [side * s.lungCx * 0.75, s.lungCy, 0.2 * s.Z], trR * 0.7, HU_AIR, false));
  }
  for (const side of [-1, 1]) {
    for (let n = 0; n < 4; n++) {
      const zc = uniform(rand, s.lz0 * 0.6, s.lz1 * 0.6);
      const end = (): Vec3 => [
        side * s.lungCx + uniform(rand, -0.8, 0.8) * s.lungA,
        s.lungCy + uniform(rand, -0.8, 0.8) * s.lungB,
        zc + uniform(rand, -0.3, 0.3) * s.Z,
      ];
      const p0 = end();
      const p1 = end();
      const r = Math.max(uniform(rand, 0.012, 0.03) * s.R, sx);
      capsules.push(capsule(p0, p1, r, HU_SOFT, true));
    }
  }
  const nodules = (spec.nodules ?? defaultNodules(spec)).map((n) => ({
    center: [n.center[0], n.center[1], n.center[2]] as Vec3,
    diameterMm: n.diameterMm,
  }));
  for (const n of nodules) {
    const c: Vec3 = [n.center[0] - wcx, n.center[1] - wcy, n.center[2] - wcz];
    capsules.push(capsule(c, c, n.diameterMm / 2, HU_SOFT, false));
  }

  const noise = noiseHu > 0 ? gaussianTable(mulberry32(mixSeed(seed, 2)), noiseHu) : null;
  let noiseState = mixSeed(seed, 3);

  const voxels = new Int16Array(total);
  const slab = Math.max(1, Math.floor(nz / 20));
  for (let k = 0; k < nz; k++) {
    if (k % slab === 0) {
      checkCancelled(ctx);
      ctx?.progress('phantom', k / nz);
    }
    const z = zr0 + k * sz;
    const base = k * plane;
    const ribBand = ((z % s.ribPeriod) + s.ribPeriod) % s.ribPeriod < 0.5 * s.ribPeriod;
    voxels.set(ribBand ? withRibs : noRibs, base);

    // lungs: row spans of the two ellipses
    const sc = lungScale(s, z);
    if (sc > 0) {
      const a = s.lungA * sc;
      const b = s.lungB * sc;
      const j0 = Math.max(0, Math.ceil((s.lungCy - b - yr0) / sy));
      const j1 = Math.min(ny - 1, Math.floor((s.lungCy + b - yr0) / sy));
      for (let j = j0; j <= j1; j++) {
        const t = (yr0 + j * sy - s.lungCy) / b;
        const q = 1 - t * t;
        if (q < 0) continue;
        const w = a * Math.sqrt(q);
        for (let side = -1; side <= 1; side += 2) {
          const cx = side * s.lungCx;
          const i0 = Math.max(0, Math.ceil((cx - w - xr0) / sx));
          const i1 = Math.min(nx - 1, Math.floor((cx + w - xr0) / sx));
          if (i0 <= i1) voxels.fill(HU_LUNG, base + nx * j + i0, base + nx * j + i1 + 1);
        }
      }
    }

    for (const c of capsules) paintCapsuleSlice(voxels, base, c, z, nx, ny, sx, sy, xr0, yr0);

    if (noise) {
      let st = noiseState;
      for (let p = 0; p < plane; p += 2) {
        // inlined mulberry32: two 16-bit table indices per step
        st = (st + 0x6d2b79f5) | 0;
        let t = Math.imul(st ^ (st >>> 15), st | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        t = (t ^ (t >>> 14)) >>> 0;
        const q0 = base + p;
        let v = voxels[q0]! + noise[t & 0xffff]!;
        voxels[q0] = v < -1024 ? -1024 : v > 3071 ? 3071 : v;
        if (p + 1 < plane) {
          v = voxels[q0 + 1]! + noise[t >>> 16]!;
          voxels[q0 + 1] = v < -1024 ? -1024 : v > 3071 ? 3071 : v;
        }
      }
      noiseState = st;
    }
    for (let p = 0; p < plane; p++) if (fovMask[p] === 0) voxels[base + p] = HU_OUTSIDE_FOV;
  }
  ctx?.progress('phantom', 1);

  const origin = spec.origin ?? defaultOrigin(spec);
  const volume: Volume = {
    dims: [nx, ny, nz],
    spacing: [sx, sy, sz],
    origin: [origin[0], origin[1], origin[2]],
    direction: [...IDENTITY_DIRECTION],
    voxels,
  };
  return { volume, nodules, fovMask };
}

/** Paints the part of capsule `c` that meets the slice at relative z (see `_capsule`). */
function paintCapsuleSlice(
  voxels: Int16Array, base: number, c: Capsule, z: number,
  nx: number, ny: number, sx: number, sy: number, xr0: number, yr0: number,
): void {
  const r = c.r;
  // parameter range of segment points within r of this plane in z
  let t0 = 0;
  let t1 = 1;
  if (c.dz !== 0) {
    const ta = (z - r - c.z0) / c.dz;
    const tb = (z + r - c.z0) / c.dz;
    t0 = Math.max(0, Math.min(ta, tb));
    t1 = Math.min(1, Math.max(ta, tb));
    if (t0 > t1) return;
  } else if (Math.abs(z - c.z0) > r) {
    return;
  }
  const xa = c.x0 + t0 * c.dx;
  const xb = c.x0 + t1 * c.dx;
  const ya = c.y0 + t0 * c.dy;
  const yb = c.y0 + t1 * c.dy;
  const i0 = Math.max(0, Math.ceil((Math.min(xa, xb) - r - xr0) / sx));
  const i1 = Math.min(nx - 1, Math.floor((Math.max(xa, xb) + r - xr0) / sx));
  const j0 = Math.max(0, Math.ceil((Math.min(ya, yb) - r - yr0) / sy));
  const j1 = Math.min(ny - 1, Math.floor((Math.max(ya, yb) + r - yr0) / sy));
  if (i0 > i1 || j0 > j1) return;
  const r2 = r * r;
  const inv = c.dd === 0 ? 0 : 1 / c.dd;
  const ez = z - c.z0;
  for (let j = j0; j <= j1; j++) {
    const ey = yr0 + j * sy - c.y0;
    const row = base + nx * j;
    for (let i = i0; i <= i1; i++) {
      const ex = xr0 + i * sx - c.x0;
      let t = (ex * c.dx + ey * c.dy + ez * c.dz) * inv;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const qx = ex - t * c.dx;
      const qy = ey - t * c.dy;
      const qz = ez - t * c.dz;
      if (qx * qx + qy * qy + qz * qz <= r2) {
        const p = row + i;
        // vessels stay inside the lungs: only lung voxels (not airway, not yet a vessel) change
        if (!c.lungOnly || voxels[p] === HU_LUNG) voxels[p] = c.value;
      }
    }
  }
}
