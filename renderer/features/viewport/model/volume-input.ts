import type { VolumeHeader } from '../../../../electron/common/contract';

/** Lung window, the default display for chest CT. */
export const LUNG_WINDOW = { width: 1500, level: -600 } as const;

/** A window (width, level) as the lower/upper HU bounds Cornerstone calls a VOI range. */
export function voiRangeOf(w: { width: number; level: number }): { lower: number; upper: number } {
  return { lower: w.level - w.width / 2, upper: w.level + w.width / 2 };
}

/**
 * Our direction is row-major with COLUMN j = world direction of voxel axis j (ITK style);
 * Cornerstone/vtk want the three axis directions one after another (ROW j = axis j).
 * So the matrix is transposed.
 */
export function toCornerstoneDirection(direction: readonly number[]): number[] {
  if (direction.length !== 9) throw new Error(`direction must have 9 numbers, got ${direction.length}`);
  const d = direction as number[];
  return [d[0]!, d[3]!, d[6]!, d[1]!, d[4]!, d[7]!, d[2]!, d[5]!, d[8]!];
}

/**
 * The volume's int16 little-endian bytes as an Int16Array: a view when the bytes are
 * 2-byte aligned (the wire codec and structured clone both align them), a copy otherwise.
 * Throws when the byte count disagrees with the header's dims.
 */
export function int16Voxels(header: Pick<VolumeHeader, 'dims'>, bytes: Uint8Array): Int16Array {
  const [nx, ny, nz] = header.dims;
  const expected = nx * ny * nz * 2;
  if (bytes.byteLength !== expected) {
    throw new Error(`volume bytes: expected ${expected} (${nx}×${ny}×${nz} int16), got ${bytes.byteLength}`);
  }
  if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, expected / 2);
  return new Int16Array(bytes.slice().buffer);
}

/** 0-based index of the middle slice of n. */
export function middleSlice(n: number): number {
  return Math.max(0, Math.floor((n - 1) / 2));
}

/** "21/40": 1-based position for people, "–" while unknown. */
export function sliceLabel(index: number | null, count: number | null): string {
  if (index === null || count === null || count <= 0) return '–';
  return `${Math.min(count, Math.max(1, index + 1))}/${count}`;
}

/**
 * An id for Cornerstone's cache. No `scheme:` prefix: Cornerstone would look for a loader
 * registered for that scheme, and a local volume has none. A fresh suffix per load keeps a
 * reloaded scan from hitting a stale cache entry.
 */
export function volumeIdFor(scanId: number, load: number): string {
  return `lungdesk-scan-${scanId}-${load}`;
}

/**
 * Continuous voxel index (i, j, k) of a world point (LPS mm) on a grid, inverting
 * world = origin + D·(spacing ⊙ ijk). D (row-major, column j = axis j) is assumed
 * orthonormal, as every scan's direction cosines are, so its inverse is its transpose.
 */
export function worldToIndex(
  point: readonly number[],
  grid: { origin: readonly number[]; spacing: readonly number[]; direction: readonly number[] },
): [number, number, number] {
  const d = grid.direction;
  const p = [point[0]! - grid.origin[0]!, point[1]! - grid.origin[1]!, point[2]! - grid.origin[2]!];
  const out: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < 3; j++) {
    // (Dᵀ p)_j = Σ_r D[r][j] p_r
    const along = d[j]! * p[0]! + d[3 + j]! * p[1]! + d[6 + j]! * p[2]!;
    out[j] = along / grid.spacing[j]!;
  }
  return out;
}

/** The axial slice k (0-based, clamped) that a world point lies on. */
export function axialSliceOf(point: readonly number[], grid: Parameters<typeof worldToIndex>[1] & { dims: readonly number[] }): number {
  const k = Math.round(worldToIndex(point, grid)[2]);
  return Math.min(grid.dims[2]! - 1, Math.max(0, k));
}
