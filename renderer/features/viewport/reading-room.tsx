import { useEffect } from 'react';
import type { Lesion, MaskVersionInfo, ScanSummary } from '../../../electron/common/contract';
import type { DisplayError } from '../../display-error';
import type { DrawingMode, LesionFocus } from '../review';
import { scanTitle } from '../scan-list';
import { ThreePane, useThreeDKeys, type SlicePositions } from '../three-d';
import { MissingSlicesNotice } from './missing-slices-notice';
import { fitScale, indexToWorld } from './model/slice-geometry';
import { worldToIndex } from './model/volume-input';
import { arrangementKey, gridClass, nextLayout, visibleSlots, type PaneId } from './model/layouts';
import { MontageOverlay } from './montage-overlay';
import { computeOverlays, placementCircle, type PlacementCircle } from './pane-overlays';
import { PaneStage } from './pane-stage';
import type { PanePointerTool } from './pane-tool';
import { PANES, type WorldPoint as P3 } from './panes';
import type { ShownVolume } from './shown-volume';
import { hasVolume, useRoomState } from './use-room-state';
import { useViewerKeys } from './use-viewer-keys';
import { useViewMemory } from './use-view-memory';
import { useRenderingWarmUp } from './rendering-warm-up';
import { useViewportEngine } from './use-viewport-engine';
import { useVolumeStream } from './use-volume-stream';
import { viewActions } from './view-actions';
import { ViewerToolbar } from './viewer-toolbar';
import { centreView } from './viewport-cameras';

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
  onPickLesion,
  maskVersions = [],
  onRunMask,
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
  /** A lesion clicked in the 3D view: select it in the list. */
  onPickLesion?: (key: string) => void;
  /** The scan's mask versions, any of which the 3D view can draw. */
  maskVersions?: readonly MaskVersionInfo[];
  /** Starts the lung mask / nodule segmentation job (the 3D view offers it when there is no mask to mesh). */
  onRunMask?: (kind: 'lung' | 'nodules') => void;
}) {
  const room = useRoomState({ onShownVolume, onCrosshair, pointerTool });
  const { engineRef, elementRefs, previewRef, onCrosshairRef, headerRef, slabRef, winRef, invertRef, crossRef, keepCamerasRef, placingModeRef } = room;
  const { slab, loadState, layout, setLayout, maximised, setMaximised, active, inverted, renderStates, slice, volumeReady, sample, win, cameraTick, setCameraTick, placingMode, montageOpen, setMontageOpen, montageVolume, placing, viewportOf } = room;
  const actions = viewActions(room, onError);
  const { scrollPane, renderAll, applyWindow, applySlabSettings, keyPane, setPlacingMode, zoomPane, resetViews } = actions;

  // The engine and the three viewports live as long as the component (use-viewport-engine.ts).
  useViewportEngine(room, actions, onError);
  // The first scan of the page draws as soon as the next ones (rendering-warm-up.ts).
  useRenderingWarmUp(room, scan !== null);

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

  // Shift+3 (#): the 3D view maximised, and back.
  useThreeDKeys('global', () => false, (a) => {
    if (a.kind === 'toggle-3d') setMaximised((m) => (m === '3d' ? null : '3d'));
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

  // Remember the layout, window and views of the open scan (use-view-memory.ts).
  useViewMemory(room);

  // Load the selected scan's volume into all three viewports (use-volume-stream.ts).
  useVolumeStream(scan, room, actions, onError);

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

  /**
   * Where the three slice views cut the volume, for the 3D clipping plane: each view's focal
   * point moved to the centre of the slice it shows (the nearest voxel plane along its axis).
   */
  const slicePositions = (): SlicePositions | null => {
    const grid = headerRef.current;
    if (!volumeReady || !grid) return null;
    const shownSlice = (id: PaneId, axis: 0 | 1 | 2): number | null => {
      const vp = viewportOf(id);
      const focal = hasVolume(vp) ? vp.getCamera().focalPoint : undefined;
      if (!focal) return null;
      const ijk = worldToIndex(focal, grid);
      ijk[axis] = Math.round(ijk[axis]);
      return indexToWorld(ijk, grid)[axis];
    };
    const axialZ = shownSlice('axial', 2);
    const coronalY = shownSlice('coronal', 1);
    const sagittalX = shownSlice('sagittal', 0);
    return axialZ === null || coronalY === null || sagittalX === null ? null : { axialZ, coronalY, sagittalX };
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
          <ThreePane
            scan={scan}
            lesions={lesions}
            selectedKey={selectedKey}
            crosshair={crossRef.current}
            slices={slicePositions()}
            maskVersions={maskVersions}
            maximised={maximised === '3d'}
            onPickPoint={(p) => actions.setCrosshair([p[0], p[1], p[2]])}
            onPickLesion={(key) => onPickLesion?.(key)}
            onToggleMaximised={() => setMaximised((m) => (m === '3d' ? null : '3d'))}
            onRunMask={onRunMask}
            onError={onError}
          />
        ) : null}
      </div>
    </section>
  );
}
