import { Enums, RenderingEngine, utilities, type Types } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import type { Annotation, ScanSummary, VolumeHeader } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import { SOURCE_COLORS, drawRadius, isTyping, type NoduleFocus } from '../nodules';
import { scanLabel, scanTitle } from '../scan-list';
import { SliceMontage, isMontageKey } from '../montage';
import { createVolume, ensureCornerstone, finishStreaming, releaseSlices, releaseVolume } from './cornerstone-runtime';
import { formatReadout, type CursorSample } from './model/readout';
import { SettleTracker, type RenderState } from './model/settle-tracker';
import { cameraCentredOn, cameraThrough, fitScale, huAt, projectOntoPlane, sliceCircle, voxelOf } from './model/slice-geometry';
import { WINDOW_PRESETS, presetForKey } from './model/window-presets';
import { pannedCamera, wheelZoomFactor, zoomedScale } from './model/camera-moves';
import { gridClass, layoutLabel, nextLayout, visibleSlots, type LayoutId, type PaneId } from './model/layouts';
import { orientationLetters, type EdgeLetters } from './model/orientation';
import { scaleBar, type ScaleBar } from './model/scale-bar';
import { loadViewMemory, saveViewMemory, viewMemoryKey, type ViewMemory } from './model/view-memory';
import { dragWindow, windowLabel, type DisplayWindow } from './model/window-level';
import { axialSliceOf, int16Voxels, sliceLabel, voiRangeOf, volumeIdFor } from './model/volume-input';
import { LoadedSlices, headerFromScan, sameGeometry, slabPlan, startSlice } from './model/progressive-load';
import { placedNodule, placementLabel } from './model/nodule-placement';
import { sliceTransform, voxelCornerToWorld, windowSliceRgba } from './model/slice-preview';
import { DEFAULT_SLAB, clampSlab, slabLabel, stepSlab, type SlabSettings } from './model/slab-mip';

const ENGINE_ID = 'lungdesk-reading-room';
const PANES = [
  { id: 'axial', label: 'Axial', orientation: Enums.OrientationAxis.AXIAL },
  { id: 'coronal', label: 'Coronal', orientation: Enums.OrientationAxis.CORONAL },
  { id: 'sagittal', label: 'Sagittal', orientation: Enums.OrientationAxis.SAGITTAL },
] as const satisfies readonly { id: PaneId; label: string; orientation: Enums.OrientationAxis }[];
type P3 = [number, number, number];

let engineCount = 0;

/**
 * The volume on the three viewports, for features that draw on them (mask overlays): the
 * Cornerstone ids to attach to, and a way to re-render after changing what they show.
 */
export interface ShownVolume {
  scanId: number;
  volumeId: string;
  header: VolumeHeader;
  renderingEngineId: string;
  viewportIds: readonly PaneId[];
  render: () => void;
}
let loadCount = 0;

interface Circle {
  key: number;
  cx: number;
  cy: number;
  r: number;
  color: string;
  selected: boolean;
}
interface PaneOverlay {
  cross: { x: number; y: number } | null;
  circles: Circle[];
  letters: EdgeLetters | null;
  bar: ScaleBar | null;
}

/**
 * User Timing marks for `npm run bench:viewer`: scan-open when a load starts, first-pixels
 * once the current axial slice is drawn, volume-complete once every slice is on the GPU.
 */
function markPerf(name: 'lungdesk:scan-open' | 'lungdesk:first-pixels' | 'lungdesk:volume-complete' | 'lungdesk:stage', detail: { scanId: number; stage?: string }): void {
  try {
    performance.mark(name, { detail });
  } catch {
    // User Timing is missing: nothing to measure
  }
}

/** Resolves at the next animation frame (after the one in progress has painted). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Web Storage when the page has it (the browser host and Electron both do). */
function viewStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * A mouse drag in progress on a pane: window/level (right button), pan (middle, shift+left)
 * or, in placement mode (A), a new nodule: pressed at its centre, released on its rim.
 */
interface Drag {
  pane: PaneId;
  kind: 'window' | 'pan' | 'place';
  /** World point of the press (the placed nodule's centre). */
  center: P3;
  x0: number;
  y0: number;
  last: Types.Point2;
  start: DisplayWindow;
  moved: boolean;
}

/**
 * The reading room: axial, coronal and sagittal Cornerstone3D volume viewports on one shared
 * volume. A click sets the crosshair point in all three; the readout follows the cursor;
 * keys 1–4 switch window presets; a nodule focus centres and zooms every view on it; each
 * annotation is drawn as the circle its sphere cuts from the shown slice. Every pane carries
 * `data-render-state` (loading → rendering → settled) for e2e.
 */
export function ReadingRoom({
  scan,
  annotations,
  focus,
  selectedId,
  onError,
  onShownVolume,
  onCrosshair,
}: {
  scan: ScanSummary | null;
  annotations: readonly Annotation[];
  focus: NoduleFocus | null;
  selectedId: number | null;
  onError: (e: DisplayError) => void;
  /** Told when a scan's volume is on the three viewports (and null when it leaves them). */
  onShownVolume?: (shown: ShownVolume | null) => void;
  /** Told where the crosshair point is (LPS mm): the nodule form starts from it. */
  onCrosshair?: (point: readonly [number, number, number] | null) => void;
}) {
  const axialRef = useRef<HTMLDivElement>(null);
  const coronalRef = useRef<HTMLDivElement>(null);
  const sagittalRef = useRef<HTMLDivElement>(null);
  const elementRefs: Record<PaneId, React.RefObject<HTMLDivElement | null>> = { axial: axialRef, coronal: coronalRef, sagittal: sagittalRef };
  const engineRef = useRef<RenderingEngine | null>(null);
  const previewRef = useRef<HTMLCanvasElement>(null);
  const onShownVolumeRef = useRef(onShownVolume);
  onShownVolumeRef.current = onShownVolume;
  const onCrosshairRef = useRef(onCrosshair);
  onCrosshairRef.current = onCrosshair;
  const trackersRef = useRef<Partial<Record<PaneId, SettleTracker>>>({});
  const shownVolumeRef = useRef<string | null>(null);
  const headerRef = useRef<VolumeHeader | null>(null);
  const voxelsRef = useRef<Int16Array | null>(null);
  const loadedRef = useRef<LoadedSlices | null>(null);
  const slabRef = useRef<SlabSettings>(DEFAULT_SLAB);
  const [slab, setSlab] = useState<SlabSettings>(DEFAULT_SLAB);
  const [loadState, setLoadState] = useState<{ state: 'idle' | 'loading' | 'partial' | 'complete' | 'error'; fraction: number }>({ state: 'idle', fraction: 0 });
  const winRef = useRef<DisplayWindow>(WINDOW_PRESETS[0]!);
  const invertRef = useRef(false);
  const crossRef = useRef<P3 | null>(null);
  // Keys act on the pane under the mouse, else on the last one clicked.
  const hoverRef = useRef<PaneId | null>(null);
  const activeRef = useRef<PaneId>('axial');
  const dragRef = useRef<Drag | null>(null);
  // A drag ends with a click event; it must not move the crosshair.
  const suppressClickRef = useRef(false);
  const memoryKeyRef = useRef<string | null>(null);
  const keepCamerasRef = useRef(false);
  const [layout, setLayout] = useState<LayoutId>('1x3');
  const [maximised, setMaximised] = useState<PaneId | null>(null);
  const [active, setActive] = useState<PaneId>('axial');
  // The load effect runs async: it reads the current layout through refs.
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const maximisedRef = useRef(maximised);
  maximisedRef.current = maximised;
  const [inverted, setInverted] = useState(false);
  const [renderStates, setRenderStates] = useState<Record<PaneId, RenderState>>({ axial: 'empty', coronal: 'empty', sagittal: 'empty' });
  const [slice, setSlice] = useState<{ index: number; count: number } | null>(null);
  const [engineReady, setEngineReady] = useState(false);
  const [volumeReady, setVolumeReady] = useState(false);
  const [sample, setSample] = useState<CursorSample | null>(null);
  const [win, setWin] = useState<DisplayWindow>(WINDOW_PRESETS[0]!);
  // Bumped on every camera change so the SVG overlays are recomputed from the cameras.
  const [cameraTick, setCameraTick] = useState(0);
  // Placement mode (A): a left drag on a pane adds a nodule instead of moving the crosshair.
  const placingModeRef = useRef(false);
  const [placingMode, setPlacingModeState] = useState(false);
  // The slice montage (G) over the panes, drawn from the volume the panes show.
  const [montageOpen, setMontageOpen] = useState(false);
  const [montageVolume, setMontageVolume] = useState<{ header: VolumeHeader; voxels: Int16Array } | null>(null);
  const [placing, setPlacing] = useState<{ pane: PaneId; center: P3; rim: P3 } | null>(null);

  const viewportOf = (id: PaneId): Types.IVolumeViewport | null => {
    try {
      return engineRef.current?.getViewport<Types.IVolumeViewport>(id) ?? null;
    } catch {
      return null;
    }
  };
  const hasVolume = (vp: Types.IVolumeViewport | null): vp is Types.IVolumeViewport => vp !== null && vp.getActors().length > 0;

  const renderAll = (): void => {
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (hasVolume(vp)) vp.render();
    }
  };

  /** Shows a window (and the invert flag) on all three views. */
  const applyWindow = (w: DisplayWindow, invert: boolean): void => {
    winRef.current = w;
    invertRef.current = invert;
    setWin(w);
    setInverted(invert);
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
    setSlab(s);
    if (apply) applySlab();
  };

  const keyPane = (): PaneId => hoverRef.current ?? activeRef.current;

  /**
   * Moves a view `delta` slices along its normal. Cornerstone's own scroll steps by the slab
   * thickness when one is set; a reader searching a MIP slab wants it to slide slice by slice.
   */
  const scrollSlices = (vp: Types.IVolumeViewport, delta: number): void => {
    const ct = shownVolumeRef.current;
    if (!ct) return;
    const { sliceRangeInfo } = utilities.getVolumeViewportScrollInfo(vp, ct, false);
    if (!sliceRangeInfo) return;
    const { sliceRange, spacingInNormalDirection, camera } = sliceRangeInfo;
    if (!camera.focalPoint || !camera.position || !camera.viewPlaneNormal) return;
    const { newFocalPoint, newPosition } = utilities.snapFocalPointToSlice(
      camera.focalPoint,
      camera.position,
      sliceRange,
      camera.viewPlaneNormal,
      spacingInNormalDirection,
      delta,
    );
    vp.setCamera({ focalPoint: newFocalPoint, position: newPosition });
    vp.render();
  };

  /** Draws the first slice on the axial pane's preview canvas; false when it cannot. */
  const showPreview = (vp: Types.IVolumeViewport, header: VolumeHeader, slice: Int16Array, k: number): boolean => {
    const canvas = previewRef.current;
    const ctx = canvas?.getContext('2d');
    const w = vp.element.clientWidth;
    const h = vp.element.clientHeight;
    if (!canvas || !ctx || w === 0 || h === 0) return false;
    const [nx, ny] = header.dims;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const at = (ijk: [number, number, number]) => vp.worldToCanvas(voxelCornerToWorld(ijk, header) as Types.Point3);
    const [a, b, c, d, e, f] = sliceTransform(at([-0.5, -0.5, k]), at([nx - 0.5, -0.5, k]), at([-0.5, ny - 0.5, k]), nx, ny);
    const tile = document.createElement('canvas');
    tile.width = nx;
    tile.height = ny;
    const rgba = windowSliceRgba(slice, voiRangeOf(winRef.current), invertRef.current);
    tile.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer as ArrayBuffer), nx, ny), 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(a * dpr, b * dpr, c * dpr, d * dpr, e * dpr, f * dpr);
    ctx.drawImage(tile, 0, 0);
    canvas.style.display = 'block';
    return true;
  };

  const hidePreview = (): void => {
    if (previewRef.current) previewRef.current.style.display = 'none';
  };

  const setPlacingMode = (on: boolean): void => {
    placingModeRef.current = on;
    setPlacingModeState(on);
    if (!on) setPlacing(null);
  };

  /** Ends a placement drag: adds the nodule through the contract (audited there). */
  const finishPlacement = (center: P3, rim: readonly number[]): void => {
    setPlacing(null);
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
    vp.setCamera({ parallelScale: zoomedScale(vp.getCamera().parallelScale ?? 100, factor) });
    vp.render();
  };

  /** Zoom and pan back to the fitted view; the slices stay on the crosshair point. */
  const resetViews = (): void => {
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (!hasVolume(vp)) continue;
      const before = vp.getCamera();
      vp.resetCamera();
      const cam = vp.getCamera();
      // resetCamera also recentres the slice: put it back where the reader was.
      const keep = crossRef.current ?? (before.focalPoint as P3);
      vp.setCamera(cameraThrough(cam as { focalPoint: number[]; position: number[]; viewPlaneNormal: number[] }, keep) as Partial<Types.ICamera>);
    }
    renderAll();
    setCameraTick((t) => t + 1);
  };

  /** Puts back a remembered crosshair and each view's slice, pan and zoom. */
  const restoreViews = (viewports: Types.IVolumeViewport[], memory: ViewMemory): void => {
    crossRef.current = memory.cross;
    PANES.forEach((p, i) => {
      const vp = viewports[i];
      const saved = memory.cameras[p.id];
      if (!vp || !saved) return;
      const cam = vp.getCamera();
      vp.setCamera({
        ...cameraCentredOn(cam as { focalPoint: number[]; position: number[] }, saved.focalPoint),
        ...(saved.parallelScale > 0 ? { parallelScale: saved.parallelScale } : {}),
      } as Partial<Types.ICamera>);
    });
  };

  /** Puts the crosshair point in every view: each view's slice moves to contain it. */
  const setCrosshair = (point: P3): void => {
    crossRef.current = point;
    onCrosshairRef.current?.(point);
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (!hasVolume(vp)) continue;
      const cam = vp.getCamera();
      vp.setCamera(cameraThrough(cam as { focalPoint: number[]; position: number[]; viewPlaneNormal: number[] }, point) as Partial<Types.ICamera>);
    }
    renderAll();
    setCameraTick((t) => t + 1);
  };

  // The engine and the three viewports live as long as the component.
  useEffect(() => {
    const elements = PANES.map((p) => ({ id: p.id, el: elementRefs[p.id].current }));
    if (elements.some((e) => !e.el)) return;
    let disposed = false;
    let engine: RenderingEngine | null = null;
    const cleanups: (() => void)[] = [];

    const updateSlice = (): void => {
      const vp = viewportOf('axial');
      const header = headerRef.current;
      if (!hasVolume(vp) || !header) return;
      const k = axialSliceOf(vp.getCamera().focalPoint as number[], header);
      setSlice((prev) => (prev?.index === k && prev.count === header.dims[2] ? prev : { index: k, count: header.dims[2] }));
    };

    for (const { id, el } of elements) {
      const element = el!;
      const tracker = new SettleTracker((s) => setRenderStates((prev) => (prev[id] === s ? prev : { ...prev, [id]: s })));
      trackersRef.current[id] = tracker;
      const onRendered = (): void => tracker.rendered();
      const onCamera = (): void => {
        if (id === 'axial') updateSlice();
        setCameraTick((t) => t + 1);
      };
      const onWheel = (e: WheelEvent): void => {
        const vp = viewportOf(id);
        if (!hasVolume(vp) || tracker.current === 'empty' || tracker.current === 'loading') return;
        e.preventDefault();
        if (e.ctrlKey || e.metaKey) zoomPane(id, wheelZoomFactor(e.deltaY));
        else scrollSlices(vp, e.deltaY > 0 ? 1 : -1);
      };
      const canvasPoint = (e: MouseEvent): Types.Point2 => {
        const r = element.getBoundingClientRect();
        return [e.clientX - r.left, e.clientY - r.top];
      };
      const onDragMove = (e: MouseEvent): void => {
        const drag = dragRef.current;
        const vp = viewportOf(id);
        if (!drag || drag.pane !== id || !hasVolume(vp)) return;
        const dx = e.clientX - drag.x0;
        const dy = e.clientY - drag.y0;
        if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
        if (drag.kind === 'window') {
          applyWindow(dragWindow(drag.start, dx, dy), invertRef.current);
        } else if (drag.kind === 'place') {
          const rim = vp.canvasToWorld(canvasPoint(e)) as number[];
          setPlacing({ pane: id, center: drag.center, rim: [rim[0]!, rim[1]!, rim[2]!] });
        } else {
          const now = canvasPoint(e);
          const cam = vp.getCamera();
          const moved = pannedCamera(cam as { focalPoint: number[]; position: number[] }, vp.canvasToWorld(drag.last) as number[], vp.canvasToWorld(now) as number[]);
          vp.setCamera(moved as Partial<Types.ICamera>);
          vp.render();
          drag.last = now;
        }
      };
      const onDragEnd = (e?: MouseEvent): void => {
        const drag = dragRef.current;
        if (drag?.pane === id) suppressClickRef.current = drag.moved || drag.kind === 'place';
        const vp = viewportOf(id);
        if (drag?.pane === id && drag.kind === 'place' && e && hasVolume(vp)) {
          const rim = vp.canvasToWorld(canvasPoint(e)) as number[];
          finishPlacement(drag.center, rim);
        }
        dragRef.current = null;
        window.removeEventListener('mousemove', onDragMove);
        window.removeEventListener('mouseup', onDragEnd);
      };
      const onDown = (e: MouseEvent): void => {
        const vp = viewportOf(id);
        suppressClickRef.current = false;
        // The panes are not focusable: a press in one takes the keys (arrows) from the scan list.
        if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) document.activeElement.blur();
        if (!hasVolume(vp)) return;
        const kind =
          e.button === 2 ? 'window' : e.button === 1 || (e.button === 0 && e.shiftKey) ? 'pan' : e.button === 0 && placingModeRef.current ? 'place' : null;
        if (!kind) return;
        e.preventDefault();
        const w = vp.canvasToWorld(canvasPoint(e)) as number[];
        const center: P3 = [w[0]!, w[1]!, w[2]!];
        if (kind === 'place') setPlacing({ pane: id, center, rim: center });
        dragRef.current = { pane: id, kind, center, x0: e.clientX, y0: e.clientY, last: canvasPoint(e), start: winRef.current, moved: false };
        window.addEventListener('mousemove', onDragMove);
        window.addEventListener('mouseup', onDragEnd);
      };
      const onEnter = (): void => {
        hoverRef.current = id;
      };
      const onDouble = (e: MouseEvent): void => {
        if (e.button !== 0) return;
        setMaximised((m) => (m === id ? null : id));
      };
      const onMove = (e: MouseEvent): void => {
        const vp = viewportOf(id);
        const header = headerRef.current;
        const voxels = voxelsRef.current;
        if (!hasVolume(vp) || !header || !voxels) return;
        const world = vp.canvasToWorld(canvasPoint(e)) as number[];
        const voxel = voxelOf(world, header);
        const loadedSlice = voxel !== null && (loadedRef.current?.has(voxel[2]) ?? false);
        setSample({ world, voxel, hu: voxel && loadedSlice ? huAt(voxels, header.dims, voxel) : null });
      };
      const onLeave = (): void => {
        if (hoverRef.current === id) hoverRef.current = null;
        setSample(null);
      };
      const onClick = (e: MouseEvent): void => {
        if (e.button !== 0) return;
        activeRef.current = id;
        setActive(id);
        if (suppressClickRef.current) {
          suppressClickRef.current = false;
          return;
        }
        const vp = viewportOf(id);
        if (!hasVolume(vp)) return;
        const world = vp.canvasToWorld(canvasPoint(e)) as number[];
        setCrosshair([world[0]!, world[1]!, world[2]!]);
      };
      element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      element.addEventListener(Enums.Events.CAMERA_MODIFIED, onCamera);
      element.addEventListener(Enums.Events.VOLUME_NEW_IMAGE, onCamera);
      element.addEventListener('wheel', onWheel, { passive: false });
      element.addEventListener('mousemove', onMove);
      element.addEventListener('mouseleave', onLeave);
      element.addEventListener('click', onClick);
      element.addEventListener('mousedown', onDown);
      element.addEventListener('mouseenter', onEnter);
      element.addEventListener('dblclick', onDouble);
      element.oncontextmenu = (e) => e.preventDefault();
      cleanups.push(() => {
        element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
        element.removeEventListener(Enums.Events.CAMERA_MODIFIED, onCamera);
        element.removeEventListener(Enums.Events.VOLUME_NEW_IMAGE, onCamera);
        element.removeEventListener('wheel', onWheel);
        element.removeEventListener('mousemove', onMove);
        element.removeEventListener('mouseleave', onLeave);
        element.removeEventListener('click', onClick);
        element.removeEventListener('mousedown', onDown);
        element.removeEventListener('mouseenter', onEnter);
        element.removeEventListener('dblclick', onDouble);
        onDragEnd();
        tracker.dispose();
      });
    }

    const resize = new ResizeObserver(() => {
      engine?.resize(true, true);
      setCameraTick((t) => t + 1);
    });
    for (const { el } of elements) resize.observe(el!);

    ensureCornerstone()
      .then(() => {
        if (disposed) return;
        engine = new RenderingEngine(`${ENGINE_ID}-${++engineCount}`);
        engine.setViewports(
          elements.map(({ id, el }) => ({
            viewportId: id,
            type: Enums.ViewportType.ORTHOGRAPHIC,
            element: el!,
            defaultOptions: { orientation: PANES.find((p) => p.id === id)!.orientation, background: [0, 0, 0] as Types.Point3 },
          })),
        );
        engineRef.current = engine;
        setEngineReady(true);
      })
      .catch((e: unknown) => {
        for (const t of Object.values(trackersRef.current)) t.failed();
        onError({ code: 'renderer', message: `Cornerstone could not start (WebGL2 needed): ${toDisplayError(e).message}` });
      });

    return () => {
      disposed = true;
      resize.disconnect();
      for (const c of cleanups) c();
      trackersRef.current = {};
      engineRef.current = null;
      onShownVolumeRef.current?.(null);
      setEngineReady(false);
      engine?.destroy();
      if (shownVolumeRef.current !== null) releaseVolume(shownVolumeRef.current);
      shownVolumeRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keys of the views: 1–4 presets, I invert, L layouts, R reset, +/- zoom, arrows and
  // PageUp/PageDown scroll slices. Keys another control already handled are left alone.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (isMontageKey(e)) {
        setMontageOpen((o) => !o);
        return;
      }
      const p = presetForKey(e.key);
      if (p) {
        applyWindow(p, invertRef.current);
        return;
      }
      // Shift+arrows move the image a tenth of the pane, as a drag would.
      const pans: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const pan = pans[e.key];
      if (pan && e.shiftKey) {
        const vp = viewportOf(keyPane());
        if (!hasVolume(vp)) return;
        e.preventDefault();
        const w = vp.element.clientWidth;
        const h = vp.element.clientHeight;
        const from = vp.canvasToWorld([w / 2, h / 2]) as number[];
        const to = vp.canvasToWorld([w / 2 + (pan[0] * w) / 10, h / 2 + (pan[1] * h) / 10]) as number[];
        vp.setCamera(pannedCamera(vp.getCamera() as { focalPoint: number[]; position: number[] }, from, to) as Partial<Types.ICamera>);
        vp.render();
        return;
      }
      const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
      const step = steps[e.key];
      if (step !== undefined) {
        const vp = viewportOf(keyPane());
        if (!hasVolume(vp)) return;
        e.preventDefault();
        scrollSlices(vp, step);
        return;
      }
      switch (e.key) {
        case 'i':
        case 'I':
          applyWindow(winRef.current, !invertRef.current);
          break;
        case 'l':
        case 'L':
          setMaximised(null);
          setLayout((l) => nextLayout(l));
          break;
        case 'r':
        case 'R':
          resetViews();
          break;
        case 'f':
        case 'F': {
          const pane = keyPane();
          setMaximised((m) => (m === null ? pane : null));
          break;
        }
        case 'a':
        case 'A':
          if (!hasVolume(viewportOf('axial'))) return;
          setPlacingMode(!placingModeRef.current);
          break;
        case 'Escape':
          if (placingModeRef.current) setPlacingMode(false);
          else setMontageOpen(false);
          break;
        case 's':
        case 'S':
          applySlabSettings({ ...slabRef.current, on: !slabRef.current.on });
          break;
        case 't':
          applySlabSettings({ on: true, thicknessMm: slabRef.current.on ? stepSlab(slabRef.current.thicknessMm, 1) : slabRef.current.thicknessMm });
          break;
        case 'T':
          applySlabSettings({ on: true, thicknessMm: slabRef.current.on ? stepSlab(slabRef.current.thicknessMm, -1) : slabRef.current.thicknessMm });
          break;
        case '+':
        case '=':
          zoomPane(keyPane(), 1.25);
          break;
        case '-':
        case '_':
          zoomPane(keyPane(), 1 / 1.25);
          break;
        default:
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A change of the shown panes resizes them: Cornerstone's canvases must follow, and the
  // views are fitted again to their new shape (slices stay where they were). Not after a
  // restore from memory: the remembered zoom and pan win there.
  const slots = visibleSlots(layout, maximised, active);
  const slotsKey = slots.join(',');
  useEffect(() => {
    const engine = engineRef.current;
    if (!engine) return;
    engine.resize(true, true);
    if (keepCamerasRef.current) keepCamerasRef.current = false;
    else resetViews();
    renderAll();
    setCameraTick((t) => t + 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slotsKey]);

  // Remember the layout, window and views of the open scan (debounced: scrolling fires often).
  useEffect(() => {
    const key = memoryKeyRef.current;
    if (!volumeReady || !key) return;
    const timer = setTimeout(() => {
      const cameras: ViewMemory['cameras'] = {};
      for (const p of PANES) {
        const vp = viewportOf(p.id);
        if (!hasVolume(vp)) continue;
        const cam = vp.getCamera();
        const f = cam.focalPoint as number[];
        cameras[p.id] = { focalPoint: [f[0]!, f[1]!, f[2]!], parallelScale: cam.parallelScale ?? 0 };
      }
      saveViewMemory(viewStore(), key, { layout, window: winRef.current, inverted: invertRef.current, cross: crossRef.current, cameras, slab: slabRef.current });
    }, 300);
    return () => clearTimeout(timer);
  }, [volumeReady, layout, win, inverted, cameraTick, slab]);

  // Load the selected scan's volume into all three viewports, its current axial slice first
  // (straight from its file), then the rest in slabs nearest that slice first while a bar
  // shows the progress. The volume is built from the index's geometry before any voxel
  // arrives. Opening another scan stops the load (here and in the backend's worker). The
  // volume shown before is released only once no viewport references it (vtk would read
  // freed images otherwise).
  useEffect(() => {
    const engine = engineRef.current;
    const axialElement = axialRef.current;
    if (!engineReady || !engine || !axialElement || !scan) return;
    let cancelled = false;
    let complete = false;
    const volumeId = volumeIdFor(scan.id, ++loadCount);
    const viewports = PANES.map((p) => engine.getViewport<Types.IVolumeViewport>(p.id));
    const trackers = PANES.map((p) => trackersRef.current[p.id]);
    for (const t of trackers) t?.loading();
    markPerf('lungdesk:scan-open', { scanId: scan.id });
    setSlice(null);
    setSample(null);
    setVolumeReady(false);
    setLoadState({ state: 'loading', fraction: 0 });
    headerRef.current = null;
    voxelsRef.current = null;
    loadedRef.current = null;
    setMontageVolume(null);
    crossRef.current = null;
    onCrosshairRef.current?.(null);
    setPlacingMode(false);
    memoryKeyRef.current = null;
    const memoryKey = viewMemoryKey(scan.id, scan.seriesInstanceUid);
    onShownVolumeRef.current?.(null);

    const swapIn = (next: string | null): void => {
      const previous = shownVolumeRef.current;
      shownVolumeRef.current = next;
      if (previous !== null && previous !== next) releaseVolume(previous);
    };

    // Renders after a slab lands, at most once a frame.
    let renderQueued = false;
    const queueRender = (): void => {
      if (renderQueued) return;
      renderQueued = true;
      requestAnimationFrame(() => {
        renderQueued = false;
        if (!cancelled) renderAll();
      });
    };

    (async () => {
      const header = headerFromScan(scan);
      const [nx, ny, nz] = header.dims;
      const sliceSize = nx * ny;
      const memory = loadViewMemory(viewStore(), memoryKey);
      const k0 = startSlice(memory?.cameras.axial?.focalPoint, (p) => axialSliceOf(p, header), nz);
      const first = await api().getVolumeSlices({ scanId: scan.id, start: k0, count: 1 });
      if (cancelled) return;
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'first slice received' });
      if (!sameGeometry(first.header, header)) throw new Error(`${scan.path}: the scan's files no longer match the index (${first.header.dims.join('×')} voxels, the index says ${header.dims.join('×')}); re-index its dataset`);
      // Zeros: the GPU texture of slices not yet loaded holds zeros too (WebGL clears it).
      const voxels = new Int16Array(sliceSize * nz);
      voxels.set(int16Voxels({ dims: [nx, ny, 1] }, first.voxels), k0 * sliceSize);
      const loaded = new LoadedSlices(nz);
      loaded.add(k0, 1);
      const volume = createVolume(volumeId, header, voxels, scan.seriesInstanceUid, { streaming: { loaded: [k0] } });
      volume.vtkOpenGLTexture.setUpdatedFrame(k0);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'volume created' });
      await Promise.all(viewports.map((vp) => vp.setVolumes([{ volumeId, actorUID: volumeId }])));
      if (cancelled) {
        releaseVolume(volumeId);
        return;
      }
      swapIn(volumeId);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'viewports set' });
      headerRef.current = header;
      voxelsRef.current = voxels;
      loadedRef.current = loaded;
      setMontageVolume({ header, voxels });
      setLoadState({ state: 'partial', fraction: loaded.fraction });
      if (memory) {
        winRef.current = memory.window;
        invertRef.current = memory.inverted;
        setWin(memory.window);
        setInverted(memory.inverted);
        if (memory.slab) applySlabSettings(memory.slab, false);
        const restoredSlots = visibleSlots(memory.layout, null, activeRef.current).join(',');
        if (restoredSlots !== visibleSlots(layoutRef.current, maximisedRef.current, activeRef.current).join(',')) keepCamerasRef.current = true;
        setMaximised(null);
        setLayout(memory.layout);
      }
      for (const vp of viewports) vp.setProperties({ voiRange: voiRangeOf(winRef.current), invert: invertRef.current });
      // Onto slice k0 without a render (utilities.jumpToSlice would ask for one): no volume
      // render may start before the preview below has been painted.
      const axialVp = viewports[0]!;
      const slicePoint = voxelCornerToWorld([(nx - 1) / 2, (ny - 1) / 2, k0], header);
      axialVp.setCamera(cameraThrough(axialVp.getCamera() as { focalPoint: number[]; position: number[]; viewPlaneNormal: number[] }, slicePoint) as Partial<Types.ICamera>);
      applySlab(false);
      if (memory) {
        restoreViews(viewports, memory);
        onCrosshairRef.current?.(memory.cross);
      }
      memoryKeyRef.current = memoryKey;
      // The first picture: the slice on a 2D canvas where the view will draw it, painted
      // before the first volume render (which uploads every slice to the GPU) blocks a frame.
      const previewed = showPreview(viewports[0]!, header, voxels.subarray(k0 * sliceSize, (k0 + 1) * sliceSize), k0);
      if (previewed) {
        await nextFrame();
        await nextFrame();
        if (cancelled) return hidePreview();
        markPerf('lungdesk:first-pixels', { scanId: scan.id });
      }
      for (const vp of viewports) vp.render();
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'first render' });
      for (const t of trackers) t?.ready();
      setVolumeReady(true);
      setCameraTick((t) => t + 1);
      onShownVolumeRef.current?.({ scanId: scan.id, volumeId, header, renderingEngineId: engine.id, viewportIds: PANES.map((p) => p.id), render: renderAll });
      // The first render right after setVolumes can be an empty frame: render again on the
      // next frame, once vtk has uploaded the texture. The rest is asked for only then, so
      // no slab's upload delays the first picture.
      await nextFrame();
      hidePreview();
      if (cancelled) return;
      for (const vp of viewports) vp.render();
      await nextFrame();
      if (cancelled) return;
      if (!previewed) markPerf('lungdesk:first-pixels', { scanId: scan.id });

      // The rest, two requests in flight: one crosses the wire while the other is copied.
      const plan = slabPlan(nz, k0);
      let next = 0;
      let min = first.header.min;
      let max = first.header.max;
      const fetchSlabs = async (): Promise<void> => {
        while (!cancelled && next < plan.length) {
          const { start, count } = plan[next++]!;
          const r = await api().getVolumeSlices({ scanId: scan.id, start, count });
          if (cancelled) return;
          if (!sameGeometry(r.header, header)) throw new Error(`${scan.path}: the loaded volume's geometry differs from the index's; re-index its dataset`);
          voxels.set(int16Voxels({ dims: [nx, ny, count] }, r.voxels), start * sliceSize);
          releaseSlices(volume, start, count);
          loaded.add(start, count);
          // A slab read from its files carries its own range; a cached volume's, the whole one's.
          min = Math.min(min, r.header.min);
          max = Math.max(max, r.header.max);
          setLoadState({ state: loaded.complete ? 'complete' : 'partial', fraction: loaded.fraction });
          queueRender();
        }
      };
      await Promise.all([fetchSlabs(), fetchSlabs()]);
      if (cancelled) return;
      complete = true;
      finishStreaming(volume);
      headerRef.current = { ...header, min, max };
      requestAnimationFrame(() => {
        if (cancelled) return;
        renderAll();
        markPerf('lungdesk:volume-complete', { scanId: scan.id });
      });
    })().catch((e: unknown) => {
      if (cancelled) return;
      releaseVolume(volumeId);
      // Never leave the previous scan on screen under the new scan's name.
      for (const vp of viewports) {
        try {
          vp.removeAllActors();
          vp.render();
        } catch {
          // the viewport is already empty
        }
      }
      swapIn(null);
      hidePreview();
      headerRef.current = null;
      voxelsRef.current = null;
      loadedRef.current = null;
      setVolumeReady(false);
      setLoadState({ state: 'error', fraction: 0 });
      onShownVolumeRef.current?.(null);
      for (const t of trackers) t?.failed();
      onError(toDisplayError(e));
    });

    return () => {
      cancelled = true;
      hidePreview();
      if (!complete) api().cancelVolumeLoad({ scanId: scan.id }).catch(() => {});
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scan?.id, engineReady]);

  // A nodule focus: centre every view on its world centre and zoom to fit it.
  useEffect(() => {
    if (!focus || !volumeReady) return;
    const c = focus.annotation.center;
    const point: P3 = [c[0], c[1], c[2]];
    crossRef.current = point;
    onCrosshairRef.current?.(point);
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (!hasVolume(vp)) continue;
      const cam = vp.getCamera();
      const scale = fitScale(focus.annotation.diameterMm, vp.element.clientHeight / vp.element.clientWidth);
      vp.setCamera({ ...cameraCentredOn(cam as { focalPoint: number[]; position: number[] }, point), parallelScale: scale } as Partial<Types.ICamera>);
    }
    renderAll();
    setCameraTick((t) => t + 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.seq, volumeReady]);

  /** The circle being dragged out in placement mode, in canvas pixels. */
  const previewOf = (id: PaneId): { cx: number; cy: number; r: number; label: string | null } | null => {
    if (!placing || placing.pane !== id) return null;
    const vp = viewportOf(id);
    if (!hasVolume(vp)) return null;
    const [cx, cy] = vp.worldToCanvas(placing.center as Types.Point3);
    const [rx, ry] = vp.worldToCanvas(placing.rim as Types.Point3);
    const placed = placedNodule(placing.center, placing.rim);
    return { cx, cy, r: Math.hypot(rx - cx, ry - cy), label: placed ? placementLabel(placed.diameterMm) : null };
  };

  const overlays = computeOverlays(volumeReady, viewportOf, crossRef.current, annotations, selectedId, cameraTick);

  return (
    <section className="viewport-panel" aria-label="Reading room" data-volume-state={loadState.state} data-volume-progress={loadState.fraction.toFixed(3)}>
      <header className="viewport-panel__bar">
        <span>{scan ? `${scanTitle(scan)} · ${scanLabel(scan)}` : 'No scan selected'}</span>
        <span data-testid="slice-index">{sliceLabel(slice?.index ?? null, slice?.count ?? null)}</span>
        <span
          className="muted"
          data-testid="window-preset"
          data-preset={win.name}
          data-inverted={inverted ? 'true' : 'false'}
          title="Keys 1–4: lung, mediastinum, bone, seed range; right drag: width (horizontal) and level (vertical); I inverts"
        >
          {windowLabel(win, inverted)}
        </span>
        <span className="viewport-panel__slab" data-testid="slab-mip" data-on={slab.on ? 'true' : 'false'} data-thickness={slab.thicknessMm}>
          <button
            type="button"
            className={slab.on ? 'toggle toggle--on' : 'toggle'}
            aria-pressed={slab.on}
            title="S toggles the slab MIP; T thicker, Shift+T thinner"
            onClick={() => applySlabSettings({ ...slabRef.current, on: !slabRef.current.on })}
          >
            {slabLabel(slab)}
          </button>
          <input
            type="number"
            aria-label="Slab thickness (mm)"
            data-testid="slab-thickness"
            min={1}
            max={100}
            step={1}
            value={slab.thicknessMm}
            onChange={(e) => {
              const mm = Number(e.target.value);
              if (Number.isFinite(mm) && mm > 0) applySlabSettings({ on: slabRef.current.on, thicknessMm: mm });
            }}
          />
          <span className="muted">mm</span>
        </span>
        <span className="muted" data-testid="layout" data-layout={maximised ? 'maximised' : layout} title="L cycles layouts; double-click a pane to maximise it">
          {maximised ? 'maximised' : layoutLabel(layout)}
        </span>
        <span className="muted viewport-panel__help" title="Press ? for the keyboard map">
          <kbd>?</kbd> keys
        </span>
        {placingMode ? (
          <span className="viewport-panel__placing" data-testid="placement-mode" role="status">
            Add nodule: press at its centre, drag to its rim (Esc cancels)
          </span>
        ) : null}
        {loadState.state === 'loading' || loadState.state === 'partial' ? (
          <progress className="viewport-panel__progress" data-testid="volume-progress" value={loadState.fraction} max={1} title={`Loading the volume: ${Math.round(loadState.fraction * 100)} %`} />
        ) : null}
        <span className="viewport-panel__readout" data-testid="cursor-readout">
          {formatReadout(sample)}
        </span>
      </header>
      <div className={`viewport-grid ${gridClass(slots)}`}>
        {PANES.map((p) => {
          const state = renderStates[p.id];
          const ov = overlays[p.id];
          const shown = slots.includes(p.id);
          return (
            <div className={`viewport-panel__stage${shown ? '' : ' viewport-panel__stage--hidden'}`} key={p.id} aria-hidden={!shown}>
              <div
                ref={elementRefs[p.id]}
                className={placingMode ? 'viewport viewport--placing' : 'viewport'}
                data-testid={`viewport-${p.id}`}
                data-render-state={state}
                {...(p.id === 'axial' ? { 'data-slice-index': slice?.index ?? '', 'data-slice-count': slice?.count ?? '' } : {})}
              />
              {p.id === 'axial' ? <canvas ref={previewRef} className="viewport-preview" data-testid="viewport-preview" aria-hidden="true" /> : null}
              <svg className="viewport-overlay" aria-hidden="true">
                {ov.cross ? (
                  <g className="crosshair">
                    <line x1={ov.cross.x} x2={ov.cross.x} y1={0} y2="100%" />
                    <line y1={ov.cross.y} y2={ov.cross.y} x1={0} x2="100%" />
                  </g>
                ) : null}
                {ov.circles.map((c) => (
                  <circle
                    key={c.key}
                    cx={c.cx}
                    cy={c.cy}
                    r={c.r}
                    stroke={c.color}
                    className={c.selected ? 'nodule-circle nodule-circle--selected' : 'nodule-circle'}
                    data-nodule-id={c.key}
                  />
                ))}
                {(() => {
                  const pv = previewOf(p.id);
                  return pv ? (
                    <g className="placement-preview" data-testid={`placement-preview-${p.id}`}>
                      <circle cx={pv.cx} cy={pv.cy} r={Math.max(1, pv.r)} />
                      {pv.label ? (
                        <text x={pv.cx + pv.r + 6} y={pv.cy}>
                          {pv.label}
                        </text>
                      ) : null}
                    </g>
                  ) : null;
                })()}
                {ov.bar ? (
                  <g className="scale-bar" data-testid={`scale-bar-${p.id}`} data-mm={ov.bar.mm}>
                    <path d={`M ${ov.bar.x - ov.bar.px} ${ov.bar.y - 5} v 5 h ${ov.bar.px} v -5`} />
                    <text x={ov.bar.x - ov.bar.px / 2} y={ov.bar.y - 9} textAnchor="middle">
                      {ov.bar.label}
                    </text>
                  </g>
                ) : null}
              </svg>
              {ov.letters ? (
                <div className="orientation" data-testid={`orientation-${p.id}`} data-letters={`${ov.letters.top}${ov.letters.bottom}${ov.letters.left}${ov.letters.right}`}>
                  <span className="orientation__top">{ov.letters.top}</span>
                  <span className="orientation__bottom">{ov.letters.bottom}</span>
                  <span className="orientation__left">{ov.letters.left}</span>
                  <span className="orientation__right">{ov.letters.right}</span>
                </div>
              ) : null}
              <span className="viewport-panel__label">{p.label}</span>
              {state === 'loading' ? <div className="viewport-panel__overlay">Loading volume…</div> : null}
              {state === 'error' ? <div className="viewport-panel__overlay muted">This scan could not be shown (see the message above).</div> : null}
              {state === 'empty' && !scan && p.id === 'axial' ? <div className="viewport-panel__overlay muted">Select a scan to view it.</div> : null}
            </div>
          );
        })}
        {montageOpen ? (
          <div className="montage-overlay" data-testid="montage-overlay" role="dialog" aria-label="Slice montage">
            <div className="montage-overlay__bar">
              <strong>Slice montage</strong>
              <span className="muted">every Nth axial slice, in the current window · G or Esc closes</span>
              <button type="button" className="toggle" onClick={() => setMontageOpen(false)}>
                Close
              </button>
            </div>
            <SliceMontage volume={montageVolume} window={win} inverted={inverted} scanName={scan ? scanTitle(scan) : 'scan'} complete={loadState.state === 'complete'} />
          </div>
        ) : null}
        {slots.includes('3d') ? (
          <div className="viewport-panel__stage viewport-panel__stage--placeholder" data-testid="viewport-3d">
            <span className="viewport-panel__label">3D</span>
            <div className="viewport-panel__overlay muted">3D (coming)</div>
          </div>
        ) : null}
      </div>
    </section>
  );
}

/**
 * Crosshair and annotation circles per pane, in canvas pixels, from the current cameras. A
 * sphere of radius r whose centre lies d mm from a view's slice plane shows as a circle of
 * radius √(r² − d²) around the centre's foot on the plane.
 */
function computeOverlays(
  ready: boolean,
  viewportOf: (id: PaneId) => Types.IVolumeViewport | null,
  cross: P3 | null,
  annotations: readonly Annotation[],
  selectedId: number | null,
  _tick: number,
): Record<PaneId, PaneOverlay & { bar: (ScaleBar & { x: number; y: number }) | null }> {
  const blank = (): PaneOverlay & { bar: null } => ({ cross: null, circles: [], letters: null, bar: null });
  const out: Record<PaneId, PaneOverlay & { bar: (ScaleBar & { x: number; y: number }) | null }> = { axial: blank(), coronal: blank(), sagittal: blank() };
  if (!ready) return out;
  for (const p of PANES) {
    const vp = viewportOf(p.id);
    if (!vp || vp.getActors().length === 0) continue;
    const cam = vp.getCamera();
    const focal = cam.focalPoint as number[];
    const normal = cam.viewPlaneNormal as number[];
    const up = cam.viewUp as number[];
    out[p.id].letters = orientationLetters(up, normal);
    const w = vp.element.clientWidth;
    const h = vp.element.clientHeight;
    const bar = scaleBar(cam.parallelScale ?? 0, h, w);
    out[p.id].bar = bar ? { ...bar, x: w - 14, y: h - 10 } : null;
    if (cross) {
      const [x, y] = vp.worldToCanvas(projectOntoPlane(cross, focal, normal) as Types.Point3);
      out[p.id].cross = { x, y };
    }
    for (const a of annotations) {
      const section = sliceCircle(a.center, drawRadius(a), focal, normal);
      if (!section) continue;
      const { center: foot, radiusMm: r } = section;
      const [cx, cy] = vp.worldToCanvas(foot as Types.Point3);
      const rim = [foot[0] + r * up[0]!, foot[1] + r * up[1]!, foot[2] + r * up[2]!] as Types.Point3;
      const [rx, ry] = vp.worldToCanvas(rim);
      out[p.id].circles.push({ key: a.id, cx, cy, r: Math.max(2, Math.hypot(rx - cx, ry - cy)), color: SOURCE_COLORS[a.source], selected: a.id === selectedId });
    }
  }
  return out;
}
