import type { VolumeGeometry } from '../../common/geometry';

/** A triangle mesh: (x, y, z) Float32 triples, Uint32 index triples (counter-clockwise seen from outside). */
export interface MeshArrays {
  positions: Float32Array;
  indices: Uint32Array;
  /** Per-vertex unit normals pointing out of the surface; absent until computed. */
  normals?: Float32Array;
}

/** A finished surface part: world LPS mm, outward normals. */
export interface WorldMesh {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
}

/** What to mesh: voxels whose mask value is one of `values`, or HU above `thresholdHu`. */
export type MeshSource =
  | { kind: 'labels'; mask: Uint8Array; values: readonly number[] }
  | { kind: 'threshold'; hu: Int16Array; thresholdHu: number };

export interface MeshOptions {
  /** Triangles at most after decimation. */
  triangleBudget: number;
  /** Taubin iterations (each a λ pass and a μ pass); 0 for none. Default 10, fewer for objects under 14 voxels across. */
  smoothIterations?: number;
  /** Checked between passes: an aborted signal ends the meshing with job.cancelled. */
  signal?: AbortSignal;
}

/** Figures of one meshing, for the CLI's --json and the bench. */
export interface MeshStats {
  /** Triangles of the full-resolution marching cubes. */
  trianglesFull: number;
  /** Triangles after decimation. */
  triangles: number;
  /** Grid coarsening factor per axis that met the budget (1 = full resolution). */
  factor: [number, number, number];
}

export type Geometry = VolumeGeometry;
