import type { ToolId } from '../model/editor-commands';
import { BRUSH, ERASER, THRESHOLD_BRUSH } from './brush-tools';
import type { ToolDef } from './tool-kit';

/** The tools that exist so far, by id (a tool whose kernel has not landed is absent: its button is disabled). */
export const TOOLS: Partial<Record<ToolId, ToolDef>> = {
  brush: BRUSH,
  eraser: ERASER,
  threshold: THRESHOLD_BRUSH,
};

export { DEFAULT_PARAMS, type ToolContext, type ToolDef, type ToolParams } from './tool-kit';
