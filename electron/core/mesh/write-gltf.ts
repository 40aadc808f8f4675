import { writeChunksAtomic } from '../io/write/npy-writer';
import { meshBounds } from './to-world';
import type { WorldMesh } from './mesh-types';
import type { ObjGroup } from './write-obj';

/**
 * LPS mm → glTF's convention (+Y up, +Z front, +X the model's left, metres): x stays (left),
 * superior becomes +Y, anterior (−posterior) becomes +Z, × 0.001. A proper rotation (det +1),
 * so windings stay outward. Column-major as glTF stores node matrices.
 */
export const LPS_MM_TO_GLTF: readonly number[] = [0.001, 0, 0, 0, 0, 0, -0.001, 0, 0, 0.001, 0, 0, 0, 0, 0, 1];

/**
 * glTF 2.0 (.gltf JSON, one embedded base64 buffer). The vertex data are world LPS mm
 * exactly as the 3D pane and the STL/OBJ files have them; the one root node carries
 * `LPS_MM_TO_GLTF`, so glTF viewers show the patient upright in metres while a reader that
 * wants patient coordinates takes the accessors as they are. `asset.extras.coordinateSystem`
 * says so. One primitive per group (lesion), all sharing the position and normal accessors.
 */
export function encodeGltf(mesh: WorldMesh, groups: readonly ObjGroup[] = [], title = 'surface'): Uint8Array {
  const posBytes = mesh.positions.byteLength;
  const nrmBytes = mesh.normals.byteLength;
  const idxBytes = mesh.indices.byteLength;
  const bin = Buffer.alloc(posBytes + nrmBytes + idxBytes);
  Buffer.from(mesh.positions.buffer, mesh.positions.byteOffset, posBytes).copy(bin, 0);
  Buffer.from(mesh.normals.buffer, mesh.normals.byteOffset, nrmBytes).copy(bin, posBytes);
  Buffer.from(mesh.indices.buffer, mesh.indices.byteOffset, idxBytes).copy(bin, posBytes + nrmBytes);
  const nv = mesh.positions.length / 3;
  const bounds = meshBounds(mesh.positions);
  // Empty groups (a lesion with no voxels) get no primitive: glTF accessors need count ≥ 1.
  const parts = (groups.length > 0 ? groups : [{ name: title, start: 0, count: mesh.indices.length / 3 }]).filter((g) => g.count > 0);
  const accessors: object[] = [
    { bufferView: 0, componentType: 5126, count: nv, type: 'VEC3', min: bounds.min.map(Math.fround), max: bounds.max.map(Math.fround) },
    { bufferView: 1, componentType: 5126, count: nv, type: 'VEC3' },
    ...parts.map((g) => ({ bufferView: 2, byteOffset: g.start * 12, componentType: 5125, count: g.count * 3, type: 'SCALAR' })),
  ];
  const doc = {
    asset: {
      version: '2.0',
      generator: 'LungDesk',
      extras: {
        coordinateSystem: 'LPS',
        units: 'mm',
        note: 'Accessor data are world LPS millimetres (DICOM patient coordinates: x = left, y = posterior, z = superior). The root node matrix maps them to glTF +Y up metres for display.',
      },
    },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ name: title, mesh: 0, matrix: [...LPS_MM_TO_GLTF] }],
    meshes: [{ name: title, primitives: parts.map((_, i) => ({ attributes: { POSITION: 0, NORMAL: 1 }, indices: 2 + i, mode: 4 })), extras: { groups: parts.map((g) => g.name) } }],
    accessors,
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: posBytes, target: 34962 },
      { buffer: 0, byteOffset: posBytes, byteLength: nrmBytes, target: 34962 },
      { buffer: 0, byteOffset: posBytes + nrmBytes, byteLength: idxBytes, target: 34963 },
    ],
    buffers: [{ byteLength: bin.byteLength, uri: `data:application/octet-stream;base64,${bin.toString('base64')}` }],
  };
  return Buffer.from(`${JSON.stringify(doc, null, 1)}\n`, 'utf8');
}

export async function writeGltf(path: string, mesh: WorldMesh, groups: readonly ObjGroup[] = [], title?: string): Promise<number> {
  const bytes = encodeGltf(mesh, groups, title);
  await writeChunksAtomic(path, [bytes]);
  return bytes.byteLength;
}
