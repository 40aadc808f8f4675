import type { LabelGrid } from './voxel-edit';

/** An inclusive voxel box. */
export interface Box3 {
  readonly lo: readonly [number, number, number];
  readonly hi: readonly [number, number, number];
}

/**
 * Voxel counts of every label, counted once from the labelmap and then kept current from the
 * edit buffer's per-write `labelDeltas`, so live volumes never rescan the scan (78 M voxels on
 * a 512×512×300 grid) per stroke.
 */
export class LabelCounts {
  private readonly counts: Float64Array;

  private constructor(counts: Float64Array) {
    this.counts = counts;
  }

  static fromLabels(labels: Uint8Array): LabelCounts {
    const c = new Float64Array(256);
    for (let i = 0; i < labels.length; i++) c[labels[i]!]!++;
    return new LabelCounts(c);
  }

  /** Adds an apply's, undo's or redo's `labelDeltas`. */
  applyDeltas(deltas: ReadonlyMap<number, number>): void {
    for (const [label, d] of deltas) this.counts[label]! += d;
  }

  count(label: number): number {
    return this.counts[label] ?? 0;
  }

  volumeMm3(label: number, spacing: readonly [number, number, number]): number {
    return this.count(label) * spacing[0] * spacing[1] * spacing[2];
  }

  /** Labels 1..255 that hold at least one voxel, ascending. */
  present(): number[] {
    const out: number[] = [];
    for (let l = 1; l < 256; l++) if (this.counts[l]! > 0) out.push(l);
    return out;
  }
}

/** Every label's bounding box, in one pass over the labelmap (at load, not per stroke). */
export function labelBoxes(grid: Pick<LabelGrid, 'dims' | 'labels'>): Map<number, Box3> {
  const [nx, ny, nz] = grid.dims;
  const lo = new Int32Array(256 * 3).fill(0x7fffffff);
  const hi = new Int32Array(256 * 3).fill(-1);
  const labels = grid.labels;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const l = labels[i]!;
        if (l === 0) continue;
        const b = l * 3;
        if (x < lo[b]!) lo[b] = x;
        if (x > hi[b]!) hi[b] = x;
        if (y < lo[b + 1]!) lo[b + 1] = y;
        if (y > hi[b + 1]!) hi[b + 1] = y;
        if (z < lo[b + 2]!) lo[b + 2] = z;
        hi[b + 2] = z;
      }
    }
  }
  const out = new Map<number, Box3>();
  for (let l = 1; l < 256; l++) {
    const b = l * 3;
    if (hi[b]! >= 0) out.set(l, { lo: [lo[b]!, lo[b + 1]!, lo[b + 2]!], hi: [hi[b]!, hi[b + 1]!, hi[b + 2]!] });
  }
  return out;
}

/**
 * A box grown to hold `indices` (e.g. an edit's `add`): a label's box only ever grows while
 * editing, which keeps it a safe, cheap bound for the diameters without a rescan.
 */
export function growBox(box: Box3 | null, dims: readonly [number, number, number], indices: Uint32Array): Box3 | null {
  if (indices.length === 0) return box;
  const [nx, ny] = dims;
  const lo = box ? [...box.lo] : [Infinity, Infinity, Infinity];
  const hi = box ? [...box.hi] : [-Infinity, -Infinity, -Infinity];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const x = i % nx;
    const y = Math.floor(i / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    if (x < lo[0]!) lo[0] = x;
    if (x > hi[0]!) hi[0] = x;
    if (y < lo[1]!) lo[1] = y;
    if (y > hi[1]!) hi[1] = y;
    if (z < lo[2]!) lo[2] = z;
    if (z > hi[2]!) hi[2] = z;
  }
  return { lo: lo as [number, number, number], hi: hi as [number, number, number] };
}

/** A measured segment on an axial slice, its ends in continuous voxel coordinates (x, y). */
export interface Caliper {
  readonly mm: number;
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
}

/**
 * A nodule's axial diameters as RECIST 1.1 and the LIDC readers take them: on the axial slice
 * where it is longest, the longest diameter, and on that slice the longest diameter
 * perpendicular to it.
 */
export interface AxialDiameters {
  readonly z: number;
  readonly long: Caliper;
  readonly short: Caliper;
}

/**
 * The longest axial diameter of a label and its perpendicular, searched over `box` (the label's
 * box: the work is bounded by it, not by the scan). On each slice the label's pixels are taken
 * as squares and measured on the convex hull of their corners, as a caliper laid on the image
 * would (a single 0.7 mm pixel measures 0.99 mm across its diagonal). The long diameter is the
 * hull's largest vertex distance (the maximum Feret diameter: the farthest two points of a set
 * are hull vertices); the short one is the longest chord of the hull perpendicular to it, found
 * through the hull's vertices (on a convex polygon a chord's length is concave in its offset, so
 * its maximum is at a vertex). On a concave outline the hull's perpendicular chord can pass
 * outside the lesion; readers' calipers do the same. Null when the label is absent in the box.
 */
export function axialDiameters(grid: LabelGrid, label: number, box?: Box3): AxialDiameters | null {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy] = grid.spacing;
  const lo = box?.lo ?? [0, 0, 0];
  const hi = box?.hi ?? [nx - 1, ny - 1, nz - 1];
  const labels = grid.labels;
  let best: AxialDiameters | null = null;
  const pts: number[] = [];
  for (let z = Math.max(0, lo[2]); z <= Math.min(nz - 1, hi[2]); z++) {
    pts.length = 0;
    for (let y = Math.max(0, lo[1]); y <= Math.min(ny - 1, hi[1]); y++) {
      const row = nx * (y + ny * z);
      let left = -1;
      let right = -1;
      for (let x = Math.max(0, lo[0]); x <= Math.min(nx - 1, hi[0]); x++) {
        if (labels[row + x] !== label) continue;
        if (left < 0) left = x;
        right = x;
      }
      if (left < 0) continue;
      // Only the row's outermost pixels can put corners on the hull; in mm.
      for (const [cx, cy] of [[left - 0.5, y - 0.5], [left - 0.5, y + 0.5], [right + 0.5, y - 0.5], [right + 0.5, y + 0.5]] as const) {
        pts.push(cx * sx, cy * sy);
      }
    }
    if (pts.length === 0) continue;
    const hull = convexHull(pts);
    const d = diametersOfHull(hull);
    if (!best || d.long.mm > best.long.mm + 1e-9 || (Math.abs(d.long.mm - best.long.mm) <= 1e-9 && d.short.mm > best.short.mm)) {
      const toVoxel = (p: readonly [number, number]): [number, number] => [p[0] / sx, p[1] / sy];
      best = {
        z,
        long: { mm: d.long.mm, from: toVoxel(d.long.from), to: toVoxel(d.long.to) },
        short: { mm: d.short.mm, from: toVoxel(d.short.from), to: toVoxel(d.short.to) },
      };
    }
  }
  return best;
}

/** Convex hull (Andrew's monotone chain) of flat (x, y) pairs, counter-clockwise, no collinear points. */
export function convexHull(flat: readonly number[]): [number, number][] {
  const p: [number, number][] = [];
  for (let k = 0; k < flat.length; k += 2) p.push([flat[k]!, flat[k + 1]!]);
  p.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 1e-12) lower.pop();
    lower.push(q);
  }
  const upper: [number, number][] = [];
  for (let k = p.length - 1; k >= 0; k--) {
    const q = p[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 1e-12) upper.pop();
    upper.push(q);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

type MmCaliper = { mm: number; from: [number, number]; to: [number, number] };

function diametersOfHull(hull: readonly [number, number][]): { long: MmCaliper; short: MmCaliper } {
  let long: MmCaliper = { mm: 0, from: hull[0]!, to: hull[0]! };
  for (let a = 0; a < hull.length; a++) {
    for (let b = a + 1; b < hull.length; b++) {
      const d = Math.hypot(hull[a]![0] - hull[b]![0], hull[a]![1] - hull[b]![1]);
      if (d > long.mm) long = { mm: d, from: hull[a]!, to: hull[b]! };
    }
  }
  if (long.mm === 0) return { long, short: long };
  // Unit direction perpendicular to the long axis.
  const ex = -(long.to[1] - long.from[1]) / long.mm;
  const ey = (long.to[0] - long.from[0]) / long.mm;
  let short: MmCaliper = { mm: 0, from: long.from, to: long.from };
  for (const p of hull) {
    let tMin = 0;
    let tMax = 0;
    for (let k = 0; k < hull.length; k++) {
      const a = hull[k]!;
      const b = hull[(k + 1) % hull.length]!;
      // Solve p + t·e = a + s·(b − a) for t, with s in [0, 1].
      const bx = b[0] - a[0];
      const by = b[1] - a[1];
      const den = ex * by - ey * bx;
      if (Math.abs(den) < 1e-12) continue;
      const qx = a[0] - p[0];
      const qy = a[1] - p[1];
      const t = (qx * by - qy * bx) / den;
      const s = (qx * ey - qy * ex) / den;
      if (s < -1e-9 || s > 1 + 1e-9) continue;
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
    if (tMax - tMin > short.mm) {
      short = { mm: tMax - tMin, from: [p[0] + tMin * ex, p[1] + tMin * ey], to: [p[0] + tMax * ex, p[1] + tMax * ey] };
    }
  }
  return { long, short };
}
