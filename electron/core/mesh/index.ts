export { makeSurface, makeLabelSurfaces, concatMeshes } from './make-surface';
export { weldVertices, openEdgeCount } from './weld';
export { smoothTaubin } from './smooth-taubin';
export { meshToWorld, vertexNormals, meshBounds } from './to-world';
export { encodeStl, writeStl, STL_HEADER } from './write-stl';
export { encodeObj, writeObj, type ObjGroup } from './write-obj';
export { encodeGltf, writeGltf, LPS_MM_TO_GLTF } from './write-gltf';
export { writeSurfaceFile, surfaceFormatOf } from './write-surface-file';
export type { MeshArrays, WorldMesh, MeshSource, MeshOptions, MeshStats } from './mesh-types';
