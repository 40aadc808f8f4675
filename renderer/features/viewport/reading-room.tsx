import { Enums, RenderingEngine, type Types } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import type { Lesion, ScanSummary, VolumeHeader } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import { browserStore } from '../../browser-store';
import type { DrawingMode, LesionFocus } from '../review';
import { scanTitle } from '../scan-list';
import { addSlices, blankViewport, createStreamingVolume, ensureCornerstone, finishStreaming, releaseVolume } from './cornerstone-runtime';
import type { CursorSample } from './model/readout';
import { MissingSlicesNotice } from './missing-slices-notice';
import { SettleTracker, type RenderState } from './model/settle-tracker';
import { cameraThrough, fitScale } from './model/slice-geometry';
import { WINDOW_PRESETS } from './model/window-presets';
import { DEFAULT_LAYOUT, arrangementKey, gridClass, nextLayout, visibleSlots, type LayoutId, type PaneId } from './model/layouts';
import { loadViewMemory, saveViewMemory, viewMemoryKey, type ViewMemory } from './model/view-memory';
import type { DisplayWindow } from './model/window-level';
import { axialSliceOf, int16Voxels, voiRangeOf, volumeIdFor } from './model/volume-input';
import { LoadedSlices, headerFromScan, sameGeometry, slabPlan, startSlice, type VolumeLoadState } from './model/progressive-load';
import { fetchSlabs, throttle } from './model/stream-schedule';
import { SliceUploader } from './volume-stream';
import { placedNodule } from './model/nodule-placement';
import { voxelCornerToWorld } from './model/slice-preview';
import { DEFAULT_SLAB, clampSlab, type SlabSettings } from './model/slab-mip';
import { MontageOverlay } from './montage-overlay';
import { paneEvents } from './pane-events';
import { computeOverlays, placementCircle, type Placement, type PlacementCircle } from './pane-overlays';
import { PaneStage } from './pane-stage';
import type { PanePointerTool } from './pane-tool';
import { PANES, nextEngineId, paneViewportInputs, type WorldPoint as P3 } from './panes';
import { markPerf } from './perf-marks';
import { drawSlicePreview, hideSlicePreview } from './slice-preview-canvas';
import { AxialFastScroll } from './axial-fast-scroll';
import { ViewerToolbar } from './viewer-toolbar';
import { useViewerKeys } from './use-viewer-keys';
import { centreView, moveSliceThrough, resetViewKeepingSlice, scrollSlices, viewCamera, zoomView } from './viewport-cameras';

/**
 * The volume on the three viewports, for features that draw on them (mask overlays): the
 * Cornerstone ids to attach to, and a way to re-render after changing what they show.
 */
export interface ShownVolume {
  scanId: number;
  volumeId: string;
  header: VolumeHeader;
  /** The HU voxels (x fastest); slices still streaming in hold zeros. */
  voxels: Int16Array;
  renderingEngineId: string;
  viewportIds: readonly PaneId[];
  render: () => void;
}
let loadCount = 0;
/**
 * How often the progress bar moves while slices stream in: each move is a page frame, which
 * a software compositor draws on the CPU the upload needs.
 */
const PROGRESS_BAR_MS = 500;
/** Slices converted and uploaded between two turns of the browser while a volume streams in. */
const UPLOAD_CHUNK_SLICES = 8;

/** Resolves at the next animation frame (after the one in progress has painted). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/**
 * Resolves once the next frame has been painted: a task posted from its animation-frame
 * callback runs after that frame's paint, a frame sooner than waiting for the frame after.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    }),
  );
}


/**
 * The reading room: axial, coronal and sagittal Cornerstone3D volume viewports on one shared
 * volume. A click sets the crosshair point in all three; the readout follows the cursor;
 * keys 1–4 switch window presets; a lesion focus centres and zooms every view on it; each
 * lesion is drawn as its outline on the shown slice or the circle its sphere cuts from it
 * (pane-overlays.ts), per source, or not at all. Every pane carries
 * `data-render-state` (loading → rendering → settled) for e2e.
 */
export function ReadingRoom({
  scan,
  lesions,
  focus,
  selectedKey,
  drawing,
  onError,
  onShownVolume,
  onCrosshair,
  pointerTool,
}: {
  scan: ScanSummary | null;
  /** The scan's lesions: each drawn as one thin contour, per source, or not at all (`drawing`). */
  lesions: readonly Lesion[];
  focus: LesionFocus | null;
  selectedKey: string | null;
  drawing: DrawingMode;
  onError: (e: DisplayError) => void;
  /** Told when a scan's volume is on the three viewports (and null when it leaves them). */
  onShownVolume?: (shown: ShownVolume | null) => void;
  /** Told where the crosshair point is (LPS mm): the nodule form starts from it. */
  onCrosshair?: (point: readonly [number, number, number] | null) => void;
  /** The tool that takes the left button while it is active (the mask editor's), or null. */
  pointerTool?: PanePointerTool | null;
}) {
  const pointerToolRef = useRef(pointerTool ?? null);
  pointerToolRef.current = pointerTool ?? null;
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
  const [loadState, setLoadState] = useState<VolumeLoadState>({ state: 'idle', fraction: 0 });
  const winRef = useRef<DisplayWindow>(WINDOW_PRESETS[0]!);
  const invertRef = useRef(false);
  const crossRef = useRef<P3 | null>(null);
  // Keys act on the pane under the mouse, else on the last one clicked.
  const hoverRef = useRef<PaneId | null>(null);
  const activeRef = useRef<PaneId>('axial');
  const memoryKeyRef = useRef<string | null>(null);
  const keepCamerasRef = useRef(false);
  const [layout, setLayout] = useState<LayoutId>(DEFAULT_LAYOUT);
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
  const [placing, setPlacing] = useState<Placement | null>(null);

  const viewportOf = (id: PaneId): Types.IVolumeViewport | null => {
    try {
      return engineRef.current?.getViewport<Types.IVolumeViewport>(id) ?? null;
    } catch {
      return null;
    }
  };
  const hasVolume = (vp: Types.IVolumeViewport | null): vp is Types.IVolumeViewport => vp !== null && vp.getActors().length > 0;

  const fastScrollRef = useRef<AxialFastScroll | null>(null);
  fastScrollRef.current ??= new AxialFastScroll({
    canvas: () => previewRef.current,
    volume: () => {
      const header = headerRef.current;
      const voxels = voxelsRef.current;
      return header && voxels ? { header, voxels, loaded: loadedRef.current } : null;
    },
    voi: () => voiRangeOf(winRef.current),
    invert: () => invertRef.current,
    slabOn: () => slabRef.current.on,
    tracker: () => trackersRef.current.axial,
  });
  const fastScroll = fastScrollRef.current;

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

  /** Draws the first slice on the axial pane's preview canvas; false when it cannot. */
  const showPreview = (vp: Types.IVolumeViewport, header: VolumeHeader, slice: Int16Array, k: number): boolean =>
    drawSlicePreview(previewRef.current, vp, header, slice, k, voiRangeOf(winRef.current), invertRef.current);

  const hidePreview = (): void => hideSlicePreview(previewRef.current);

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
    setCameraTick((t) => t + 1);
  };

  /** Puts back a remembered crosshair and each view's slice, pan and zoom. */
  const restoreViews = (viewports: Types.IVolumeViewport[], memory: ViewMemory): void => {
    crossRef.current = memory.cross;
    PANES.forEach((p, i) => {
      const vp = viewports[i];
      const saved = memory.cameras[p.id];
      if (!vp || !saved) return;
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

    const events = paneEvents({
      volumeViewport: (id) => {
        const vp = viewportOf(id);
        return hasVolume(vp) ? vp : null;
      },
      scroll: (id, delta) => {
        const vp = viewportOf(id);
        if (hasVolume(vp)) scrollPane(id, vp, delta);
      },
      pointerTool: () => pointerToolRef.current,
      rendered: (id) => {
        if (id === 'axial') fastScroll.rendered();
      },
      cursorVolume: () => {
        const header = headerRef.current;
        const voxels = voxelsRef.current;
        return header && voxels ? { header, voxels, loaded: loadedRef.current } : null;
      },
      window: () => winRef.current,
      setWindow: (w) => applyWindow(w, invertRef.current),
      placingMode: () => placingModeRef.current,
      setPlacing,
      finishPlacement,
      setCrosshair,
      setSample,
      enter: (id) => {
        hoverRef.current = id;
      },
      leave: (id) => {
        if (hoverRef.current === id) hoverRef.current = null;
        setSample(null);
      },
      activate: (id) => {
        activeRef.current = id;
        setActive(id);
      },
      toggleMaximised: (id) => setMaximised((m) => (m === id ? null : id)),
      cameraChanged: (id) => {
        // A zoom, pan or jump while fast steps wait: render the view for real with it.
        if (id === 'axial' && !fastScroll.ownChange) fastScroll.flush();
        if (id === 'axial') updateSlice();
        setCameraTick((t) => t + 1);
      },
    });
    for (const { id, el } of elements) {
      const tracker = new SettleTracker((s) => setRenderStates((prev) => (prev[id] === s ? prev : { ...prev, [id]: s })));
      trackersRef.current[id] = tracker;
      const unbind = events.bind(id, el!, tracker);
      cleanups.push(() => {
        unbind();
        tracker.dispose();
      });
    }

    const resize = new ResizeObserver(() => {
      fastScroll.flush();
      engine?.resize(true, true);
      setCameraTick((t) => t + 1);
    });
    for (const { el } of elements) resize.observe(el!);

    ensureCornerstone()
      .then(() => {
        if (disposed) return;
        engine = new RenderingEngine(nextEngineId());
        engine.setViewports(paneViewportInputs(elements));
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

  // Keys of the views (use-viewer-keys.ts): what each does to this reading room.
  useViewerKeys({
    toggleMontage: () => setMontageOpen((o) => !o),
    closeMontage: () => setMontageOpen(false),
    preset: (w) => applyWindow(w, invertRef.current),
    invert: () => applyWindow(winRef.current, !invertRef.current),
    keyViewport: () => {
      const vp = viewportOf(keyPane());
      return hasVolume(vp) ? { id: keyPane(), vp } : null;
    },
    scroll: (id, vp, slices) => scrollPane(id, vp, slices),
    nextLayout: () => {
      setMaximised(null);
      setLayout((l) => nextLayout(l));
    },
    reset: resetViews,
    toggleMaximised: () => {
      const pane = keyPane();
      setMaximised((m) => (m === null ? pane : null));
    },
    canPlace: () => hasVolume(viewportOf('axial')),
    placing: () => placingModeRef.current,
    setPlacing: setPlacingMode,
    slab: () => slabRef.current,
    setSlab: (next) => applySlabSettings(next),
    zoom: (factor) => zoomPane(keyPane(), factor),
  });

  // A change of the shown panes resizes them: Cornerstone's canvases must follow, and the
  // views are fitted again to their new shape (slices stay where they were). Not after a
  // restore from memory: the remembered zoom and pan win there.
  const slots = visibleSlots(layout, maximised, active);
  const slotsKey = arrangementKey(layout, maximised, active);
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
        cameras[p.id] = viewCamera(vp);
      }
      saveViewMemory(browserStore(), key, { layout, window: winRef.current, inverted: invertRef.current, cross: crossRef.current, cameras, slab: slabRef.current });
    }, 300);
    return () => clearTimeout(timer);
  }, [volumeReady, layout, win, inverted, cameraTick, slab]);

  // Load the selected scan's volume into all three viewports, its current axial slice first
  // (straight from its file, drawn on a 2D canvas as the first picture), then the rest in
  // slabs nearest that slice first, put on the GPU as they come while a bar shows the
  // progress (volume-stream.ts). The volume is built from the index's geometry before any
  // voxel arrives. Opening another scan stops the load (here and in the backend's worker).
  // The volume shown before is released only once no viewport references it (vtk would read
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
    fastScroll.cancel();
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
    let progress: ReturnType<typeof throttle> | null = null;

    (async () => {
      const header = headerFromScan(scan);
      const [nx, ny, nz] = header.dims;
      const sliceSize = nx * ny;
      const memory = loadViewMemory(browserStore(), memoryKey);
      const k0 = startSlice(memory?.cameras.axial?.focalPoint, (p) => axialSliceOf(p, header), nz);
      const firstSlice = api().getVolumeSlices({ scanId: scan.id, start: k0, count: 1 });
      // Awaited below; a cancelled load never gets there and must not leave it unhandled.
      firstSlice.then(() => markPerf('lungdesk:stage', { scanId: scan.id, stage: 'first slice answered' })).catch(() => {});
      // While the first slice crosses the wire: the volume, without voxels, on the views.
      // Zeros: the GPU texture of slices not yet loaded holds zeros too (WebGL clears it).
      const voxels = new Int16Array(sliceSize * nz);
      const volume = createStreamingVolume(volumeId, header, voxels, scan.seriesInstanceUid);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'volume created' });
      await Promise.all(viewports.map((vp) => vp.setVolumes([{ volumeId, actorUID: volumeId }])));
      if (cancelled) {
        releaseVolume(volumeId);
        return;
      }
      swapIn(volumeId);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'viewports set' });
      // The slice readout and the montage read these; a slice not in `loaded` is "loading".
      const loaded = new LoadedSlices(nz);
      headerRef.current = header;
      voxelsRef.current = voxels;
      loadedRef.current = loaded;
      if (memory) {
        winRef.current = memory.window;
        invertRef.current = memory.inverted;
        setWin(memory.window);
        setInverted(memory.inverted);
        if (memory.slab) applySlabSettings(memory.slab, false);
        if (arrangementKey(memory.layout, null, activeRef.current) !== arrangementKey(layoutRef.current, maximisedRef.current, activeRef.current)) keepCamerasRef.current = true;
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

      const first = await firstSlice;
      if (cancelled) return;
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'first slice received' });
      if (!sameGeometry(first.header, header)) throw new Error(`${scan.path}: the scan's files no longer match the index (${first.header.dims.join('×')} voxels, the index says ${header.dims.join('×')}); re-index its dataset`);
      voxels.set(int16Voxels({ dims: [nx, ny, 1] }, first.voxels), k0 * sliceSize);
      addSlices(volume, k0, 1, first.header);
      loaded.add(k0, 1);
      setMontageVolume({ header, voxels });
      setLoadState({ state: 'partial', fraction: loaded.fraction });
      // The first picture: the slice on a 2D canvas where the view will draw it, painted
      // before the first volume render (shaders, the texture) blocks a frame.
      const previewed = showPreview(axialVp, header, voxels.subarray(k0 * sliceSize, (k0 + 1) * sliceSize), k0);
      if (previewed) {
        await afterNextPaint();
        if (cancelled) return hidePreview();
        markPerf('lungdesk:first-pixels', { scanId: scan.id });
      }

      // The rest streams in from now on, two requests in flight; what arrives is put on the
      // GPU a few slices at a time once the views have drawn once (the texture exists then).
      // Not before the first picture is painted: a slab landing meanwhile delays it.
      let uploadedSlices = 1;
      let min = first.header.min;
      let max = first.header.max;
      progress = throttle(() => {
        if (!cancelled) setLoadState({ state: 'partial', fraction: uploadedSlices / nz });
      }, PROGRESS_BAR_MS);
      const uploader = new SliceUploader(volume, {
        chunkSlices: UPLOAD_CHUNK_SLICES,
        stopped: () => cancelled,
        uploaded: ({ start, count }) => {
          uploadedSlices += count;
          // The axial view shows its slice (or MIP slab): redrawn when that arrives.
          const k = axialSliceOf(axialVp.getCamera().focalPoint as number[], header);
          const reach = slabRef.current.on ? Math.ceil(slabRef.current.thicknessMm / header.spacing[2]! / 2) : 0;
          if (start <= k + reach && start + count > k - reach) axialVp.render();
          progress?.request();
        },
      });
      let firstSlabMarked = false;
      const fetching = fetchSlabs(
        slabPlan(nz, k0),
        ({ start, count }) => api().getVolumeSlices({ scanId: scan.id, start, count }),
        ({ start, count }, r) => {
          if (!sameGeometry(r.header, header)) throw new Error(`${scan.path}: the loaded volume's geometry differs from the index's; re-index its dataset`);
          voxels.set(int16Voxels({ dims: [nx, ny, count] }, r.voxels), start * sliceSize);
          loaded.add(start, count);
          uploader.add({ start, count, min: r.header.min, max: r.header.max });
          if (!firstSlabMarked || loaded.complete) markPerf('lungdesk:stage', { scanId: scan.id, stage: loaded.complete ? 'last slab received' : 'first slab received' });
          firstSlabMarked = true;
          // A slab read from its files carries its own range; a cached volume's, the whole one's.
          min = Math.min(min, r.header.min);
          max = Math.max(max, r.header.max);
        },
        () => cancelled,
      );
      // Awaited below, after the first render; a failure then rejects this load.
      fetching.catch(() => {});
      // Coronal and sagittal hold one line so far: drawn once slices have arrived.
      axialVp.render();
      for (const vp of viewports.slice(1)) blankViewport(vp);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'first render' });
      for (const t of trackers) t?.ready();
      setVolumeReady(true);
      setCameraTick((t) => t + 1);
      onShownVolumeRef.current?.({ scanId: scan.id, volumeId, header, renderingEngineId: engine.id, viewportIds: PANES.map((p) => p.id), render: renderAll, voxels });
      // The preview gives way once the view has drawn (unless a scroll step drew on it since).
      await nextFrame();
      if (!fastScroll.showing) hidePreview();
      if (cancelled) return;
      await nextFrame();
      if (cancelled) return;
      if (!previewed) markPerf('lungdesk:first-pixels', { scanId: scan.id });
      uploader.start();
      await fetching;
      await uploader.drained();
      if (cancelled) return;
      progress.cancel();
      complete = true;
      finishStreaming(volume);
      headerRef.current = { ...header, min, max };
      setLoadState({ state: 'complete', fraction: 1 });
      // The axial view was drawn when its slice (or slab) arrived.
      for (const vp of viewports.slice(1)) vp.render();
      // Cornerstone draws on the next frame; this frame callback runs after it.
      await nextFrame();
      if (!cancelled) markPerf('lungdesk:volume-complete', { scanId: scan.id });
    })().catch((e: unknown) => {
      if (cancelled) return;
      progress?.cancel();
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
      fastScroll.cancel();
      progress?.cancel();
      hidePreview();
      if (!complete) api().cancelVolumeLoad({ scanId: scan.id }).catch(() => {});
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scan?.id, engineReady]);

  // A nodule focus: centre every view on its world centre and zoom to fit it.
  useEffect(() => {
    if (!focus || !volumeReady) return;
    const c = focus.center;
    const point: P3 = [c[0], c[1], c[2]];
    crossRef.current = point;
    onCrosshairRef.current?.(point);
    for (const p of PANES) {
      const vp = viewportOf(p.id);
      if (!hasVolume(vp)) continue;
      centreView(vp, point, fitScale(focus.diameterMm, vp.element.clientHeight / vp.element.clientWidth));
    }
    renderAll();
    setCameraTick((t) => t + 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.seq, volumeReady]);

  /** The circle being dragged out in placement mode on a pane, in canvas pixels. */
  const placementOf = (id: PaneId): PlacementCircle | null => {
    if (!placing || placing.pane !== id) return null;
    const vp = viewportOf(id);
    if (!hasVolume(vp)) return null;
    return placementCircle(vp, placing);
  };

  const overlays = computeOverlays(volumeReady, viewportOf, crossRef.current, headerRef.current, lesions, selectedKey, drawing, cameraTick);

  return (
    <section className="viewport-panel" aria-label="Reading room" data-volume-state={loadState.state} data-volume-progress={loadState.fraction.toFixed(3)}>
      <ViewerToolbar
        scan={scan}
        slice={slice}
        win={win}
        inverted={inverted}
        slab={slab}
        onSlabToggle={() => applySlabSettings({ ...slabRef.current, on: !slabRef.current.on })}
        onSlabThickness={(mm) => applySlabSettings({ on: slabRef.current.on, thicknessMm: mm })}
        layout={layout}
        maximised={maximised}
        placingMode={placingMode}
        loadState={loadState}
        sample={sample}
      />
      <MissingSlicesNotice scan={scan} slice={slice?.index ?? null} />
      <div className={`viewport-grid ${gridClass(slots, layout)}`}>
        {PANES.map((p) => (
          <PaneStage
            key={p.id}
            pane={p}
            shown={slots.includes(p.id)}
            viewportRef={elementRefs[p.id]}
            previewRef={previewRef}
            placingMode={placingMode}
            renderState={renderStates[p.id]}
            slice={slice}
            overlay={overlays[p.id]}
            placement={placementOf(p.id)}
            scanSelected={!!scan}
            volumeLoad={loadState}
          />
        ))}
        {montageOpen ? (
          <MontageOverlay
            volume={montageVolume}
            win={win}
            inverted={inverted}
            scanName={scan ? scanTitle(scan) : 'scan'}
            complete={loadState.state === 'complete'}
            onClose={() => setMontageOpen(false)}
          />
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
