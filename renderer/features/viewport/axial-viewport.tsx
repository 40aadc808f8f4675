import { Enums, RenderingEngine, utilities, type Types } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import type { ScanSummary, VolumeHeader } from '../../../electron/common/contract';
import { api } from '../../api';
import { scanLabel, scanTitle } from '../scan-list';
import { toDisplayError, type DisplayError } from '../../display-error';
import { createVolumeFromBytes, ensureCornerstone, releaseVolume } from './cornerstone-runtime';
import { SettleTracker, type RenderState } from './model/settle-tracker';
import { LUNG_WINDOW, axialSliceOf, middleSlice, sliceLabel, voiRangeOf, volumeIdFor } from './model/volume-input';

const ENGINE_ID = 'lungdesk-engine';
const VIEWPORT_ID = 'axial';
let engineCount = 0;
let loadCount = 0;

/**
 * One axial slice of a scan in a Cornerstone3D orthographic volume viewport. The wheel
 * scrolls slices. `data-render-state` goes loading → rendering → settled; e2e waits on it.
 */
export function AxialViewport({ scan, onError }: { scan: ScanSummary | null; onError: (e: DisplayError) => void }) {
  const elementRef = useRef<HTMLDivElement>(null);
  const engineRef = useRef<RenderingEngine | null>(null);
  const trackerRef = useRef<SettleTracker | null>(null);
  const shownVolumeRef = useRef<string | null>(null);
  const headerRef = useRef<VolumeHeader | null>(null);
  const updateSliceRef = useRef<() => void>(() => {});
  const [renderState, setRenderState] = useState<RenderState>('empty');
  const [slice, setSlice] = useState<{ index: number; count: number } | null>(null);
  const [engineReady, setEngineReady] = useState(false);

  // The engine and viewport live as long as the component.
  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const tracker = new SettleTracker(setRenderState);
    trackerRef.current = tracker;
    let disposed = false;
    let engine: RenderingEngine | null = null;

    // The label shows the voxel slice k of the scan (as nodule lists and masks use it), not
    // Cornerstone's view-order slice index, which runs the other way for axial views.
    const updateSlice = (): void => {
      const vp = engine?.getViewport<Types.IVolumeViewport>(VIEWPORT_ID);
      const header = headerRef.current;
      if (!vp || !header || vp.getActors().length === 0) return;
      const k = axialSliceOf(vp.getCamera().focalPoint as number[], header);
      setSlice((prev) => (prev?.index === k && prev.count === header.dims[2] ? prev : { index: k, count: header.dims[2] }));
    };
    const onRendered = (): void => tracker.rendered();
    const onWheel = (e: WheelEvent): void => {
      const vp = engine?.getViewport<Types.IVolumeViewport>(VIEWPORT_ID);
      if (!vp || tracker.current === 'empty' || tracker.current === 'loading') return;
      e.preventDefault();
      vp.scroll(e.deltaY > 0 ? 1 : -1);
    };
    updateSliceRef.current = updateSlice;
    element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    element.addEventListener(Enums.Events.CAMERA_MODIFIED, updateSlice);
    element.addEventListener(Enums.Events.VOLUME_NEW_IMAGE, updateSlice);
    element.addEventListener('wheel', onWheel, { passive: false });
    element.oncontextmenu = (e) => e.preventDefault();

    const resize = new ResizeObserver(() => engine?.resize(true, true));
    resize.observe(element);

    ensureCornerstone()
      .then(() => {
        if (disposed) return;
        engine = new RenderingEngine(`${ENGINE_ID}-${++engineCount}`);
        engine.enableElement({
          viewportId: VIEWPORT_ID,
          type: Enums.ViewportType.ORTHOGRAPHIC,
          element,
          defaultOptions: { orientation: Enums.OrientationAxis.AXIAL, background: [0, 0, 0] as Types.Point3 },
        });
        engineRef.current = engine;
        setEngineReady(true);
      })
      .catch((e: unknown) => {
        tracker.failed();
        onError({ code: 'renderer', message: `Cornerstone could not start (WebGL2 needed): ${toDisplayError(e).message}` });
      });

    return () => {
      disposed = true;
      resize.disconnect();
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      element.removeEventListener(Enums.Events.CAMERA_MODIFIED, updateSlice);
      element.removeEventListener(Enums.Events.VOLUME_NEW_IMAGE, updateSlice);
      element.removeEventListener('wheel', onWheel);
      tracker.dispose();
      engineRef.current = null;
      setEngineReady(false);
      engine?.destroy();
      if (shownVolumeRef.current !== null) releaseVolume(shownVolumeRef.current);
      shownVolumeRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Load the selected scan's volume into the viewport. The volume shown before is released
  // only once the viewport no longer references it (vtk would read freed images otherwise).
  useEffect(() => {
    const engine = engineRef.current;
    const tracker = trackerRef.current;
    const element = elementRef.current;
    if (!engineReady || !engine || !tracker || !element || !scan) return;
    let cancelled = false;
    const volumeId = volumeIdFor(scan.id, ++loadCount);
    const viewport = engine.getViewport<Types.IVolumeViewport>(VIEWPORT_ID);
    tracker.loading();
    setSlice(null);
    headerRef.current = null;

    const swapIn = (next: string | null): void => {
      const previous = shownVolumeRef.current;
      shownVolumeRef.current = next;
      if (previous !== null && previous !== next) releaseVolume(previous);
    };

    (async () => {
      const { header, voxels } = await api().getVolume({ scanId: scan.id });
      if (cancelled) return;
      createVolumeFromBytes(volumeId, header, voxels, scan.seriesInstanceUid);
      await viewport.setVolumes([{ volumeId }]);
      if (cancelled) {
        releaseVolume(volumeId);
        return;
      }
      swapIn(volumeId);
      headerRef.current = header;
      viewport.setProperties({ voiRange: voiRangeOf(LUNG_WINDOW) });
      await utilities.jumpToSlice(element, { imageIndex: middleSlice(viewport.getNumberOfSlices()) });
      if (cancelled) return;
      viewport.render();
      tracker.ready();
      updateSliceRef.current();
      // The first render right after setVolumes can be an empty frame: render again on the
      // next frame, once vtk has uploaded the texture.
      requestAnimationFrame(() => {
        if (!cancelled) viewport.render();
      });
    })().catch((e: unknown) => {
      releaseVolume(volumeId);
      if (cancelled) return;
      // Never leave the previous scan on screen under the new scan's name.
      try {
        viewport.removeAllActors();
        viewport.render();
      } catch {
        // the viewport is already empty
      }
      swapIn(null);
      tracker.failed();
      onError(toDisplayError(e));
    });

    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scan?.id, engineReady]);

  return (
    <section className="viewport-panel" aria-label="Axial view">
      <header className="viewport-panel__bar">
        <span>{scan ? `${scanTitle(scan)} · ${scanLabel(scan)}` : 'No scan selected'}</span>
        <span data-testid="slice-index">{sliceLabel(slice?.index ?? null, slice?.count ?? null)}</span>
        <span className="muted">
          W {LUNG_WINDOW.width} / L {LUNG_WINDOW.level}
        </span>
      </header>
      <div className="viewport-panel__stage">
        <div
          ref={elementRef}
          className="viewport"
          data-testid="viewport-axial"
          data-render-state={renderState}
          data-slice-index={slice?.index ?? ''}
          data-slice-count={slice?.count ?? ''}
        />
        {renderState === 'loading' ? <div className="viewport-panel__overlay">Loading volume…</div> : null}
        {renderState === 'error' ? <div className="viewport-panel__overlay muted">This scan could not be shown (see the message above).</div> : null}
        {renderState === 'empty' && !scan ? <div className="viewport-panel__overlay muted">Select a scan to view it.</div> : null}
      </div>
    </section>
  );
}
