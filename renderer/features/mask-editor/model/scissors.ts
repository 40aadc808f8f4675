import type { LabelGrid, SliceAxis, SliceReach, VoxelEdit } from './voxel-edit';
import { planeAxes, reachSlices } from './slice-plane';
import { GrowU32 } from './grow-array';

/** A point on a view's slice in continuous voxel coordinates (u, v), pixel centres at integers. */
export type SlicePoint = readonly [number, number];

/**
 * The region cut on a view's slice. A polygon is the freehand path, closed from its last point
 * back to its first; a rectangle spans two opposite corners; a circle is a centre and a radius in
 * millimetres (an ellipse in voxel units when the view's pixels are not square, as on a coronal
 * view of thick slices).
 */
export type ScissorsShape =
  | { readonly kind: 'polygon'; readonly points: readonly SlicePoint[] }
  | { readonly kind: 'rectangle'; readonly from: SlicePoint; readonly to: SlicePoint }
  | { readonly kind: 'circle'; readonly center: SlicePoint; readonly radiusMm: number };

export interface ScissorsOptions {
  readonly axis: SliceAxis;
  /** The view's slice index along its normal. */
  readonly slice: number;
  readonly reach: SliceReach;
  /** Fill paints the label, erase clears it (only where it holds the label). */
  readonly action: 'fill' | 'erase';
  /** Act inside the shape (default) or outside it, on the slices the reach covers. */
  readonly region?: 'inside' | 'outside';
}

/** A 2D pixel mask over a box of the slice: `mask[(u - u0) + w·(v - v0)]`. */
export interface SliceMask {
  readonly u0: number;
  readonly v0: number;
  readonly w: number;
  readonly h: number;
  readonly mask: Uint8Array;
}

/**
 * Which pixels of a slice of `width`×`height` the shape covers. The rule is the pixel centre's:
 * a pixel is inside when its centre is. For polygons that is decided by scanlines through pixel
 * centres with the even-odd rule (a freehand loop that crosses itself leaves its doubly-wound
 * part out, as a crossing-number test would); each edge counts for rows v with
 * min(v0, v1) ≤ v < max(v0, v1), so a vertex on a scanline is counted once and horizontal edges
 * not at all; on a row, the centres u with left ≤ u < right are inside, so a centre exactly on a
 * left edge is in and one on a right edge is out (the top-left fill rule of rasterisers: two
 * polygons sharing an edge never both take its pixels). Rectangles take the centres within both
 * corners, boundary included; circles the centres within the radius, boundary included.
 */
export function rasterizeShape(shape: ScissorsShape, width: number, height: number, pixelMm: readonly [number, number]): SliceMask {
  if (shape.kind === 'rectangle') {
    const u0 = Math.max(0, Math.ceil(Math.min(shape.from[0], shape.to[0])));
    const u1 = Math.min(width - 1, Math.floor(Math.max(shape.from[0], shape.to[0])));
    const v0 = Math.max(0, Math.ceil(Math.min(shape.from[1], shape.to[1])));
    const v1 = Math.min(height - 1, Math.floor(Math.max(shape.from[1], shape.to[1])));
    const w = Math.max(0, u1 - u0 + 1);
    const h = Math.max(0, v1 - v0 + 1);
    return { u0, v0, w, h, mask: new Uint8Array(w * h).fill(1) };
  }
  if (shape.kind === 'circle') {
    const [cu, cv] = shape.center;
    const ru = shape.radiusMm / pixelMm[0];
    const rv = shape.radiusMm / pixelMm[1];
    const u0 = Math.max(0, Math.ceil(cu - ru));
    const u1 = Math.min(width - 1, Math.floor(cu + ru));
    const v0 = Math.max(0, Math.ceil(cv - rv));
    const v1 = Math.min(height - 1, Math.floor(cv + rv));
    const w = Math.max(0, u1 - u0 + 1);
    const h = Math.max(0, v1 - v0 + 1);
    const mask = new Uint8Array(w * h);
    const r2 = shape.radiusMm * shape.radiusMm * (1 + 1e-9);
    for (let v = v0; v <= v1; v++) {
      const dv = (v - cv) * pixelMm[1];
      for (let u = u0; u <= u1; u++) {
        const du = (u - cu) * pixelMm[0];
        if (du * du + dv * dv <= r2) mask[u - u0 + w * (v - v0)] = 1;
      }
    }
    return { u0, v0, w, h, mask };
  }
  return rasterizePolygon(shape.points, width, height);
}

function rasterizePolygon(points: readonly SlicePoint[], width: number, height: number): SliceMask {
  if (points.length < 3) return { u0: 0, v0: 0, w: 0, h: 0, mask: new Uint8Array(0) };
  let minV = Infinity;
  let maxV = -Infinity;
  let minU = Infinity;
  let maxU = -Infinity;
  for (const [u, v] of points) {
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
  }
  const u0 = Math.max(0, Math.ceil(minU));
  const u1 = Math.min(width - 1, Math.floor(maxU));
  const v0 = Math.max(0, Math.ceil(minV));
  const v1 = Math.min(height - 1, Math.floor(maxV));
  const w = Math.max(0, u1 - u0 + 1);
  const h = Math.max(0, v1 - v0 + 1);
  const mask = new Uint8Array(w * h);
  const xs: number[] = [];
  for (let v = v0; v <= v1; v++) {
    xs.length = 0;
    for (let k = 0; k < points.length; k++) {
      const [ua, va] = points[k]!;
      const [ub, vb] = points[(k + 1) % points.length]!;
      if (va === vb) continue;
      const lo = Math.min(va, vb);
      const hi = Math.max(va, vb);
      if (v < lo || v >= hi) continue;
      xs.push(ua + ((v - va) / (vb - va)) * (ub - ua));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(u0, Math.ceil(xs[k]!));
      const to = Math.min(u1, Math.ceil(xs[k + 1]!) - 1);
      for (let u = from; u <= to; u++) mask[u - u0 + w * (v - v0)] = 1;
    }
  }
  return { u0, v0, w, h, mask };
}

/**
 * The scissors edit of `label`: the shape drawn on slice `slice` of the view, swept along the
 * view's normal over the reach (this slice, ±N slices, or all), filled or erased inside (or
 * outside) it. Voxels that would not change (already the label when filling, not the label when
 * erasing) are left out, so "erase outside, all slices" stays as small as the label.
 */
export function scissorsEdit(grid: LabelGrid, label: number, shape: ScissorsShape, options: ScissorsOptions): VoxelEdit {
  const { u, v, n } = planeAxes(options.axis);
  const dims = grid.dims;
  const sm = rasterizeShape(shape, dims[u], dims[v], [grid.spacing[u], grid.spacing[v]]);
  const [s0, s1] = reachSlices(dims, options.axis, Math.round(options.slice), options.reach);
  const outside = options.region === 'outside';
  // Loop over the box the edit can touch, in flat (x-fastest) order so the list comes out ascending.
  const lo = [0, 0, 0];
  const hi = [dims[0] - 1, dims[1] - 1, dims[2] - 1];
  lo[n] = s0;
  hi[n] = s1;
  if (!outside) {
    lo[u] = sm.u0;
    hi[u] = sm.u0 + sm.w - 1;
    lo[v] = sm.v0;
    hi[v] = sm.v0 + sm.h - 1;
  }
  const out = new GrowU32();
  const labels = grid.labels;
  const fill = options.action === 'fill';
  const p = [0, 0, 0];
  for (let z = lo[2]!; z <= hi[2]!; z++) {
    p[2] = z;
    for (let y = lo[1]!; y <= hi[1]!; y++) {
      p[1] = y;
      const row = dims[0] * (y + dims[1] * z);
      for (let x = lo[0]!; x <= hi[0]!; x++) {
        p[0] = x;
        const mu = p[u]! - sm.u0;
        const mv = p[v]! - sm.v0;
        const inShape = mu >= 0 && mv >= 0 && mu < sm.w && mv < sm.h && sm.mask[mu + sm.w * mv] === 1;
        if (inShape === outside) continue;
        const i = row + x;
        if (fill ? labels[i] !== label : labels[i] === label) out.push(i);
      }
    }
  }
  const voxels = out.done();
  const empty = new Uint32Array(0);
  return fill ? { label, add: voxels, remove: empty } : { label, add: empty, remove: voxels };
}
