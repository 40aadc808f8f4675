import type { ToolId } from '../model/editor-commands';
import type { HuGrid, LabelGrid, SliceAxis, SliceReach, VoxelEdit } from '../model/voxel-edit';

/** A point in continuous voxel index coordinates (i, j, k; voxel centres at integers). */
export type IndexPoint = readonly [number, number, number];

/** Every tool's settings, each tool reading the ones it needs; the toolbar edits them. */
export interface ToolParams {
  /** Brush diameter, mm. */
  brushMm: number;
  /** Sphere (3D) instead of a circle on the slice. */
  sphere: boolean;
  /** HU range the threshold brush paints. */
  huRange: readonly [number, number];
  /** How far scissors cut through the volume. */
  reach: SliceReach;
  /** Scissors erase the label inside the shape, or fill it. */
  scissorsMode: 'erase' | 'fill';
  scissorsShape: 'rectangle' | 'circle' | 'freehand';
  /** Flood fill: HU tolerance around the clicked voxel, and 3D or the slice only. */
  fillToleranceHu: number;
  fill3d: boolean;
  /** Islands below this volume are dropped. */
  minIslandMm3: number;
  /** Grow / shrink margin, mm. */
  marginMm: number;
}

export const DEFAULT_PARAMS: ToolParams = {
  brushMm: 10,
  sphere: false,
  huRange: [-1000, -400],
  reach: { kind: 'slice' },
  scissorsMode: 'erase',
  scissorsShape: 'rectangle',
  fillToleranceHu: 150,
  fill3d: false,
  minIslandMm3: 50,
  marginMm: 2,
};

/** What a tool application reads: the labelmap, the CT, the label painted, the pane's plane and the settings. */
export interface ToolContext {
  readonly grid: LabelGrid;
  readonly hu: HuGrid;
  readonly label: number;
  readonly axis: SliceAxis;
  readonly params: ToolParams;
}

/** Which voxels a stamp, a stroke segment or a shape covers (flat indices, ascending, unique). */
export type Footprint = (ctx: ToolContext, from: IndexPoint, to: IndexPoint) => Uint32Array;

/** What the covered voxels become: the edit on the chosen label. */
export type Strategy = (ctx: ToolContext, voxels: Uint32Array) => VoxelEdit;

/**
 * An editing tool: its declared defaults and cursor, and how one gesture becomes an edit.
 * `stroke` tools (brush, eraser, threshold) edit each segment of a drag, `box` tools (scissors)
 * edit once at release from the press and release points, `click` tools (fill, islands) edit
 * at the press.
 */
export interface ToolDef {
  readonly id: ToolId;
  readonly gesture: 'stroke' | 'box' | 'click';
  /** `ring`: the brush ring in mm follows the mouse; otherwise a CSS cursor. */
  readonly cursor: 'ring' | 'crosshair' | 'cell';
  readonly defaults: Partial<ToolParams>;
  /** `path`: every point of a box gesture's drag, press to release (the freehand scissors' outline). */
  edit(ctx: ToolContext, from: IndexPoint, to: IndexPoint, path?: readonly IndexPoint[]): VoxelEdit | null;
}

/** A tool from a footprint and a strategy, as Cornerstone composes its brush strategies. */
export function composeTool(def: Omit<ToolDef, 'edit'>, footprint: Footprint, strategy: Strategy): ToolDef {
  return { ...def, edit: (ctx, from, to) => strategy(ctx, footprint(ctx, from, to)) };
}

const NONE = new Uint32Array(0);

/** Paint: the covered voxels take the label (locked labels are kept by the edit buffer). */
export const paint: Strategy = (ctx, voxels) => ({ label: ctx.label, add: voxels, remove: NONE });

/** Erase: the covered voxels holding the label go back to 0. */
export const erase: Strategy = (ctx, voxels) => ({ label: ctx.label, add: NONE, remove: voxels });

/** Threshold paint: only covered voxels whose HU is inside the range take the label. */
export const thresholdPaint: Strategy = (ctx, voxels) => {
  const [lo, hi] = ctx.params.huRange;
  const hu = ctx.hu.hu;
  const keep = new Uint32Array(voxels.length);
  let n = 0;
  for (let i = 0; i < voxels.length; i++) {
    const v = hu[voxels[i]!]!;
    if (v >= lo && v <= hi) keep[n++] = voxels[i]!;
  }
  return { label: ctx.label, add: keep.subarray(0, n), remove: NONE };
};
