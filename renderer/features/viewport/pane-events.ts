import { Enums, type Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { wheelZoomFactor } from './model/camera-moves';
import { clampToVolume } from './model/crosshair-clamp';
import type { PaneId } from './model/layouts';
import type { LoadedSlices } from './model/progressive-load';
import type { CursorSample } from './model/readout';
import type { SettleTracker } from './model/settle-tracker';
import { huAt, voxelOf } from './model/slice-geometry';
import { dragWindow, type DisplayWindow } from './model/window-level';
import type { Placement } from './pane-overlays';
import type { PanePointerTool, PaneToolEvent } from './pane-tool';
import type { WorldPoint } from './panes';
import { panView, zoomView } from './viewport-cameras';

/** What the pane events read from and do to the reading room. */
export interface PaneEventsHost {
  /** The pane's viewport when it shows a volume, else null. */
  volumeViewport(id: PaneId): Types.IVolumeViewport | null;
  /** The volume the cursor readout samples, with the slices that have arrived so far. */
  cursorVolume(): { header: VolumeHeader; voxels: Int16Array; loaded: LoadedSlices | null } | null;
  window(): DisplayWindow;
  /** Shows a window on every view, keeping the invert flag. */
  setWindow(w: DisplayWindow): void;
  /** Whether placement mode (A) is on. */
  placingMode(): boolean;
  setPlacing(placing: Placement): void;
  finishPlacement(center: WorldPoint, rim: readonly number[]): void;
  setCrosshair(point: WorldPoint): void;
  setSample(sample: CursorSample | null): void;
  /** The mouse entered the pane: keys act on it now. */
  enter(id: PaneId): void;
  /** The mouse left the pane. */
  leave(id: PaneId): void;
  /** The pane was clicked: keys act on it when the mouse is over no pane. */
  activate(id: PaneId): void;
  toggleMaximised(id: PaneId): void;
  /** The pane's camera or shown slice changed (overlays follow). */
  cameraChanged(id: PaneId): void;
  /** The wheel scrolls the pane `delta` slices. */
  scroll(id: PaneId, delta: number): void;
  /** The pane's viewport rendered. */
  rendered(id: PaneId): void;
  /** The tool that takes the left button now (mask editing), or null. */
  pointerTool(): PanePointerTool | null;
}

/**
 * A mouse drag in progress on a pane: window/level (right button), pan (middle, shift+left)
 * or, in placement mode (A), a new nodule: pressed at its centre, released on its rim.
 */
interface Drag {
  pane: PaneId;
  kind: 'window' | 'pan' | 'place' | 'tool';
  /** World point of the press (the placed nodule's centre). */
  center: WorldPoint;
  x0: number;
  y0: number;
  last: Types.Point2;
  start: DisplayWindow;
  moved: boolean;
}

/**
 * Mouse and Cornerstone events of the panes: a click sets the crosshair (clamped to the
 * volume), the wheel scrolls (Ctrl/Cmd zooms), drags window, pan or place a nodule, the
 * cursor feeds the readout, and render events feed each pane's settle tracker. One drag at a
 * time across all panes.
 */
export function paneEvents(host: PaneEventsHost): { bind(id: PaneId, element: HTMLDivElement, tracker: SettleTracker): () => void } {
  let drag: Drag | null = null;
  // A drag ends with a click event; it must not move the crosshair.
  let suppressClick = false;

  const bind = (id: PaneId, element: HTMLDivElement, tracker: SettleTracker): (() => void) => {
    const onRendered = (): void => {
      tracker.rendered();
      host.rendered(id);
    };
    const onCamera = (): void => host.cameraChanged(id);
    const onWheel = (e: WheelEvent): void => {
      const vp = host.volumeViewport(id);
      if (!vp || tracker.current === 'empty' || tracker.current === 'loading') return;
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) zoomView(vp, wheelZoomFactor(e.deltaY));
      else host.scroll(id, e.deltaY > 0 ? 1 : -1);
    };
    const canvasPoint = (e: MouseEvent): Types.Point2 => {
      const r = element.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const toolEvent = (vp: Types.IVolumeViewport, e: MouseEvent): PaneToolEvent => {
      const canvas = canvasPoint(e);
      const w = vp.canvasToWorld(canvas) as number[];
      return { pane: id, viewport: vp, canvas, world: [w[0]!, w[1]!, w[2]!], event: e };
    };
    const onDragMove = (e: MouseEvent): void => {
      const d = drag;
      const vp = host.volumeViewport(id);
      if (!d || d.pane !== id || !vp) return;
      if (d.kind === 'tool') {
        d.moved = true;
        host.pointerTool()?.drag(toolEvent(vp, e));
        return;
      }
      const dx = e.clientX - d.x0;
      const dy = e.clientY - d.y0;
      if (Math.abs(dx) + Math.abs(dy) > 2) d.moved = true;
      if (d.kind === 'window') {
        host.setWindow(dragWindow(d.start, dx, dy));
      } else if (d.kind === 'place') {
        const rim = vp.canvasToWorld(canvasPoint(e)) as number[];
        host.setPlacing({ pane: id, center: d.center, rim: [rim[0]!, rim[1]!, rim[2]!] });
      } else {
        const now = canvasPoint(e);
        panView(vp, d.last, now);
        d.last = now;
      }
    };
    const onDragEnd = (e?: MouseEvent): void => {
      const d = drag;
      if (d?.pane === id) suppressClick = d.moved || d.kind === 'place';
      const vp = host.volumeViewport(id);
      if (d?.pane === id && d.kind === 'tool' && vp) {
        suppressClick = true;
        if (e) host.pointerTool()?.up(toolEvent(vp, e));
      }
      if (d?.pane === id && d.kind === 'place' && e && vp) {
        const rim = vp.canvasToWorld(canvasPoint(e)) as number[];
        host.finishPlacement(d.center, rim);
      }
      drag = null;
      window.removeEventListener('mousemove', onDragMove);
      window.removeEventListener('mouseup', onDragEnd);
    };
    const onDown = (e: MouseEvent): void => {
      const vp = host.volumeViewport(id);
      suppressClick = false;
      // The panes are not focusable: a press in one takes the keys (arrows) from the scan list.
      if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) document.activeElement.blur();
      if (!vp) return;
      const tool = host.pointerTool();
      if (e.button === 0 && !e.shiftKey && tool?.down(toolEvent(vp, e))) {
        e.preventDefault();
        drag = { pane: id, kind: 'tool', center: [0, 0, 0], x0: e.clientX, y0: e.clientY, last: canvasPoint(e), start: host.window(), moved: false };
        window.addEventListener('mousemove', onDragMove);
        window.addEventListener('mouseup', onDragEnd);
        return;
      }
      const kind = e.button === 2 ? 'window' : e.button === 1 || (e.button === 0 && e.shiftKey) ? 'pan' : e.button === 0 && host.placingMode() ? 'place' : null;
      if (!kind) return;
      e.preventDefault();
      const w = vp.canvasToWorld(canvasPoint(e)) as number[];
      const center: WorldPoint = [w[0]!, w[1]!, w[2]!];
      if (kind === 'place') host.setPlacing({ pane: id, center, rim: center });
      drag = { pane: id, kind, center, x0: e.clientX, y0: e.clientY, last: canvasPoint(e), start: host.window(), moved: false };
      window.addEventListener('mousemove', onDragMove);
      window.addEventListener('mouseup', onDragEnd);
    };
    const onEnter = (): void => host.enter(id);
    const onDouble = (e: MouseEvent): void => {
      if (e.button !== 0) return;
      host.toggleMaximised(id);
    };
    const onMove = (e: MouseEvent): void => {
      const vp = host.volumeViewport(id);
      const volume = host.cursorVolume();
      if (!vp || !volume) return;
      host.pointerTool()?.hover(id, toolEvent(vp, e));
      const { header, voxels, loaded } = volume;
      const world = vp.canvasToWorld(canvasPoint(e)) as number[];
      const voxel = voxelOf(world, header);
      const loadedSlice = voxel !== null && (loaded?.has(voxel[2]) ?? false);
      host.setSample({ world, voxel, hu: voxel && loadedSlice ? huAt(voxels, header.dims, voxel) : null, missing: voxel !== null && header.missingSlices.includes(voxel[2]) });
    };
    const onLeave = (): void => {
      host.pointerTool()?.hover(id, null);
      host.leave(id);
    };
    const onClick = (e: MouseEvent): void => {
      if (e.button !== 0) return;
      host.activate(id);
      if (suppressClick) {
        suppressClick = false;
        return;
      }
      const vp = host.volumeViewport(id);
      if (!vp) return;
      const world = vp.canvasToWorld(canvasPoint(e)) as number[];
      // Beside the image: the nearest point of the volume, so the crosshair never leaves it.
      const grid = host.cursorVolume()?.header;
      host.setCrosshair(grid ? clampToVolume(world, grid) : [world[0]!, world[1]!, world[2]!]);
    };
    // Added and removed from one list, so none is forgotten on cleanup.
    const listeners: [string, (e: never) => void, AddEventListenerOptions?][] = [
      [Enums.Events.IMAGE_RENDERED, onRendered],
      [Enums.Events.CAMERA_MODIFIED, onCamera],
      [Enums.Events.VOLUME_NEW_IMAGE, onCamera],
      ['wheel', onWheel, { passive: false }],
      ['mousemove', onMove],
      ['mouseleave', onLeave],
      ['click', onClick],
      ['mousedown', onDown],
      ['mouseenter', onEnter],
      ['dblclick', onDouble],
    ];
    for (const [type, fn, opts] of listeners) element.addEventListener(type, fn as EventListener, opts);
    element.oncontextmenu = (e) => e.preventDefault();
    return () => {
      for (const [type, fn] of listeners) element.removeEventListener(type, fn as EventListener);
      onDragEnd();
    };
  };
  return { bind };
}
