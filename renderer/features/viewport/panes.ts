import { Enums, type Types } from '@cornerstonejs/core';
import type { PaneId } from './model/layouts';

/** The reading room's three planes, in grid order. */
export const PANES = [
  { id: 'axial', label: 'Axial', orientation: Enums.OrientationAxis.AXIAL },
  { id: 'coronal', label: 'Coronal', orientation: Enums.OrientationAxis.CORONAL },
  { id: 'sagittal', label: 'Sagittal', orientation: Enums.OrientationAxis.SAGITTAL },
] as const satisfies readonly { id: PaneId; label: string; orientation: Enums.OrientationAxis }[];

/** A world point, LPS mm. */
export type WorldPoint = [number, number, number];

const ENGINE_ID = 'lungdesk-reading-room';
let engineCount = 0;

/** A fresh id for the reading room's rendering engine. */
export function nextEngineId(): string {
  return `${ENGINE_ID}-${++engineCount}`;
}

/** One orthographic viewport per pane element, its id the pane's, black behind the volume. */
export function paneViewportInputs(elements: readonly { id: PaneId; el: HTMLDivElement | null }[]): Types.PublicViewportInput[] {
  return elements.map(({ id, el }) => ({
    viewportId: id,
    type: Enums.ViewportType.ORTHOGRAPHIC,
    element: el!,
    defaultOptions: { orientation: PANES.find((p) => p.id === id)!.orientation, background: [0, 0, 0] as Types.Point3 },
  }));
}
