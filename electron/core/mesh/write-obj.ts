import { writeChunksAtomic } from '../io/write/npy-writer';
import type { WorldMesh } from './mesh-types';

export interface ObjGroup {
  name: string;
  start: number;
  count: number;
}

const fmt = (v: number): string => (Object.is(v, -0) ? 0 : v).toFixed(4);

/**
 * Wavefront OBJ: a comment header naming world LPS mm, `v` / `vn` lines (4 decimals, 0.1 µm),
 * then faces `f a//a b//b c//c` (1-based, counter-clockwise seen from outside), one `g` block
 * per group (lesion) when groups are given. Deterministic text.
 */
export function encodeObj(mesh: WorldMesh, groups: readonly ObjGroup[] = [], title = 'surface'): Uint8Array {
  const lines: string[] = [
    `# LungDesk ${title}`,
    '# coordinates: world LPS millimetres (x = left, y = posterior, z = superior), as DICOM patient coordinates',
    `# vertices ${mesh.positions.length / 3}, triangles ${mesh.indices.length / 3}`,
  ];
  const p = mesh.positions;
  const n = mesh.normals;
  for (let i = 0; i < p.length; i += 3) lines.push(`v ${fmt(p[i]!)} ${fmt(p[i + 1]!)} ${fmt(p[i + 2]!)}`);
  for (let i = 0; i < n.length; i += 3) lines.push(`vn ${fmt(n[i]!)} ${fmt(n[i + 1]!)} ${fmt(n[i + 2]!)}`);
  const parts = groups.length > 0 ? groups : [{ name: title, start: 0, count: mesh.indices.length / 3 }];
  for (const g of parts) {
    lines.push(`g ${g.name.replace(/\s+/g, '_')}`);
    for (let t = g.start; t < g.start + g.count; t++) {
      const a = mesh.indices[3 * t]! + 1;
      const b = mesh.indices[3 * t + 1]! + 1;
      const c = mesh.indices[3 * t + 2]! + 1;
      lines.push(`f ${a}//${a} ${b}//${b} ${c}//${c}`);
    }
  }
  lines.push('');
  return Buffer.from(lines.join('\n'), 'utf8');
}

export async function writeObj(path: string, mesh: WorldMesh, groups: readonly ObjGroup[] = [], title?: string): Promise<number> {
  const bytes = encodeObj(mesh, groups, title);
  await writeChunksAtomic(path, [bytes]);
  return bytes.byteLength;
}
