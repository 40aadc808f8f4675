import { marchingCubes, type Dims3 } from '../../../native/slice2d-mesh';
import { LungDeskError } from '../../common/errors';
import type { VolumeGeometry } from '../../common/geometry';
import { buildField, insideBox, type MeshField } from './mesh-field';
import type { MeshArrays, MeshOptions, MeshSource, MeshStats, WorldMesh } from './mesh-types';
import { smoothTaubin } from './smooth-taubin';
import { meshToWorld, vertexNormals } from './to-world';
import { weldVertices } from './weld';

/**
 * A closed surface of a mask's label set or of an HU threshold, in world LPS mm.
 *
 * Pipeline: crop to the inside voxels' bounding box, pad one voxel of outside (closed at
 * the scan's edges) → native marching cubes → weld → decimate → Taubin smoothing → world
 * LPS through the full direction matrix → area-weighted outward normals.
 *
 * Decimation is by resolution: when the full-resolution surface is over the triangle
 * budget, the field is box-averaged by an integer factor per axis (cells near-isotropic in
 * mm) and meshed again, the factor growing until the budget holds. Marching cubes on any
 * grid gives a closed, edge-manifold surface, so the decimated surface stays closed (unlike
 * vertex clustering) and its volume stays close to the mask's; it gives up the adaptivity
 * of quadric edge collapse (flat regions keep as many triangles as curved ones).
 */
export function makeSurface(src: MeshSource, g: VolumeGeometry, opts: MeshOptions): { mesh: WorldMesh; stats: MeshStats } {
  const dims = g.dims as Dims3;
  const cancelled = (): void => {
    if (opts.signal?.aborted) throw new LungDeskError('job.cancelled', 'meshing was cancelled');
  };
  cancelled();
  const box = insideBox(src, dims);
  if (!box) return { mesh: emptyMesh(), stats: { trianglesFull: 0, triangles: 0, factor: [1, 1, 1] } };
  let factor: [number, number, number] = [1, 1, 1];
  // Welding waits for the grid that is kept: the full-resolution pass often only counts triangles.
  let local = meshField(buildField(src, dims, box, factor), g);
  const trianglesFull = local.indices.length / 3;
  const minSpacing = Math.min(...g.spacing);
  // Triangle count scales with 1/cell²; aim a little under the budget, then step up until it holds.
  let step = Math.sqrt(trianglesFull / opts.triangleBudget) * 1.05;
  while (local.indices.length / 3 > opts.triangleBudget) {
    const next = g.spacing.map((s) => Math.max(1, Math.round((minSpacing * step) / s))) as [number, number, number];
    if (next.every((f, a) => f === factor[a])) {
      step *= 1.2;
      continue;
    }
    factor = next;
    cancelled();
    local = meshField(buildField(src, dims, box, factor), g);
    step *= 1.2;
    if (factor.some((f, a) => f > dims[a]!)) break; // coarser than the scan: nothing left to give
  }
  cancelled();
  local = weldVertices(local);
  smoothTaubin(local.positions, local.indices, opts.smoothIterations ?? smoothingFor(box, factor));
  clampToScan(local.positions, g);
  const world = meshToWorld(local, g);
  const normals = vertexNormals(world.positions, world.indices);
  return {
    mesh: { positions: world.positions, normals, indices: world.indices },
    stats: { trianglesFull, triangles: world.indices.length / 3, factor },
  };
}

/**
 * Taubin iterations for an object: 10, fewer for one only a few (kept-grid) voxels across,
 * whose whole shape lies above the filter's pass band (a 3-voxel nodule would lose half its
 * volume to 10 iterations; marching cubes alone already rounds it).
 */
function smoothingFor(box: { lo: number[]; hi: number[] }, factor: readonly number[]): number {
  const across = Math.min(...[0, 1, 2].map((a) => (box.hi[a]! - box.lo[a]! + 1) / factor[a]!));
  return Math.max(0, Math.min(10, Math.round(across - 4)));
}

/**
 * Keeps smoothed vertices inside the scanned box (voxel index −0.5 … n − 0.5 per axis): where
 * the object is cut by the scan's edge, the padding closes it half a voxel out, and Taubin's
 * inflating pass could push that cap a little beyond what was scanned.
 */
function clampToScan(p: Float32Array, g: VolumeGeometry): void {
  const lo = [0, 1, 2].map((a) => -0.5 * g.spacing[a]!);
  const hi = [0, 1, 2].map((a) => (g.dims[a]! - 0.5) * g.spacing[a]!);
  for (let i = 0; i < p.length; i++) {
    const a = i % 3;
    if (p[i]! < lo[a]!) p[i] = lo[a]!;
    else if (p[i]! > hi[a]!) p[i] = hi[a]!;
  }
}

/** Marching cubes on a field (not welded yet), in source-grid millimetres (index × spacing). */
function meshField(f: MeshField, g: VolumeGeometry): MeshArrays {
  const spacing = [0, 1, 2].map((a) => g.spacing[a]! * f.factor[a]!) as [number, number, number];
  const raw = marchingCubes(f.values, f.dims, f.level, { spacing });
  const shift = [0, 1, 2].map((a) => f.originIndex[a]! * g.spacing[a]!);
  const p = raw.vertices;
  for (let i = 0; i < p.length; i += 3) {
    p[i] = p[i]! + shift[0]!;
    p[i + 1] = p[i + 1]! + shift[1]!;
    p[i + 2] = p[i + 2]! + shift[2]!;
  }
  return { positions: p, indices: raw.faces };
}

function emptyMesh(): WorldMesh {
  return { positions: new Float32Array(0), normals: new Float32Array(0), indices: new Uint32Array(0) };
}

/** One part per label value, in the order given, concatenated: triangle ranges per label. */
export function makeLabelSurfaces(
  mask: Uint8Array,
  labels: readonly number[],
  g: VolumeGeometry,
  opts: MeshOptions,
): { mesh: WorldMesh; groups: { label: number; start: number; count: number }[]; stats: MeshStats } {
  return makePartSurfaces(mask, labels.map((label) => ({ label, values: [label] })), g, opts);
}

/**
 * One part per entry (the voxels holding any of its values), in order, concatenated; the
 * triangle budget is shared evenly. Groups give each part's triangle range.
 */
export function makePartSurfaces(
  mask: Uint8Array,
  parts: readonly { label: number; values: readonly number[] }[],
  g: VolumeGeometry,
  opts: MeshOptions,
): { mesh: WorldMesh; groups: { label: number; start: number; count: number }[]; stats: MeshStats } {
  const perPart = Math.max(100, Math.floor(opts.triangleBudget / Math.max(1, parts.length)));
  const made = parts.map((p) => ({ label: p.label, ...makeSurface({ kind: 'labels', mask, values: p.values }, g, { ...opts, triangleBudget: perPart }) }));
  const mesh = concatMeshes(made.map((p) => p.mesh));
  const groups: { label: number; start: number; count: number }[] = [];
  let start = 0;
  for (const p of made) {
    const count = p.mesh.indices.length / 3;
    groups.push({ label: p.label, start, count });
    start += count;
  }
  const stats: MeshStats = {
    trianglesFull: made.reduce((s, p) => s + p.stats.trianglesFull, 0),
    triangles: start,
    factor: made.reduce<[number, number, number]>((m, p) => [Math.max(m[0], p.stats.factor[0]), Math.max(m[1], p.stats.factor[1]), Math.max(m[2], p.stats.factor[2])], [1, 1, 1]),
  };
  return { mesh, groups, stats };
}

export function concatMeshes(parts: readonly WorldMesh[]): WorldMesh {
  const nv = parts.reduce((s, p) => s + p.positions.length, 0);
  const ni = parts.reduce((s, p) => s + p.indices.length, 0);
  const positions = new Float32Array(nv);
  const normals = new Float32Array(nv);
  const indices = new Uint32Array(ni);
  let vo = 0;
  let io = 0;
  for (const p of parts) {
    positions.set(p.positions, vo);
    normals.set(p.normals, vo);
    const base = vo / 3;
    for (let i = 0; i < p.indices.length; i++) indices[io + i] = p.indices[i]! + base;
    vo += p.positions.length;
    io += p.indices.length;
  }
  return { positions, normals, indices };
}
