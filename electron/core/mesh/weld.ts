import type { MeshArrays } from './mesh-types';

/**
 * Merges vertices with bit-identical positions and drops triangles that collapse (two equal
 * corners). The native marching cubes already shares edge vertices between cubes, but an
 * iso-level equal to a voxel's value puts vertices of several edges on the same grid point;
 * welding those makes the mesh closed in the edge-count sense and lets smoothing see one vertex.
 */
export function weldVertices(mesh: MeshArrays): MeshArrays {
  const { positions, indices } = mesh;
  const nv = positions.length / 3;
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, positions.length);
  const remap = new Uint32Array(nv);
  const seen = new Map<string, number>();
  const out: number[] = [];
  let next = 0;
  for (let v = 0; v < nv; v++) {
    const key = `${bits[3 * v]},${bits[3 * v + 1]},${bits[3 * v + 2]}`;
    let id = seen.get(key);
    if (id === undefined) {
      id = next++;
      seen.set(key, id);
      out.push(positions[3 * v]!, positions[3 * v + 1]!, positions[3 * v + 2]!);
    }
    remap[v] = id;
  }
  if (next === nv) return mesh; // nothing merged: keep the arrays as they are
  const tri: number[] = [];
  for (let t = 0; t < indices.length; t += 3) {
    const a = remap[indices[t]!]!;
    const b = remap[indices[t + 1]!]!;
    const c = remap[indices[t + 2]!]!;
    if (a !== b && b !== c && a !== c) tri.push(a, b, c);
  }
  return { positions: new Float32Array(out), indices: new Uint32Array(tri) };
}

/** Undirected edges used by other than exactly two triangles (0 for a closed 2-manifold-edged mesh). */
export function openEdgeCount(indices: Uint32Array): number {
  const uses = new Map<number, number>();
  for (let t = 0; t < indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e]!;
      const b = indices[t + ((e + 1) % 3)]!;
      const key = a < b ? a * 4294967296 + b : b * 4294967296 + a;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  let bad = 0;
  for (const c of uses.values()) if (c !== 2) bad++;
  return bad;
}
