/**
 * A coronal or sagittal plane of an int16 volume as a 2D image, for a picture drawn on the
 * CPU where the volume viewport would draw that plane: on a software GPU the views' first
 * draw of a whole volume costs ~100 ms (the texture written, a ray cast per view), a plane
 * cut here ~1 ms.
 */

/** Which voxel axis a plane is across: 1 coronal (constant j), 0 sagittal (constant i). */
export type PlaneAxis = 0 | 1;

/** The axis a pane's plane cuts across: coronal and sagittal; null for any other pane. */
export function planeAxisOfPane(paneId: string): PlaneAxis | null {
  return paneId === 'coronal' ? 1 : paneId === 'sagittal' ? 0 : null;
}

export interface PlaneTile {
  /** HU, u fastest: u along the volume's other in-plane axis (i for coronal, j for sagittal), v along k. */
  values: Int16Array;
  width: number;
  height: number;
}

/**
 * The plane at continuous voxel index `t` across `axis` (0 ≤ t ≤ n − 1), linearly
 * interpolated between its two nearest voxel planes as a texture's linear filter does along
 * that axis, rounded to whole HU (a window of ≥ 1 HU per grey never shows the difference).
 * Null when `t` lies outside the volume.
 */
export function planeTile(voxels: Int16Array, dims: readonly [number, number, number], axis: PlaneAxis, t: number, out?: Int16Array): PlaneTile | null {
  const [nx, ny, nz] = dims;
  const n = axis === 1 ? ny : nx;
  if (!(t >= 0 && t <= n - 1)) return null;
  const width = axis === 1 ? nx : ny;
  const height = nz;
  const values = out && out.length === width * height ? out : new Int16Array(width * height);
  const p0 = Math.floor(t);
  const p1 = Math.min(n - 1, p0 + 1);
  const w = t - p0;
  const sliceSize = nx * ny;
  for (let k = 0; k < nz; k++) {
    const row = k * width;
    const base = k * sliceSize;
    if (axis === 1) {
      const a = base + p0 * nx;
      const b = base + p1 * nx;
      if (w === 0) values.set(voxels.subarray(a, a + nx), row);
      else for (let i = 0; i < nx; i++) values[row + i] = Math.round(voxels[a + i]! + (voxels[b + i]! - voxels[a + i]!) * w);
    } else {
      for (let j = 0; j < ny; j++) {
        const a = voxels[base + j * nx + p0]!;
        values[row + j] = w === 0 ? a : Math.round(a + (voxels[base + j * nx + p1]! - a) * w);
      }
    }
  }
  return { values, width, height };
}

/**
 * The continuous voxel index across `axis` of a view whose camera looks along
 * `viewPlaneNormal` through `focalPoint`, when that normal is the axis' own direction (the
 * view cuts the volume along its voxel planes); null for an oblique view.
 */
export function planeIndex(
  grid: { origin: readonly number[]; spacing: readonly number[]; direction: readonly number[] },
  axis: PlaneAxis,
  focalPoint: readonly number[],
  viewPlaneNormal: readonly number[],
): number | null {
  const d = grid.direction;
  // Column `axis` of the row-major direction matrix: the axis' world direction.
  const dir = [d[axis]!, d[3 + axis]!, d[6 + axis]!];
  const norm = Math.hypot(viewPlaneNormal[0]!, viewPlaneNormal[1]!, viewPlaneNormal[2]!);
  const cos = (dir[0]! * viewPlaneNormal[0]! + dir[1]! * viewPlaneNormal[1]! + dir[2]! * viewPlaneNormal[2]!) / (norm || 1);
  if (Math.abs(Math.abs(cos) - 1) > 1e-6) return null;
  const rel = [focalPoint[0]! - grid.origin[0]!, focalPoint[1]! - grid.origin[1]!, focalPoint[2]! - grid.origin[2]!];
  return (dir[0]! * rel[0]! + dir[1]! * rel[1]! + dir[2]! * rel[2]!) / grid.spacing[axis]!;
}
