import { writeChunksAtomic } from '../io/write/npy-writer';
import type { WorldMesh } from './mesh-types';

/** Binary STL's 80-byte header; it must not start with "solid" (readers would take it for ASCII). */
export const STL_HEADER = 'LungDesk surface, world LPS mm (x = left, y = posterior, z = superior)';

/**
 * Binary STL: 80-byte header naming the coordinate system, triangle count, then per triangle
 * its unit facet normal (from the counter-clockwise winding, so outward), three corners
 * (float32 little-endian, world LPS mm) and a zero attribute word. Deterministic.
 */
export function encodeStl(mesh: Pick<WorldMesh, 'positions' | 'indices'>): Uint8Array {
  const { positions: p, indices } = mesh;
  const n = indices.length / 3;
  const buf = Buffer.alloc(84 + 50 * n);
  buf.write(STL_HEADER.padEnd(80, ' ').slice(0, 80), 0, 'latin1');
  buf.writeUInt32LE(n, 80);
  for (let t = 0, o = 84; t < n; t++, o += 50) {
    const a = 3 * indices[3 * t]!;
    const b = 3 * indices[3 * t + 1]!;
    const c = 3 * indices[3 * t + 2]!;
    const ux = p[b]! - p[a]!;
    const uy = p[b + 1]! - p[a + 1]!;
    const uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!;
    const vy = p[c + 1]! - p[a + 1]!;
    const vz = p[c + 2]! - p[a + 2]!;
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz);
    if (len > 0) {
      nx /= len;
      ny /= len;
      nz /= len;
    }
    buf.writeFloatLE(nx, o);
    buf.writeFloatLE(ny, o + 4);
    buf.writeFloatLE(nz, o + 8);
    for (let k = 0; k < 3; k++) {
      const v = [a, b, c][k]!;
      buf.writeFloatLE(p[v]!, o + 12 + 12 * k);
      buf.writeFloatLE(p[v + 1]!, o + 16 + 12 * k);
      buf.writeFloatLE(p[v + 2]!, o + 20 + 12 * k);
    }
    // attribute byte count stays 0 (Buffer.alloc zeroes)
  }
  return buf;
}

/** Writes a binary STL atomically; returns its size in bytes. */
export async function writeStl(path: string, mesh: Pick<WorldMesh, 'positions' | 'indices'>): Promise<number> {
  const bytes = encodeStl(mesh);
  await writeChunksAtomic(path, [bytes]);
  return bytes.byteLength;
}
