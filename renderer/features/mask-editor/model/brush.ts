import type { HuGrid, LabelGrid, SliceAxis, VoxelEdit } from './voxel-edit';
import { planeAxes } from './slice-plane';

/** A position in continuous voxel coordinates (voxel centres at integers), as the pointer maps to the grid. */
export type VoxelPoint = readonly [number, number, number];

type Grid = Pick<LabelGrid, 'dims' | 'spacing'>;

/**
 * A brush footprint: a disc on the slice of the view it is used on (`circle`) or a ball
 * (`sphere`), of `radiusMm` in millimetres, so on anisotropic voxels it is an ellipse (ellipsoid)
 * in voxel units. A voxel is inside when its centre is within the radius (boundary included).
 */
export interface BrushShape {
  readonly radiusMm: number;
  readonly mode: 'circle' | 'sphere';
  readonly axis: SliceAxis;
}

/** An HU window [lo, hi] (inclusive) the threshold brush paints in. */
export interface HuRange {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Threshold presets. Lung: −1000..−400 HU takes aerated parenchyma (about −900..−700) and its
 * partial-volume rim while leaving vessels, airway walls and the pleura (soft tissue, > −100)
 * out; padding (≤ −2000) stays out too. Nodule: −500..+200 HU; −500 is halfway between aerated
 * lung (≈ −850) and soft tissue (≈ −50), the half-maximum edge of a solid nodule blurred by the
 * scanner, which is the fixed threshold nodule volumetry tools commonly use, so the brush follows
 * the edge a reader sees; +200 stops at calcification and bone (calcified, benign nodules and
 * ribs read above ≈ 200 HU), so painting a pleural nodule does not leak into the rib. Solid:
 * −100..+200 HU, soft tissue only, for the solid component of a part-solid nodule (Lung-RADS
 * measures it separately).
 */
export const THRESHOLD_PRESETS = {
  lung: { lo: -1000, hi: -400 },
  nodule: { lo: -500, hi: 200 },
  solid: { lo: -100, hi: 200 },
} as const satisfies Record<string, HuRange>;

export type ThresholdPresetName = keyof typeof THRESHOLD_PRESETS;

/**
 * The voxels a stroke covers: for each pair of consecutive samples, every voxel whose centre is
 * within the radius of the segment between them (a capsule: the union of the footprint at every
 * point of the segment), so a drag leaves no gap whatever its speed. One sample is one stamp.
 * In `circle` mode the stroke stays on the slice of the first sample (a drag on a view never
 * leaves its slice). Ascending, no duplicates, clipped to the grid.
 */
export function brushFootprint(grid: Grid, samples: readonly VoxelPoint[], shape: BrushShape): Uint32Array {
  if (samples.length === 0 || !(shape.radiusMm > 0)) return new Uint32Array(0);
  const [nx, ny, nz] = grid.dims;
  const sp = grid.spacing;
  const r = shape.radiusMm;
  const pts = samples.map((p) => [p[0], p[1], p[2]] as [number, number, number]);
  if (shape.mode === 'circle') {
    const n = planeAxes(shape.axis).n;
    const slice = Math.round(pts[0]![n]);
    for (const p of pts) p[n] = slice;
  }
  // Box of voxels that can be inside: the samples' hull grown by the radius in voxel units.
  const lo = [0, 0, 0];
  const hi = [0, 0, 0];
  const size = [nx, ny, nz];
  for (let a = 0; a < 3; a++) {
    let mn = Infinity;
    let mx = -Infinity;
    for (const p of pts) {
      mn = Math.min(mn, p[a]!);
      mx = Math.max(mx, p[a]!);
    }
    const reach = shape.mode === 'circle' && a === planeAxes(shape.axis).n ? 0 : r / sp[a]!;
    lo[a] = Math.max(0, Math.ceil(mn - reach - 1e-9));
    hi[a] = Math.min(size[a]! - 1, Math.floor(mx + reach + 1e-9));
    if (lo[a]! > hi[a]!) return new Uint32Array(0);
  }
  const bx = hi[0]! - lo[0]! + 1;
  const by = hi[1]! - lo[1]! + 1;
  const bz = hi[2]! - lo[2]! + 1;
  const inside = new Uint8Array(bx * by * bz);
  const r2 = r * r * (1 + 1e-9);
  const segs = pts.length === 1 ? [[pts[0]!, pts[0]!]] : pts.slice(1).map((p, k) => [pts[k]!, p]);
  for (const [a, b] of segs) markCapsule(a!, b!, r, r2, sp, lo, hi, bx, by, inside);
  let count = 0;
  for (let k = 0; k < inside.length; k++) count += inside[k]!;
  const out = new Uint32Array(count);
  let o = 0;
  for (let z = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      const row = bx * (y + by * z);
      const base = lo[0]! + nx * (lo[1]! + y + ny * (lo[2]! + z));
      for (let x = 0; x < bx; x++) if (inside[row + x]) out[o++] = base + x;
    }
  }
  return out;
}

/** Marks, in the box, the voxels whose centre is within r mm of segment ab (in mm space). */
function markCapsule(
  a: readonly number[],
  b: readonly number[],
  r: number,
  r2: number,
  sp: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
  bx: number,
  by: number,
  inside: Uint8Array,
): void {
  const [sx, sy, sz] = sp as [number, number, number];
  const dx = (b[0]! - a[0]!) * sx;
  const dy = (b[1]! - a[1]!) * sy;
  const dz = (b[2]! - a[2]!) * sz;
  const len2 = dx * dx + dy * dy + dz * dz;
  const box = [0, 1, 2].map((k) => [
    Math.max(lo[k]!, Math.ceil(Math.min(a[k]!, b[k]!) - r / sp[k]! - 1e-9)),
    Math.min(hi[k]!, Math.floor(Math.max(a[k]!, b[k]!) + r / sp[k]! + 1e-9)),
  ]) as [number, number][];
  for (let z = box[2]![0]; z <= box[2]![1]; z++) {
    const pz = (z - a[2]!) * sz;
    for (let y = box[1]![0]; y <= box[1]![1]; y++) {
      const py = (y - a[1]!) * sy;
      const row = bx * (y - lo[1]! + by * (z - lo[2]!)) - lo[0]!;
      for (let x = box[0]![0]; x <= box[0]![1]; x++) {
        const px = (x - a[0]!) * sx;
        let t = len2 > 0 ? (px * dx + py * dy + pz * dz) / len2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = px - t * dx;
        const ey = py - t * dy;
        const ez = pz - t * dz;
        if (ex * ex + ey * ey + ez * ez <= r2) inside[row + x] = 1;
      }
    }
  }
}

/** Keeps the voxels whose HU is in [lo, hi] (inclusive). */
export function keepInHuRange(hu: HuGrid, indices: Uint32Array, range: HuRange): Uint32Array {
  const out = new Uint32Array(indices.length);
  let o = 0;
  for (let k = 0; k < indices.length; k++) {
    const v = hu.hu[indices[k]!]!;
    if (v >= range.lo && v <= range.hi) out[o++] = indices[k]!;
  }
  return out.slice(0, o);
}

/** Lowest and highest HU under a footprint (for the threshold brush's readout); null for an empty one. */
export function huRangeUnder(hu: HuGrid, indices: Uint32Array): HuRange | null {
  if (indices.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < indices.length; k++) {
    const v = hu.hu[indices[k]!]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

/**
 * A brush, eraser or threshold-brush edit of `label` over a stroke: the brush adds the
 * footprint, the eraser removes it (the edit buffer clears only voxels holding `label`), and with
 * a `threshold` only voxels whose HU is in range are painted or erased.
 */
export function brushEdit(
  grid: Grid,
  label: number,
  samples: readonly VoxelPoint[],
  shape: BrushShape,
  action: 'paint' | 'erase',
  threshold?: { readonly hu: HuGrid; readonly range: HuRange },
): VoxelEdit {
  let voxels = brushFootprint(grid, samples, shape);
  if (threshold) voxels = keepInHuRange(threshold.hu, voxels, threshold.range);
  const empty = new Uint32Array(0);
  return action === 'paint' ? { label, add: voxels, remove: empty } : { label, add: empty, remove: voxels };
}
