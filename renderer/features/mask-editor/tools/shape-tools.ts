import { floodEdit, floodFill } from '../model/flood-fill';
import { keepIslandAt } from '../model/islands';
import { scissorsEdit, type ScissorsShape } from '../model/scissors';
import { planeAxes } from '../model/slice-plane';
import type { ToolDef } from './tool-kit';

/**
 * Scissors: the box, the circle centred on the press through the release, or the freehand
 * outline drawn from press to release (closed by its last edge) on a pane, swept through this
 * slice, a slab or all slices along the pane's normal, erasing or filling the label inside.
 */
export const SCISSORS: ToolDef = {
  id: 'scissors',
  gesture: 'box',
  cursor: 'crosshair',
  defaults: {},
  edit(ctx, from, to, path) {
    const { u, v, n } = planeAxes(ctx.axis);
    const sp = ctx.grid.spacing;
    const shape: ScissorsShape =
      ctx.params.scissorsShape === 'freehand'
        ? { kind: 'polygon', points: (path && path.length >= 3 ? path : [from, to]).map((p) => [p[u], p[v]] as const) }
        : ctx.params.scissorsShape === 'circle'
          ? { kind: 'circle', center: [from[u], from[v]], radiusMm: Math.hypot((to[u] - from[u]) * sp[u], (to[v] - from[v]) * sp[v]) }
          : { kind: 'rectangle', from: [from[u], from[v]], to: [to[u], to[v]] };
    return scissorsEdit(ctx.grid, ctx.label, shape, { axis: ctx.axis, slice: from[n], reach: ctx.params.reach, action: ctx.params.scissorsMode });
  },
};

/** Flood fill from the clicked voxel through HU within ± the tolerance, on the slice or in 3D. */
export const FILL: ToolDef = {
  id: 'fill',
  gesture: 'click',
  cursor: 'cell',
  defaults: {},
  edit(ctx, at) {
    const flood = floodFill(ctx.hu, { seed: [at[0], at[1], at[2]], mode: ctx.params.fill3d ? '3d' : '2d', axis: ctx.axis, tolerance: ctx.params.fillToleranceHu });
    return floodEdit(ctx.label, flood, 'fill');
  },
};

/** Islands: a click keeps only the island of the label under it. */
export const ISLANDS: ToolDef = {
  id: 'islands',
  gesture: 'click',
  cursor: 'crosshair',
  defaults: {},
  edit(ctx, at) {
    return keepIslandAt(ctx.grid, ctx.label, [Math.round(at[0]), Math.round(at[1]), Math.round(at[2])]);
  },
};
