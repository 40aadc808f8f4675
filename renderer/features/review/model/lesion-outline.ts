import type { BoxMask } from './rle-mask';

/** A segment between two voxel-grid points (continuous voxel indices; voxel centres are integers). */
export type Segment = [[number, number, number], [number, number, number]];

/**
 * The outline a mask shows on one slice of the grid: the edges between its voxels and the
 * voxels outside it, on the slice `index` of voxel axis `axis` (2: axial k, 1: coronal j,
 * 0: sagittal i). Edges lie on the voxels' boundaries (±0.5), so the drawing follows the
 * mask's voxels exactly, a staircase where the mask is one.
 */
export function outlineSegments(m: BoxMask, axis: 0 | 1 | 2, index: number): Segment[] {
  const lo = [m.bbox.x0, m.bbox.y0, m.bbox.z0];
  const size = [m.w, m.h, m.d];
  const local = index - lo[axis]!;
  if (local < 0 || local >= size[axis]!) return [];
  // The slice's two in-plane axes, u and v.
  const [ua, va] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const at = (u: number, v: number): number => {
    if (u < 0 || v < 0 || u >= size[ua]! || v >= size[va]!) return 0;
    const c = [0, 0, 0];
    c[axis] = local;
    c[ua] = u;
    c[va] = v;
    return m.mask[c[0]! + m.w * (c[1]! + m.h * c[2]!)]!;
  };
  const point = (u: number, v: number): [number, number, number] => {
    const p: [number, number, number] = [0, 0, 0];
    p[axis] = index;
    p[ua] = lo[ua]! + u;
    p[va] = lo[va]! + v;
    return p;
  };
  const out: Segment[] = [];
  for (let v = 0; v < size[va]!; v++) {
    for (let u = 0; u < size[ua]!; u++) {
      if (!at(u, v)) continue;
      if (!at(u - 1, v)) out.push([point(u - 0.5, v - 0.5), point(u - 0.5, v + 0.5)]);
      if (!at(u + 1, v)) out.push([point(u + 0.5, v - 0.5), point(u + 0.5, v + 0.5)]);
      if (!at(u, v - 1)) out.push([point(u - 0.5, v - 0.5), point(u + 0.5, v - 0.5)]);
      if (!at(u, v + 1)) out.push([point(u - 0.5, v + 0.5), point(u + 0.5, v + 0.5)]);
    }
  }
  return out;
}

/**
 * Which voxel axis a view looks along, from its plane normal and the grid's direction matrix
 * (row-major; column j is voxel axis j): the axis whose direction is within ~1° of the
 * normal, or null for an oblique view (outlines are then not drawn, circles are).
 */
export function viewAxis(normal: readonly number[], direction: readonly number[]): 0 | 1 | 2 | null {
  for (const a of [0, 1, 2] as const) {
    const dot = normal[0]! * direction[a]! + normal[1]! * direction[3 + a]! + normal[2]! * direction[6 + a]!;
    if (Math.abs(dot) > 0.9998) return a;
  }
  return null;
}
