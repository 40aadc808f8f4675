import { Enums, type Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import type { PaneId } from './model/layouts';
import { placedNodule } from './model/nodule-placement';
import { clampSlab, type SlabSettings } from './model/slab-mip';
import type { ViewMemory } from './model/view-memory';
import { voiRangeOf } from './model/volume-input';
import type { DisplayWindow } from './model/window-level';
import { PANES, type WorldPoint as P3 } from './panes';
import { drawSlicePreview, hideSlicePreview } from './slice-preview-canvas';
import { hasVolume, type RoomState } from './use-room-state';
import { centreView, moveSliceThrough, resetViewKeepingSlice, scrollSlices, zoomView } from './viewport-cameras';

/**
 * What the reading room does to its views (window, slab, crosshair, zoom, placement),
 * shared by the pointer events, the keys, the load and the focus. Rebuilt every render like
 * the closures it replaces; everything it reads across renders goes through the refs.
 */
export function viewActions(room: RoomState, onError: (e: DisplayError) => void) {
  const { viewportOf, fastScroll, shownVolumeRef, winRef, invertRef, slabRef, crossRef, onCrosshairRef, headerRef, previewRef } = room;

  /** Scrolls a pane `delta` slices; the axial pane through its fast path while the reader scrolls. */
  const scrollPane = (id: PaneId, vp: Types.IVolumeViewport, delta: number): void => {
    if (id === 'axial') fastScroll.scroll(vp, shownVolumeRef.current, delta);
    else scrollSlices(vp, shownVolumeRef.current, delta);
  };

  const renderAll = (): void => {
    // The axial view's fast-path picture would go stale: the real render takes over.
    fastScroll.flush();
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (hasVolume(vp)) vp.render();
    }
  };

  /** Shows a window (and the invert flag) on all three views. */
  const applyWindow = (w: DisplayWindow, invert: boolean): void => {
    winRef.current = w;
    invertRef.current = invert;
    room.setWin(w);
    room.setInverted(invert);
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (hasVolume(vp)) vp.setProperties({ voiRange: voiRangeOf(w), invert });
    }
    renderAll();
  };

  /** Shows the slab setting on all three views: MIP over the slab, or the plain slice. */
  const applySlab = (render = true): void => {
    const { on, thicknessMm } = slabRef.current;
    const ct = shownVolumeRef.current;
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (!hasVolume(vp) || !ct) continue;
      // Only the CT (its actor carries the volume id): mask overlays stay plain slices.
      vp.setBlendMode(on ? Enums.BlendModes.MAXIMUM_INTENSITY_BLEND : Enums.BlendModes.COMPOSITE, [ct]);
      if (on) vp.setSlabThickness(thicknessMm, [ct]);
      else vp.resetSlabThickness();
    }
    if (render) renderAll();
  };

  const applySlabSettings = (next: SlabSettings, apply = true): void => {
    const s = { on: next.on, thicknessMm: clampSlab(next.thicknessMm) };
    slabRef.current = s;
    room.setSlab(s);
    if (apply) applySlab();
  };

  const keyPane = (): PaneId => room.hoverRef.current ?? room.activeRef.current;

  /** Draws the first slice on the axial pane's preview canvas; false when it cannot. */
  const showPreview = (vp: Types.IVolumeViewport, header: VolumeHeader, slice: Int16Array, k: number): boolean =>
    drawSlicePreview(previewRef.current, vp, header, slice, k, voiRangeOf(winRef.current), invertRef.current);

  const hidePreview = (): void => hideSlicePreview(previewRef.current);

  const setPlacingMode = (on: boolean): void => {
    room.placingModeRef.current = on;
    room.setPlacingModeState(on);
    if (!on) room.setPlacing(null);
  };

  /** Ends a placement drag: adds the nodule through the contract (audited there). */
  const finishPlacement = (center: P3, rim: readonly number[]): void => {
    room.setPlacing(null);
    const placed = placedNodule(center, rim);
    const scanId = headerRef.current?.scanId;
    if (!placed || scanId === undefined) return;
    setPlacingMode(false);
    setCrosshair(placed.center);
    api()
      .addNodule({ scanId, center: placed.center, diameterMm: placed.diameterMm })
      .catch((e: unknown) => onError(toDisplayError(e)));
  };

  const zoomPane = (id: PaneId, factor: number): void => {
    const vp = viewportOf(id);
    if (!hasVolume(vp)) return;
    zoomView(vp, factor);
  };

  /** Zoom and pan back to the fitted view; the slices stay on the crosshair point. */
  const resetViews = (): void => {
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (!hasVolume(vp)) continue;
      resetViewKeepingSlice(vp, crossRef.current);
    }
    renderAll();
    room.setCameraTick((t) => t + 1);
  };

  /**
   * Puts back a remembered crosshair and each view's slice, pan and zoom (`viewports` in
   * PANES order), of the panes in `only` when given.
   */
  const restoreViews = (viewports: Types.IVolumeViewport[], memory: ViewMemory, only?: readonly PaneId[]): void => {
    crossRef.current = memory.cross;
    PANES.forEach((p, i) => {
      const vp = viewports[i];
      const saved = memory.cameras[p.id];
      if (!vp || !saved || (only && !only.includes(p.id))) return;
      centreView(vp, saved.focalPoint, saved.parallelScale > 0 ? saved.parallelScale : null);
    });
  };

  /** Puts the crosshair point in every view: each view's slice moves to contain it. */
  const setCrosshair = (point: P3): void => {
    crossRef.current = point;
    onCrosshairRef.current?.(point);
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (!hasVolume(vp)) continue;
      moveSliceThrough(vp, point);
    }
    renderAll();
    room.setCameraTick((t) => t + 1);
  };

  return { scrollPane, renderAll, applyWindow, applySlab, applySlabSettings, keyPane, showPreview, hidePreview, setPlacingMode, finishPlacement, zoomPane, resetViews, restoreViews, setCrosshair };
}

/** What viewActions hands the reading room's hooks. */
export type ViewActions = ReturnType<typeof viewActions>;
