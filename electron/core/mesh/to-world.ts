import type { VolumeGeometry } from '../../common/geometry';
import type { MeshArrays, WorldMesh } from './mesh-types';

/**
 * Maps a mesh from field-millimetre coordinates (x, y, z = voxel index × spacing, relative to
 * voxel 0 of the source grid) to world LPS mm through the full direction matrix:
 * world = origin + D · local. A mirroring matrix (det < 0) reverses every triangle so the
 * winding stays counter-clockwise seen from outside.
 */
export function meshToWorld(mesh: MeshArrays, g: VolumeGeometry): MeshArrays {
  const d = g.direction;
  const o = g.origin;
  const p = mesh.positions;
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    const a = p[i]!;
    const b = p[i + 1]!;
    const c = p[i + 2]!;
    out[i] = o[0] + d[0]! * a + d[1]! * b + d[2]! * c;
    out[i + 1] = o[1] + d[3]! * a + d[4]! * b + d[5]! * c;
    out[i + 2] = o[2] + d[6]! * a + d[7]! * b + d[8]! * c;
  }
  const det = d[0]! * (d[4]! * d[8]! - d[5]! * d[7]!) - d[1]! * (d[3]! * d[8]! - d[5]! * d[6]!) + d[2]! * (d[3]! * d[7]! - d[4]! * d[6]!);
  let indices = mesh.indices;
  if (det < 0) {
    indices = indices.slice();
    for (let t = 0; t < indices.length; t += 3) {
      const b = indices[t + 1]!;
      indices[t + 1] = indices[t + 2]!;
      indices[t + 2] = b;
    }
  }
  return { positions: out, indices };
}

/**
 * Area-weighted vertex normals from counter-clockwise triangles: outward for a closed surface
 * wound as marching cubes winds a bright object.
 */
export function vertexNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const n = new Float64Array(positions.length);
  for (let t = 0; t < indices.length; t += 3) {
    const a = 3 * indices[t]!;
    const b = 3 * indices[t + 1]!;
    const c = 3 * indices[t + 2]!;
    const ux = positions[b]! - positions[a]!;
    const uy = positions[b + 1]! - positions[a + 1]!;
    const uz = positions[b + 2]! - positions[a + 2]!;
    const vx = positions[c]! - positions[a]!;
    const vy = positions[c + 1]! - positions[a + 1]!;
    const vz = positions[c + 2]! - positions[a + 2]!;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    for (const v of [a, b, c]) {
      n[v] = n[v]! + nx;
      n[v + 1] = n[v + 1]! + ny;
      n[v + 2] = n[v + 2]! + nz;
    }
  }
  const out = new Float32Array(positions.length);
  for (let i = 0; i < n.length; i += 3) {
    const len = Math.hypot(n[i]!, n[i + 1]!, n[i + 2]!);
    if (len > 0) {
      out[i] = n[i]! / len;
      out[i + 1] = n[i + 1]! / len;
      out[i + 2] = n[i + 2]! / len;
    }
  }
  return out;
}

/** Axis-aligned bounds of (x, y, z) triples; zeros for an empty mesh. */
export function meshBounds(positions: Float32Array): { min: [number, number, number]; max: [number, number, number] } {
  if (positions.length === 0) return { min: [0, 0, 0], max: [0, 0, 0] };
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      const v = positions[i + a]!;
      if (v < min[a]!) min[a] = v;
      if (v > max[a]!) max[a] = v;
    }
  }
  return { min, max };
}

export type { WorldMesh };
