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
  // Open addressing on the three float bit patterns: a string-keyed Map costs ~10× more here.
  let size = 1;
  while (size < nv * 2) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  const remap = new Uint32Array(nv);
  const first = new Uint32Array(nv); // welded id → its first source vertex
  let next = 0;
  for (let v = 0; v < nv; v++) {
    const a = bits[3 * v]!;
    const b = bits[3 * v + 1]!;
    const c = bits[3 * v + 2]!;
    let h = (Math.imul(a, 73856093) ^ Math.imul(b, 19349663) ^ Math.imul(c, 83492791)) & (size - 1);
    for (;;) {
      const id = table[h]!;
      if (id < 0) {
        table[h] = next;
        first[next] = v;
        remap[v] = next++;
        break;
      }
      const u = first[id]!;
      if (bits[3 * u] === a && bits[3 * u + 1] === b && bits[3 * u + 2] === c) {
        remap[v] = id;
        break;
      }
      h = (h + 1) & (size - 1);
    }
  }
  if (next === nv) return mesh; // nothing merged: keep the arrays as they are
  const out = new Float32Array(next * 3);
  for (let id = 0; id < next; id++) {
    const u = first[id]!;
    out[3 * id] = positions[3 * u]!;
    out[3 * id + 1] = positions[3 * u + 1]!;
    out[3 * id + 2] = positions[3 * u + 2]!;
  }
  const tri = new Uint32Array(indices.length);
  let n = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = remap[indices[t]!]!;
    const b = remap[indices[t + 1]!]!;
    const c = remap[indices[t + 2]!]!;
    if (a !== b && b !== c && a !== c) {
      tri[n++] = a;
      tri[n++] = b;
      tri[n++] = c;
    }
  }
  return { positions: out, indices: tri.slice(0, n) };
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
