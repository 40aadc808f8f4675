import type { Types } from '@cornerstonejs/core';
import type { PaneId } from './model/layouts';
import type { WorldPoint } from './panes';

/** Where a pointer event landed on a pane, for a tool that draws on the volume. */
export interface PaneToolEvent {
  pane: PaneId;
  viewport: Types.IVolumeViewport;
  /** Canvas pixels (CSS px from the pane's top left). */
  canvas: Types.Point2;
  world: WorldPoint;
  event: MouseEvent;
}

/**
 * A tool that takes the left button on the panes while it is active (the mask editor's
 * brush, scissors, …): the reading room hands it left presses, the drag that follows and the
 * hover, and keeps everything else (wheel, right-drag window, middle / Shift drag pan, double
 * click) for itself, so a reader can scroll and window while painting.
 */
export interface PanePointerTool {
  /** A left press: true when the tool takes this drag, else the reading room handles it. */
  down(e: PaneToolEvent): boolean;
  drag(e: PaneToolEvent): void;
  up(e: PaneToolEvent): void;
  /** The mouse moved over a pane (null: it left the pane). */
  hover(pane: PaneId, e: PaneToolEvent | null): void;
}
