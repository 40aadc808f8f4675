import type { VolumeHeader } from '../../../../electron/common/contract';
import { worldToIndex } from './volume-input';

type Vec3 = readonly [number, number, number] | readonly number[];
type Grid = Pick<VolumeHeader, 'dims' | 'spacing' | 'origin' | 'direction'>;

/**
 * World point (LPS mm) of a continuous voxel index: origin + D·(spacing ⊙ ijk), with D
 * row-major and column j = world direction of voxel axis j. Inverse of `worldToIndex`.
 */
export function indexToWorld(ijk: Vec3, grid: Pick<Grid, 'spacing' | 'origin' | 'direction'>): [number, number, number] {
  const d = grid.direction;
  const s = [ijk[0]! * grid.spacing[0]!, ijk[1]! * grid.spacing[1]!, ijk[2]! * grid.spacing[2]!];
  const out: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < 3; r++) out[r] = grid.origin[r]! + d[3 * r]! * s[0]! + d[3 * r + 1]! * s[1]! + d[3 * r + 2]! * s[2]!;
  return out;
}

/** Nearest voxel of a world point, or null when it falls outside the grid. */
export function voxelOf(point: Vec3, grid: Grid): [number, number, number] | null {
  const c = worldToIndex(point, grid);
  const v: [number, number, number] = [Math.round(c[0]), Math.round(c[1]), Math.round(c[2])];
  for (let a = 0; a < 3; a++) if (v[a]! < 0 || v[a]! >= grid.dims[a]!) return null;
  return v;
}

/** HU of voxel (i, j, k) in x-fastest int16 voxels (index i + nx·(j + ny·k)). */
export function huAt(voxels: Int16Array, dims: readonly number[], ijk: Vec3): number {
  return voxels[ijk[0]! + dims[0]! * (ijk[1]! + dims[1]! * ijk[2]!)] ?? Number.NaN;
}

/** Signed distance (mm) of a point to the plane through `planePoint` with unit `normal`. */
export function planeDistance(point: Vec3, planePoint: Vec3, normal: Vec3): number {
  return (point[0]! - planePoint[0]!) * normal[0]! + (point[1]! - planePoint[1]!) * normal[1]! + (point[2]! - planePoint[2]!) * normal[2]!;
}

/** The foot of a point on the plane (point moved by −distance along the normal). */
export function projectOntoPlane(point: Vec3, planePoint: Vec3, normal: Vec3): [number, number, number] {
  const d = planeDistance(point, planePoint, normal);
  return [point[0]! - d * normal[0]!, point[1]! - d * normal[1]!, point[2]! - d * normal[2]!];
}

/**
 * Radius of the circle a plane cuts from a sphere of radius r whose centre is d mm from the
 * plane: √(r² − d²), or null when the plane misses the sphere.
 */
export function sectionRadius(r: number, d: number): number | null {
  if (!(r > 0) || Math.abs(d) > r) return null;
  return Math.sqrt(r * r - d * d);
}

/**
 * The circle a sphere (world centre, radius mm) shows on a view's slice plane: its centre
 * is the sphere centre's foot on the plane, its radius √(r² − d²); null off the sphere.
 */
export function sliceCircle(
  center: Vec3,
  radiusMm: number,
  planePoint: Vec3,
  normal: Vec3,
): { center: [number, number, number]; radiusMm: number } | null {
  const r = sectionRadius(radiusMm, planeDistance(center, planePoint, normal));
  return r === null ? null : { center: projectOntoPlane(center, planePoint, normal), radiusMm: r };
}

/**
 * Moves a camera so its focal plane passes through `point`, keeping the view direction and
 * the in-plane pan (for crosshairs: the other views move, they do not jump sideways).
 */
export function cameraThrough<C extends { focalPoint: Vec3; position: Vec3; viewPlaneNormal: Vec3 }>(
  camera: C,
  point: Vec3,
): { focalPoint: [number, number, number]; position: [number, number, number] } {
  const d = planeDistance(point, camera.focalPoint, camera.viewPlaneNormal);
  const n = camera.viewPlaneNormal;
  const move = (p: Vec3): [number, number, number] => [p[0]! + d * n[0]!, p[1]! + d * n[1]!, p[2]! + d * n[2]!];
  return { focalPoint: move(camera.focalPoint), position: move(camera.position) };
}

/** Camera centred on `point` (same view direction and distance). */
export function cameraCentredOn(
  camera: { focalPoint: Vec3; position: Vec3 },
  point: Vec3,
): { focalPoint: [number, number, number]; position: [number, number, number] } {
  const off = [camera.position[0]! - camera.focalPoint[0]!, camera.position[1]! - camera.focalPoint[1]!, camera.position[2]! - camera.focalPoint[2]!];
  return {
    focalPoint: [point[0]!, point[1]!, point[2]!],
    position: [point[0]! + off[0]!, point[1]! + off[1]!, point[2]! + off[2]!],
  };
}

/**
 * Parallel scale (half the view HEIGHT in mm, as vtk defines it) that fits a nodule of
 * `diameterMm` with its surroundings: three diameters across the narrower side of the view,
 * never less than 15 mm half-extent so a tiny mark still shows anatomy around it.
 * `aspect` = canvas height / width; a portrait pane needs a larger scale for the same width.
 */
export function fitScale(diameterMm: number | null, aspect = 1): number {
  const d = diameterMm !== null && diameterMm > 0 ? diameterMm : 10;
  const halfExtent = Math.max(15, 1.5 * d);
  return halfExtent * Math.max(1, Number.isFinite(aspect) && aspect > 0 ? aspect : 1);
}
