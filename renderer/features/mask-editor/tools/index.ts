import type { ToolId } from '../model/editor-commands';
import { BRUSH, ERASER, THRESHOLD_BRUSH } from './brush-tools';
import { FILL, ISLANDS, SCISSORS } from './shape-tools';
import type { ToolDef } from './tool-kit';

/** The pointer tools, by id. */
export const TOOLS: Partial<Record<ToolId, ToolDef>> = {
  brush: BRUSH,
  eraser: ERASER,
  threshold: THRESHOLD_BRUSH,
  scissors: SCISSORS,
  fill: FILL,
  islands: ISLANDS,
};

export { DEFAULT_PARAMS, type ToolContext, type ToolDef, type ToolParams } from './tool-kit';
