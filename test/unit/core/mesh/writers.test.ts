import { describe, expect, it } from 'vitest';
import { encodeGltf, encodeObj, encodeStl, LPS_MM_TO_GLTF, makeLabelSurfaces, STL_HEADER } from '../../../../electron/core/mesh';

// Two balls labelled 2 and 5 on a small grid with a non-zero origin: a two-part surface.
const dims: [number, number, number] = [30, 24, 20];
const geometry = { dims, spacing: [1.2, 1.2, 2] as [number, number, number], origin: [-40, 10, -200] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
for (const [cx, cy, cz, r, label] of [[8, 12, 10, 5, 2], [21, 12, 10, 4, 5]] as const) {
  for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) {
    if (((x - cx) * 1.2) ** 2 + ((y - cy) * 1.2) ** 2 + ((z - cz) * 2) ** 2 <= (r * 1.2) ** 2) mask[x + dims[0] * (y + dims[1] * z)] = label;
  }
}
const { mesh, groups } = makeLabelSurfaces(mask, [2, 5], geometry, { triangleBudget: 100_000 });
const named = groups.map((g) => ({ name: `lesion ${g.label}`, start: g.start, count: g.count }));

/** A tiny OBJ reader: v, vn, f a//a b//b c//c and g lines. */
function parseObj(text: string): { v: number[][]; vn: number[][]; f: number[][]; groups: string[]; comments: string[] } {
  const out = { v: [] as number[][], vn: [] as number[][], f: [] as number[][], groups: [] as string[], comments: [] as string[] };
  for (const line of text.split('\n')) {
    const [tag, ...rest] = line.trim().split(/\s+/);
    if (tag === 'v') out.v.push(rest.map(Number));
    else if (tag === 'vn') out.vn.push(rest.map(Number));
    else if (tag === 'f') out.f.push(rest.map((r) => Number(r.split('//')[0])));
    else if (tag === 'g') out.groups.push(rest.join(' '));
    else if (tag === '#') out.comments.push(line);
  }
  return out;
}

describe('surface file writers', () => {
  it('binary STL: header names LPS mm, 50 bytes a triangle', () => {
    const b = Buffer.from(encodeStl(mesh));
    expect(b.toString('latin1', 0, 80).trimEnd()).toBe(STL_HEADER);
    expect(STL_HEADER.startsWith('solid')).toBe(false);
    expect(b.readUInt32LE(80)).toBe(mesh.indices.length / 3);
    expect(b.length).toBe(84 + 50 * (mesh.indices.length / 3));
  });

  it('OBJ: names LPS mm, one vertex and normal line per vertex, 1-based faces, a group per lesion', () => {
    const o = parseObj(Buffer.from(encodeObj(mesh, named, 'nodules')).toString('utf8'));
    expect(o.comments.join('\n')).toMatch(/LPS millimetres/);
    expect(o.v.length).toBe(mesh.positions.length / 3);
    expect(o.vn.length).toBe(o.v.length);
    expect(o.f.length).toBe(mesh.indices.length / 3);
    expect(Math.min(...o.f.flat())).toBe(1);
    expect(Math.max(...o.f.flat())).toBe(o.v.length);
    expect(o.groups).toEqual(['lesion_2', 'lesion_5']);
    expect(o.v[0]![0]).toBeCloseTo(mesh.positions[0]!, 3);
  });

  it('glTF: valid JSON, the buffer decodes, accessor counts and bounds right, LPS mm named in asset.extras', () => {
    const doc = JSON.parse(Buffer.from(encodeGltf(mesh, named, 'nodules')).toString('utf8'));
    expect(doc.asset.version).toBe('2.0');
    expect(doc.asset.extras).toMatchObject({ coordinateSystem: 'LPS', units: 'mm' });
    expect(doc.nodes[0].matrix).toEqual([...LPS_MM_TO_GLTF]);
    const uri: string = doc.buffers[0].uri;
    const bin = Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
    expect(bin.length).toBe(doc.buffers[0].byteLength);
    const [pos, nrm] = doc.accessors;
    expect(pos.count).toBe(mesh.positions.length / 3);
    expect(nrm.count).toBe(pos.count);
    const prims = doc.meshes[0].primitives;
    expect(prims.length).toBe(2);
    expect(prims.map((p: { indices: number }) => doc.accessors[p.indices].count)).toEqual(groups.map((g) => g.count * 3));
    // Read positions back from the buffer through the accessor's view and check min/max.
    const view = doc.bufferViews[pos.bufferView];
    const p = new Float32Array(bin.buffer.slice(bin.byteOffset + view.byteOffset, bin.byteOffset + view.byteOffset + view.byteLength));
    expect(Array.from(p)).toEqual(Array.from(mesh.positions));
    for (let a = 0; a < 3; a++) {
      let mn = Infinity, mx = -Infinity;
      for (let i = a; i < p.length; i += 3) { mn = Math.min(mn, p[i]!); mx = Math.max(mx, p[i]!); }
      expect(pos.min[a]).toBe(mn);
      expect(pos.max[a]).toBe(mx);
    }
    // Indices of the second primitive read through its byteOffset stay in range.
    const iv = doc.bufferViews[2];
    const second = doc.accessors[prims[1].indices];
    const idx = new Uint32Array(bin.buffer.slice(bin.byteOffset + iv.byteOffset + second.byteOffset, bin.byteOffset + iv.byteOffset + second.byteOffset + second.count * 4));
    expect(Math.max(...idx)).toBeLessThan(pos.count);
  });

  it('every writer is deterministic', () => {
    for (const enc of [() => encodeStl(mesh), () => encodeObj(mesh, named), () => encodeGltf(mesh, named)]) {
      expect(Buffer.from(enc()).equals(Buffer.from(enc()))).toBe(true);
    }
  });
});
