/** What lies under the cursor: voxel index, world point (LPS mm) and HU. */
export interface CursorSample {
  voxel: readonly number[] | null;
  world: readonly number[];
  hu: number | null;
  /** The voxel lies on the slot of a missing slice (padding, no measurement). */
  missing?: boolean;
}

const mm = (v: number): string => (Object.is(Math.round(v * 10) / 10, -0) ? 0 : Math.round(v * 10) / 10).toFixed(1);

/**
 * "i 12 j 40 k 7 · x −12.3 y 4.0 z −100.5 mm · −850 HU"; outside the volume the voxel and HU
 * parts say so instead of showing clamped numbers, and on a missing slice the HU part says
 * that instead of the padding value.
 */
export function formatReadout(s: CursorSample | null): string {
  if (!s) return '–';
  const world = `x ${mm(s.world[0]!)} y ${mm(s.world[1]!)} z ${mm(s.world[2]!)} mm`;
  if (!s.voxel) return `outside volume · ${world}`;
  const hu = s.missing ? 'missing slice (padding)' : s.hu === null || Number.isNaN(s.hu) ? '– HU' : `${s.hu} HU`;
  return `i ${s.voxel[0]} j ${s.voxel[1]} k ${s.voxel[2]} · ${world} · ${hu}`;
}
