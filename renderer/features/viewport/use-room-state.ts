import type { RenderingEngine, Types } from '@cornerstonejs/core';
import { useRef, useState } from 'react';
import type { VolumeHeader } from '../../../electron/common/contract';
import { AxialFastScroll } from './axial-fast-scroll';
import { DEFAULT_LAYOUT, type LayoutId, type PaneId, type SlotId } from './model/layouts';
import type { LoadedSlices, VolumeLoadState } from './model/progressive-load';
import type { CursorSample } from './model/readout';
import type { RenderState, SettleTracker } from './model/settle-tracker';
import { DEFAULT_SLAB, type SlabSettings } from './model/slab-mip';
import { voiRangeOf } from './model/volume-input';
import type { DisplayWindow } from './model/window-level';
import { WINDOW_PRESETS } from './model/window-presets';
import type { Placement } from './pane-overlays';
import type { PanePointerTool } from './pane-tool';
import type { WorldPoint as P3 } from './panes';
import type { ShownVolume } from './shown-volume';

/** The reading room's props that its effects read through refs (they run async). */
export interface RoomCallbacks {
  onShownVolume?: ((shown: ShownVolume | null) => void) | undefined;
  onCrosshair?: ((point: readonly [number, number, number] | null) => void) | undefined;
  pointerTool?: PanePointerTool | null | undefined;
}

/**
 * Every ref and piece of state the reading room's hooks share, in one place: the engine,
 * the volume being shown, the window, slab, crosshair, layout and placement. Effects read
 * the refs (they outlive the render that started them); the states drive the DOM.
 */
export function useRoomState({ onShownVolume, onCrosshair, pointerTool }: RoomCallbacks) {
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
  const [maximised, setMaximised] = useState<SlotId | null>(null);
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

  return {
    pointerToolRef, axialRef, elementRefs, engineRef, previewRef, onShownVolumeRef, onCrosshairRef, trackersRef,
    shownVolumeRef, headerRef, voxelsRef, loadedRef, slabRef, slab, setSlab, loadState, setLoadState, winRef,
    invertRef, crossRef, hoverRef, activeRef, memoryKeyRef, keepCamerasRef, layout, setLayout, maximised,
    setMaximised, active, setActive, layoutRef, maximisedRef, inverted, setInverted, renderStates, setRenderStates,
    slice, setSlice, engineReady, setEngineReady, volumeReady, setVolumeReady, sample, setSample, win, setWin,
    cameraTick, setCameraTick, placingModeRef, placingMode, setPlacingModeState, montageOpen, setMontageOpen,
    montageVolume, setMontageVolume, placing, setPlacing, viewportOf, fastScroll,
  };
}

/** What useRoomState hands the reading room's other hooks. */
export type RoomState = ReturnType<typeof useRoomState>;

/** A viewport that has the volume on it (viewports exist before any scan is opened). */
export const hasVolume = (vp: Types.IVolumeViewport | null): vp is Types.IVolumeViewport => vp !== null && vp.getActors().length > 0;
