import { LungDeskError } from '../../common/errors';
import type { WorldMesh } from './mesh-types';
import { writeGltf } from './write-gltf';
import { writeObj, type ObjGroup } from './write-obj';
import { writeStl } from './write-stl';

export type SurfaceFileFormat = 'stl' | 'obj' | 'gltf';

/** The format a file name asks for, by extension; a clear error for anything else. */
export function surfaceFormatOf(file: string): SurfaceFileFormat {
  const m = /\.(stl|obj|gltf)$/i.exec(file);
  if (!m) throw new LungDeskError('contract.bad-input', `${file}: the surface file must end in .stl, .obj or .gltf`, { file });
  return m[1]!.toLowerCase() as SurfaceFileFormat;
}

/** Writes a surface in one of the three formats, atomically; returns the bytes written. */
export async function writeSurfaceFile(path: string, format: SurfaceFileFormat, mesh: WorldMesh, groups: readonly ObjGroup[] = [], title?: string): Promise<number> {
  if (mesh.indices.length === 0) throw new LungDeskError('not-found', `${path}: the surface is empty (no voxels inside the mask or above the threshold)`, { file: path });
  if (format === 'stl') return writeStl(path, mesh);
  if (format === 'obj') return writeObj(path, mesh, groups, title);
  return writeGltf(path, mesh, groups, title);
}
