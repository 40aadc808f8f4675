// The nodule segmentation LungDesk had before issue 11 (HU −600..400 in a sphere of 1.5× the
// diameter, a 1 mm opening, the component at the centre), unchanged, kept only as the
// nodule-segmentation benchmark's baseline: its time and its Dice beside the new one's.
import type { Vec3, VolumeGeometry } from '../../electron/common/geometry';
import { LungDeskError } from '../../electron/common/errors';
import { worldToVoxel, voxelToWorld } from '../../electron/core/volume/volume';
import { label3d } from '../../native';

export interface LegacyNoduleSegmentationParams {
  /** World centre, LPS mm. */
  center: Vec3;
  diameterMm: number;
  /** HU range that counts as nodule (default −600..+400: solid and part-solid). */
  huRange?: [number, number];
  /** Opening radius in mm that cuts thin vessel and pleural attachments (default 1 mm). */
  openingMm?: number;
  /** Optional lung mask on the same grid: voxels outside it are never nodule (chest wall). */
  lungMask?: Uint8Array;
}

export interface LegacyNoduleSegmentation {
  /** Bounding box of the region searched, voxel indices, both ends inclusive. */
  box: { x0: number; y0: number; z0: number; x1: number; y1: number; z1: number };
  /** 0/1 mask of the box, x fastest. */
  mask: Uint8Array;
  voxels: number;
  volumeMm3: number;
  /** Diameter of the sphere of the same volume. */
  equivalentDiameterMm: number;
  /** In the axial slice with the largest cross-section: longest diameter and the longest one perpendicular to it. */
  longAxisMm: number;
  shortAxisMm: number;
  /** Centroid of the mask, world LPS mm. */
  centroid: Vec3;
}

/**
 * Semi-automatic nodule segmentation from a centre and a diameter: voxels within the HU range
 * inside a sphere of 1.5 × the diameter, opened by a small ball (separating vessels and the
 * wall), restricted to the lung mask when given, and the connected region (26-neighbours)
 * at or nearest the centre kept. Works on the sphere's bounding box only, so it takes
 * milliseconds for any nodule size. The opening runs on that small box in TypeScript by
 * brute force over the ball's offsets (a few thousand voxels × a few dozen offsets).
 */
export function legacySegmentNodule(hu: Int16Array, g: VolumeGeometry, p: LegacyNoduleSegmentationParams): LegacyNoduleSegmentation {
  const [nx, ny, nz] = g.dims;
  if (!(p.diameterMm > 0) || !Number.isFinite(p.diameterMm)) throw new LungDeskError('contract.bad-input', `nodule diameter must be a positive number of mm, not ${p.diameterMm}`);
  const [lo, hi] = p.huRange ?? [-600, 400];
  const searchR = 0.75 * p.diameterMm; // radius of a sphere of 1.5 × the diameter
  const c = worldToVoxel(g, p.center);
  const r = [searchR / g.spacing[0], searchR / g.spacing[1], searchR / g.spacing[2]];
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const box = {
    x0: clamp(Math.floor(c[0] - r[0]!), nx), x1: clamp(Math.ceil(c[0] + r[0]!), nx),
    y0: clamp(Math.floor(c[1] - r[1]!), ny), y1: clamp(Math.ceil(c[1] + r[1]!), ny),
    z0: clamp(Math.floor(c[2] - r[2]!), nz), z1: clamp(Math.ceil(c[2] + r[2]!), nz),
  };
  if (c.some((v, i) => v < -0.5 || v > g.dims[i]! - 0.5)) throw new LungDeskError('contract.bad-input', 'the nodule centre lies outside the scan');
  const bx = box.x1 - box.x0 + 1;
  const by = box.y1 - box.y0 + 1;
  const bz = box.z1 - box.z0 + 1;
  const n = bx * by * bz;
  const cand = new Uint8Array(n);
  for (let z = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      for (let x = 0; x < bx; x++) {
        const gx = x + box.x0, gy = y + box.y0, gz = z + box.z0;
        const dx = (gx - c[0]) * g.spacing[0], dy = (gy - c[1]) * g.spacing[1], dz = (gz - c[2]) * g.spacing[2];
        if (dx * dx + dy * dy + dz * dz > searchR * searchR) continue;
        const gi = gx + nx * (gy + ny * gz);
        if (p.lungMask && p.lungMask[gi] === 0) continue;
        const v = hu[gi]!;
        if (v >= lo && v <= hi) cand[x + bx * (y + by * z)] = 1;
      }
    }
  }
  const opened = openBall(cand, [bx, by, bz], g.spacing, p.openingMm ?? 1);
  const { labels } = label3d(opened, [bx, by, bz], 3);
  // The region at the centre, else the one nearest to it.
  const cx = Math.round(c[0]) - box.x0, cy = Math.round(c[1]) - box.y0, cz = Math.round(c[2]) - box.z0;
  let keep = labels[cx + bx * (cy + by * cz)] ?? 0;
  if (!keep) {
    let best = Infinity;
    for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) {
      const l = labels[x + bx * (y + by * z)]!;
      if (!l) continue;
      const d = ((x - cx) * g.spacing[0]) ** 2 + ((y - cy) * g.spacing[1]) ** 2 + ((z - cz) * g.spacing[2]) ** 2;
      if (d < best) { best = d; keep = l; }
    }
  }
  const mask = new Uint8Array(n);
  let voxels = 0;
  let sx = 0, sy = 0, sz = 0;
  const sliceArea = new Int32Array(bz);
  for (let i = 0; i < n; i++) {
    if (keep && labels[i] === keep) {
      mask[i] = 1;
      voxels++;
      const x = i % bx, y = Math.floor(i / bx) % by, z = Math.floor(i / (bx * by));
      sx += x; sy += y; sz += z;
      sliceArea[z]!++;
    }
  }
  const voxelMm3 = g.spacing[0] * g.spacing[1] * g.spacing[2];
  const volumeMm3 = voxels * voxelMm3;
  const centroid = voxels ? voxelToWorld(g, [sx / voxels + box.x0, sy / voxels + box.y0, sz / voxels + box.z0]) : p.center;
  let bestZ = 0;
  for (let z = 1; z < bz; z++) if (sliceArea[z]! > sliceArea[bestZ]!) bestZ = z;
  const axes = voxels ? axialAxes(mask, bx, by, bestZ, g.spacing) : { long: 0, short: 0 };
  return {
    box, mask, voxels, volumeMm3,
    equivalentDiameterMm: Math.cbrt((6 * volumeMm3) / Math.PI),
    longAxisMm: axes.long, shortAxisMm: axes.short, centroid,
  };
}

/** Binary opening by an ellipsoidal ball of `radiusMm` (outside the box counts as background). */
function openBall(m: Uint8Array, dims: [number, number, number], spacing: Vec3, radiusMm: number): Uint8Array {
  const offs: [number, number, number][] = [];
  const rx = Math.floor(radiusMm / spacing[0]), ry = Math.floor(radiusMm / spacing[1]), rz = Math.floor(radiusMm / spacing[2]);
  if (rx + ry + rz === 0) return m;
  for (let z = -rz; z <= rz; z++) for (let y = -ry; y <= ry; y++) for (let x = -rx; x <= rx; x++) {
    if ((x * spacing[0]) ** 2 + (y * spacing[1]) ** 2 + (z * spacing[2]) ** 2 <= radiusMm * radiusMm) offs.push([x, y, z]);
  }
  const [bx, by, bz] = dims;
  const at = (a: Uint8Array, x: number, y: number, z: number) => (x < 0 || y < 0 || z < 0 || x >= bx || y >= by || z >= bz ? 0 : a[x + bx * (y + by * z)]!);
  const eroded = new Uint8Array(m.length);
  for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) {
    if (!m[x + bx * (y + by * z)]) continue;
    eroded[x + bx * (y + by * z)] = offs.every(([ox, oy, oz]) => at(m, x + ox, y + oy, z + oz)) ? 1 : 0;
  }
  const out = new Uint8Array(m.length);
  for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) {
    if (!eroded[x + bx * (y + by * z)]) continue;
    for (const [ox, oy, oz] of offs) {
      const X = x + ox, Y = y + oy, Z = z + oz;
      if (X >= 0 && Y >= 0 && Z >= 0 && X < bx && Y < by && Z < bz) out[X + bx * (Y + by * Z)] = 1;
    }
  }
  return out;
}

/** Longest in-plane diameter of a slice's region and the longest one perpendicular to it (mm). */
function axialAxes(mask: Uint8Array, bx: number, by: number, z: number, spacing: Vec3): { long: number; short: number } {
  const pts: [number, number][] = [];
  for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) if (mask[x + bx * (y + by * z)]) pts.push([x * spacing[0], y * spacing[1]]);
  let long = 0;
  let dir: [number, number] = [1, 0];
  // Pixel centres; one pixel width added so a single pixel measures its size, not 0.
  for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) {
    const d = Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]);
    if (d > long) { long = d; dir = [(pts[j]![0] - pts[i]![0]) / d, (pts[j]![1] - pts[i]![1]) / d]; }
  }
  const perp: [number, number] = [-dir[1], dir[0]];
  let mn = Infinity, mx = -Infinity;
  for (const [x, y] of pts) { const t = x * perp[0] + y * perp[1]; mn = Math.min(mn, t); mx = Math.max(mx, t); }
  const px = Math.min(spacing[0], spacing[1]);
  return { long: long + px, short: pts.length ? mx - mn + px : 0 };
}
