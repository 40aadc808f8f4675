/**
 * The shapes every mask-editing tool shares (issue 12). Tools are pure: they read a label grid
 * (and the CT's HU where they need it) and answer which voxels to add to or remove from one
 * label; the edit buffer applies that under the label locks and records the region diff that
 * undo, redo, the journal and save use. No tool writes the labelmap itself.
 */

/** A labelmap on the scan grid: one byte per voxel, x fastest (i = x + nx·(y + ny·z)). */
export interface LabelGrid {
  readonly dims: readonly [number, number, number];
  /** Voxel size in mm along x, y, z (the scan's spacing; z may differ from x, y). */
  readonly spacing: readonly [number, number, number];
  readonly labels: Uint8Array;
}

/** The CT under the labelmap, same grid: Hounsfield units (padding is −2000 or below). */
export interface HuGrid {
  readonly dims: readonly [number, number, number];
  readonly hu: Int16Array;
}

/**
 * What one tool application asks for on one label: flat voxel indices to set to `label`
 * (`add`) and to clear back to 0 where they hold `label` (`remove`). Both ascending, no
 * duplicates, inside the grid.
 */
export interface VoxelEdit {
  readonly label: number;
  readonly add: Uint32Array;
  readonly remove: Uint32Array;
}

/** A voxel position (integer indices) on the grid. */
export type Ijk = readonly [number, number, number];

/** Which plane a 2D tool works in: the view it was used on. */
export type SliceAxis = 'axial' | 'coronal' | 'sagittal';

/** How far a slice tool reaches through the volume. */
export type SliceReach = { kind: 'slice' } | { kind: 'slab'; halfSlices: number } | { kind: 'all' };
