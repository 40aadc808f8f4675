import type { Types } from '@cornerstonejs/core';
import type { Annotation } from '../../../electron/common/contract';
import { SOURCE_COLORS, drawRadius } from '../nodules';
import { PANE_IDS, type PaneId } from './model/layouts';
import { placedNodule, placementLabel } from './model/nodule-placement';
import { orientationLetters, type EdgeLetters } from './model/orientation';
import { scaleBar, type ScaleBar } from './model/scale-bar';
import { projectOntoPlane, sliceCircle } from './model/slice-geometry';
import type { WorldPoint } from './panes';

/** An annotation's section on a pane, in canvas pixels; key is the annotation id. */
export interface Circle {
  key: number;
  cx: number;
  cy: number;
  r: number;
  color: string;
  selected: boolean;
}

/** What the SVG and the letters draw over one pane, in canvas pixels. */
export interface PaneOverlay {
  cross: { x: number; y: number } | null;
  circles: Circle[];
  letters: EdgeLetters | null;
  /** The scale bar with the canvas point its right end sits at. */
  bar: (ScaleBar & { x: number; y: number }) | null;
}

/** A nodule being dragged out in placement mode: pressed at center, the mouse now at rim. */
export interface Placement {
  pane: PaneId;
  center: WorldPoint;
  rim: WorldPoint;
}

/** The placement circle in canvas pixels, labelled with its diameter once it has one. */
export interface PlacementCircle {
  cx: number;
  cy: number;
  r: number;
  label: string | null;
}

/**
 * Crosshair and annotation circles per pane, in canvas pixels, from the current cameras. A
 * sphere of radius r whose centre lies d mm from a view's slice plane shows as a circle of
 * radius √(r² − d²) around the centre's foot on the plane. `_tick` is the camera change
 * counter: the overlays are recomputed whenever it moves.
 */
export function computeOverlays(
  ready: boolean,
  viewportOf: (id: PaneId) => Types.IVolumeViewport | null,
  cross: WorldPoint | null,
  annotations: readonly Annotation[],
  selectedId: number | null,
  _tick: number,
): Record<PaneId, PaneOverlay> {
  const blank = (): PaneOverlay & { bar: null } => ({ cross: null, circles: [], letters: null, bar: null });
  const out: Record<PaneId, PaneOverlay> = { axial: blank(), coronal: blank(), sagittal: blank() };
  if (!ready) return out;
  for (const id of PANE_IDS) {
    const vp = viewportOf(id);
    if (!vp || vp.getActors().length === 0) continue;
    const cam = vp.getCamera();
    const focal = cam.focalPoint as number[];
    const normal = cam.viewPlaneNormal as number[];
    const up = cam.viewUp as number[];
    out[id].letters = orientationLetters(up, normal);
    const w = vp.element.clientWidth;
    const h = vp.element.clientHeight;
    const bar = scaleBar(cam.parallelScale ?? 0, h, w);
    out[id].bar = bar ? { ...bar, x: w - 14, y: h - 10 } : null;
    if (cross) {
      const [x, y] = vp.worldToCanvas(projectOntoPlane(cross, focal, normal) as Types.Point3);
      out[id].cross = { x, y };
    }
    for (const a of annotations) {
      const section = sliceCircle(a.center, drawRadius(a), focal, normal);
      if (!section) continue;
      const { center: foot, radiusMm: r } = section;
      const [cx, cy] = vp.worldToCanvas(foot as Types.Point3);
      const rim = [foot[0] + r * up[0]!, foot[1] + r * up[1]!, foot[2] + r * up[2]!] as Types.Point3;
      const [rx, ry] = vp.worldToCanvas(rim);
      out[id].circles.push({ key: a.id, cx, cy, r: Math.max(2, Math.hypot(rx - cx, ry - cy)), color: SOURCE_COLORS[a.source], selected: a.id === selectedId });
    }
  }
  return out;
}

/** The circle being dragged out in placement mode on a viewport showing the volume. */
export function placementCircle(vp: Types.IVolumeViewport, placing: Placement): PlacementCircle {
  const [cx, cy] = vp.worldToCanvas(placing.center as Types.Point3);
  const [rx, ry] = vp.worldToCanvas(placing.rim as Types.Point3);
  const placed = placedNodule(placing.center, placing.rim);
  return { cx, cy, r: Math.hypot(rx - cx, ry - cy), label: placed ? placementLabel(placed.diameterMm) : null };
}
