/** What lies under the cursor: voxel index, world point (LPS mm) and HU. */
export interface CursorSample {
  voxel: readonly number[] | null;
  world: readonly number[];
  hu: number | null;
  /** The voxel lies on the slot of a missing slice (padding, no measurement). */
  missing?: boolean;
}

/** The readout's parts, in the order shown: the value first, so a narrow bar never hides it. */
export interface ReadoutParts {
  /** "−850 HU"; "– HU" while the voxel's slice has not arrived; "outside volume". */
  value: string;
  /** "i 12 j 40 k 7", or null outside the volume (no clamped indices). */
  voxel: string | null;
  /** "x −12.3 y 4.0 z −100.5 mm" (LPS). */
  world: string;
}

const mm = (v: number): string => (Object.is(Math.round(v * 10) / 10, -0) ? 0 : Math.round(v * 10) / 10).toFixed(1);

export function readoutParts(s: CursorSample): ReadoutParts {
  const world = `x ${mm(s.world[0]!)} y ${mm(s.world[1]!)} z ${mm(s.world[2]!)} mm`;
  if (!s.voxel) return { value: 'outside volume', voxel: null, world };
  const value = s.missing ? 'missing slice (padding)' : s.hu === null || Number.isNaN(s.hu) ? '– HU' : `${s.hu} HU`;
  return { value, voxel: `i ${s.voxel[0]} j ${s.voxel[1]} k ${s.voxel[2]}`, world };
}

/**
 * "−850 HU · i 12 j 40 k 7 · x −12.3 y 4.0 z −100.5 mm"; outside the volume the value says
 * so and the voxel part is left out instead of showing clamped numbers; on a missing slice
 * the value says that instead of the padding value.
 */
export function formatReadout(s: CursorSample | null): string {
  if (!s) return '–';
  const p = readoutParts(s);
  return [p.value, p.voxel, p.world].filter((x): x is string => x !== null).join(' · ');
}
