import { RenderingEngine } from '@cornerstonejs/core';
import { useEffect } from 'react';
import { toDisplayError, type DisplayError } from '../../display-error';
import { ensureCornerstone, releaseVolume } from './cornerstone-runtime';
import { SettleTracker } from './model/settle-tracker';
import { axialSliceOf } from './model/volume-input';
import { paneEvents } from './pane-events';
import { PANES, nextEngineId, paneViewportInputs } from './panes';
import { hasVolume, type RoomState } from './use-room-state';
import type { ViewActions } from './view-actions';

/**
 * The Cornerstone rendering engine and its three viewports, alive as long as the reading
 * room: started once WebGL is up, each pane's pointer events and settle tracker bound, and
 * the canvases resized with their panes. Torn down (and the shown volume released) on unmount.
 */
export function useViewportEngine(room: RoomState, actions: ViewActions, onError: (e: DisplayError) => void): void {
  // The closures of the first render serve for the component's life: they read refs only.
  useEffect(() => {
    const { elementRefs, viewportOf, fastScroll, headerRef, voxelsRef, loadedRef, winRef, invertRef, trackersRef, engineRef, onShownVolumeRef, shownVolumeRef } = room;
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
      room.setSlice((prev) => (prev?.index === k && prev.count === header.dims[2] ? prev : { index: k, count: header.dims[2] }));
    };

    const events = paneEvents({
      volumeViewport: (id) => {
        const vp = viewportOf(id);
        return hasVolume(vp) ? vp : null;
      },
      scroll: (id, delta) => {
        const vp = viewportOf(id);
        if (hasVolume(vp)) actions.scrollPane(id, vp, delta);
      },
      pointerTool: () => room.pointerToolRef.current,
      rendered: (id) => {
        if (id === 'axial') fastScroll.rendered();
      },
      cursorVolume: () => {
        const header = headerRef.current;
        const voxels = voxelsRef.current;
        return header && voxels ? { header, voxels, loaded: loadedRef.current } : null;
      },
      window: () => winRef.current,
      setWindow: (w) => actions.applyWindow(w, invertRef.current),
      placingMode: () => room.placingModeRef.current,
      setPlacing: room.setPlacing,
      finishPlacement: actions.finishPlacement,
      setCrosshair: actions.setCrosshair,
      setSample: room.setSample,
      enter: (id) => {
        room.hoverRef.current = id;
      },
      leave: (id) => {
        if (room.hoverRef.current === id) room.hoverRef.current = null;
        room.setSample(null);
      },
      activate: (id) => {
        room.activeRef.current = id;
        room.setActive(id);
      },
      toggleMaximised: (id) => room.setMaximised((m) => (m === id ? null : id)),
      cameraChanged: (id) => {
        // A zoom, pan or jump while fast steps wait: render the view for real with it.
        if (id === 'axial' && !fastScroll.ownChange) fastScroll.flush();
        if (id === 'axial') updateSlice();
        room.setCameraTick((t) => t + 1);
      },
    });
    for (const { id, el } of elements) {
      const tracker = new SettleTracker((s) => room.setRenderStates((prev) => (prev[id] === s ? prev : { ...prev, [id]: s })));
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
      room.setCameraTick((t) => t + 1);
    });
    for (const { el } of elements) resize.observe(el!);

    ensureCornerstone()
      .then(() => {
        if (disposed) return;
        engine = new RenderingEngine(nextEngineId());
        engine.setViewports(paneViewportInputs(elements));
        engineRef.current = engine;
        room.setEngineReady(true);
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
      room.setEngineReady(false);
      engine?.destroy();
      if (shownVolumeRef.current !== null) releaseVolume(shownVolumeRef.current);
      shownVolumeRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
