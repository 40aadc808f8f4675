import { brushFootprint } from '../model/brush';
import { composeTool, erase, paint, thresholdPaint, type Footprint } from './tool-kit';

/** The brush's footprint: a disc on the pane's slice (or a ball) swept along the drag segment, no gaps. */
export const brushStamp: Footprint = (ctx, from, to) =>
  brushFootprint(ctx.grid, from[0] === to[0] && from[1] === to[1] && from[2] === to[2] ? [from] : [from, to], {
    radiusMm: ctx.params.brushMm / 2,
    mode: ctx.params.sphere ? 'sphere' : 'circle',
    axis: ctx.axis,
  });

export const BRUSH = composeTool({ id: 'brush', gesture: 'stroke', cursor: 'ring', defaults: {} }, brushStamp, paint);
export const ERASER = composeTool({ id: 'eraser', gesture: 'stroke', cursor: 'ring', defaults: {} }, brushStamp, erase);
export const THRESHOLD_BRUSH = composeTool({ id: 'threshold', gesture: 'stroke', cursor: 'ring', defaults: {} }, brushStamp, thresholdPaint);
