import type { Types } from '@cornerstonejs/core';
import type { Lesion, RleMaskWire, VolumeHeader } from '../../../electron/common/contract';
import { STATE_COLORS, decodeRle, memberColor, outlineSegments, viewAxis, type BoxMask, type DrawingMode } from '../review';
import { PANE_IDS, type PaneId } from './model/layouts';
import { placedNodule, placementLabel } from './model/nodule-placement';
import { orientationLetters, type EdgeLetters } from './model/orientation';
import { scaleBar, type ScaleBar } from './model/scale-bar';
import { indexToWorld, projectOntoPlane, sliceCircle } from './model/slice-geometry';
import { worldToIndex } from './model/volume-input';
import type { WorldPoint } from './panes';

/** A lesion's (or one source's) circle on a pane, in canvas pixels. */
export interface Circle {
  key: string;
  lesionKey: string;
  cx: number;
  cy: number;
  r: number;
  color: string;
  selected: boolean;
}

/** A lesion's (or one reader's) outline on a pane's slice: an SVG path in canvas pixels. */
export interface Outline {
  key: string;
  lesionKey: string;
  d: string;
  color: string;
  selected: boolean;
}

/** What the SVG and the letters draw over one pane, in canvas pixels. */
export interface PaneOverlay {
  cross: { x: number; y: number } | null;
  circles: Circle[];
  outlines: Outline[];
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

/** Radius (mm) drawn for a mark without a size (an LIDC point): half the 3 mm limit. */
const POINT_RADIUS_MM = 1.5;

// Decoded once per mask the backend sent (a new list brings new objects).
const decoded = new WeakMap<RleMaskWire, BoxMask>();
function boxMaskOf(r: RleMaskWire): BoxMask {
  let m = decoded.get(r);
  if (!m) decoded.set(r, (m = decodeRle(r)));
  return m;
}

/** What to draw for the lesions: per lesion its outline or circle, or per member (sources), or nothing. */
interface Shape {
  key: string;
  lesionKey: string;
  color: string;
  selected: boolean;
  outline: RleMaskWire | null;
  center: readonly number[];
  radiusMm: number;
}

function shapesOf(lesions: readonly Lesion[], selectedKey: string | null, mode: DrawingMode): Shape[] {
  if (mode === 'hidden') return [];
  const out: Shape[] = [];
  for (const l of lesions) {
    const selected = l.key === selectedKey;
    if (mode === 'lesions') {
      const d = l.decision?.diameterMm ?? l.diameterMm;
      out.push({ key: l.key, lesionKey: l.key, color: STATE_COLORS[l.state], selected, outline: l.outline, center: l.center, radiusMm: d && d > 0 ? d / 2 : POINT_RADIUS_MM });
    } else {
      for (const m of l.members) {
        out.push({ key: `${l.key}:${m.annotationId}`, lesionKey: l.key, color: memberColor(m), selected, outline: m.outline, center: m.center, radiusMm: m.diameterMm && m.diameterMm > 0 ? m.diameterMm / 2 : POINT_RADIUS_MM });
      }
    }
  }
  return out;
}

/**
 * Crosshair, lesion drawing, letters and scale bar per pane, in canvas pixels, from the
 * current cameras. A lesion with an outline shows the outline's section on the pane's slice
 * (exactly its voxels' edges); one without shows the circle its sphere cuts from the plane:
 * radius √(r² − d²) around the centre's foot. `_tick` is the camera change counter: the
 * overlays are recomputed whenever it moves.
 */
export function computeOverlays(
  ready: boolean,
  viewportOf: (id: PaneId) => Types.IVolumeViewport | null,
  cross: WorldPoint | null,
  grid: Pick<VolumeHeader, 'dims' | 'spacing' | 'origin' | 'direction'> | null,
  lesions: readonly Lesion[],
  selectedKey: string | null,
  drawing: DrawingMode,
  _tick: number,
): Record<PaneId, PaneOverlay> {
  const blank = (): PaneOverlay & { bar: null } => ({ cross: null, circles: [], outlines: [], letters: null, bar: null });
  const out: Record<PaneId, PaneOverlay> = { axial: blank(), coronal: blank(), sagittal: blank() };
  if (!ready) return out;
  const shapes = shapesOf(lesions, selectedKey, drawing);
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
    const axis = grid ? viewAxis(normal, grid.direction) : null;
    const slice = grid && axis !== null ? Math.round(worldToIndex(focal, grid)[axis]!) : null;
    const toCanvas = (p: readonly number[]): [number, number] => {
      const [x, y] = vp.worldToCanvas(indexToWorld(p, grid!) as Types.Point3);
      return [x, y];
    };
    for (const s of shapes) {
      if (s.outline && grid && axis !== null && slice !== null) {
        const segments = outlineSegments(boxMaskOf(s.outline), axis, slice);
        if (segments.length === 0) continue;
        let d = '';
        for (const [a, b] of segments) {
          const [ax, ay] = toCanvas(a);
          const [bx, by] = toCanvas(b);
          d += `M${ax.toFixed(1)} ${ay.toFixed(1)}L${bx.toFixed(1)} ${by.toFixed(1)}`;
        }
        out[id].outlines.push({ key: s.key, lesionKey: s.lesionKey, d, color: s.color, selected: s.selected });
        continue;
      }
      const section = sliceCircle(s.center, s.radiusMm, focal, normal);
      if (!section) continue;
      const { center: foot, radiusMm: r } = section;
      const [cx, cy] = vp.worldToCanvas(foot as Types.Point3);
      const rim = [foot[0] + r * up[0]!, foot[1] + r * up[1]!, foot[2] + r * up[2]!] as Types.Point3;
      const [rx, ry] = vp.worldToCanvas(rim);
      out[id].circles.push({ key: s.key, lesionKey: s.lesionKey, cx, cy, r: Math.max(2, Math.hypot(rx - cx, ry - cy)), color: s.color, selected: s.selected });
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
