import type { Types } from '@cornerstonejs/core';
import { useEffect } from 'react';
import type { ScanSummary } from '../../../electron/common/contract';
import { api } from '../../api';
import { scanOpening, scanOpened } from '../../scan-opening';
import { browserStore } from '../../browser-store';
import { toDisplayError, type DisplayError } from '../../display-error';
import { addSlices, allocateVolumeTexture, blankViewport, createStreamingVolume, finishStreaming, gpuCaughtUpWith, releaseVolume, setViewsVolume, streamVoxelsInto, uploadSlices } from './cornerstone-runtime';
import { arrangementKey } from './model/layouts';
import { planeAxisOfPane } from './model/plane-tile';
import { LoadedSlices, headerFromScan, sameGeometry, startSlice, streamOrder } from './model/progressive-load';
import { cameraThrough } from './model/slice-geometry';
import { voxelCornerToWorld } from './model/slice-preview';
import { throttle } from './model/stream-schedule';
import { loadViewMemory, viewMemoryKey } from './model/view-memory';
import { axialSliceOf, int16Voxels, voiRangeOf, volumeIdFor } from './model/volume-input';
import { PANES } from './panes';
import { markPerf } from './perf-marks';
import type { RoomState } from './use-room-state';
import type { ViewActions } from './view-actions';
import { SliceUploader } from './volume-stream';
import { drawPlanePicture } from './slice-preview-canvas';
import { warmUpSettled } from './rendering-warm-up';

let loadCount = 0;
/**
 * How often the progress bar moves while slices stream in, its first move too (a load done
 * sooner never moves it): each move is a page frame, which a software compositor draws on
 * the CPU the upload needs (~40 ms of it for a 1280×800 window).
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
 * Loads the selected scan's volume into all three viewports, its current axial slice first
 * (straight from its file, drawn on a 2D canvas as the first picture), then the rest over
 * one streamed call (streamVolumeSlices), the slabs next to that slice first and the rest from
 * the ends inward (model/progressive-load.ts streamOrder), put on the GPU as they come while
 * a bar shows the progress (volume-stream.ts); the views draw the volume once
 * it is whole, the first picture standing in for the axial one until then (any scroll, zoom
 * or window draws it sooner). The volume is built from the index's geometry before any voxel
 * arrives. Opening another scan stops the load (here, in the stream and in the backend).
 * The volume shown before is released only once no viewport references it (vtk would read
 * freed images otherwise). The view memory of the scan, if any, is restored on the way.
 */
export function useVolumeStream(scan: ScanSummary | null, room: RoomState, actions: ViewActions, onError: (e: DisplayError) => void): void {
  const { engineReady, engineRef, axialRef, trackersRef, fastScroll, headerRef, voxelsRef, loadedRef, crossRef, onCrosshairRef, onShownVolumeRef, memoryKeyRef, shownVolumeRef, winRef, invertRef, activeRef, layoutRef, maximisedRef, keepCamerasRef, slabRef } = room;
  const { setSlice, setSample, setVolumeReady, setLoadState, setMontageVolume, setWin, setInverted, setMaximised, setLayout, setCameraTick } = room;
  const { setPlacingMode, applySlabSettings, applySlab, restoreViews, showPreview, hidePreview, renderAll } = actions;
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
    // The panels' requests for this scan wait until its volume is on screen (scan-opening.ts).
    scanOpening(scan.id);
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
      // While the first slice crosses the wire: the volume, without voxels, on the axial view
      // (where its camera puts the slice is where the first picture goes). The voxels' array
      // and the other two views wait until that picture is painted. The answer is read only
      // once the click's task is over and the frame after it made (Chromium defers a page's
      // network tasks after an input until that frame): all three views set in that task held
      // the picture ~5 ms, the array's allocation set V8's incremental marking going.
      const volume = createStreamingVolume(volumeId, header, scan.seriesInstanceUid);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'volume created' });
      // A load given up before the volume is the one shown gives it back (one shown is
      // released by the next load's swap).
      const abandon = (): void => {
        if (shownVolumeRef.current !== volumeId) releaseVolume(volumeId);
      };
      // A warm-up of the views still running finishes first (rendering-warm-up.ts).
      await warmUpSettled();
      if (cancelled) return abandon();
      const [axialVp, ...otherVps] = viewports as [Types.IVolumeViewport, ...Types.IVolumeViewport[]];
      await setViewsVolume([axialVp], volumeId);
      if (cancelled) return abandon();
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'axial view set' });
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
      axialVp.setProperties({ voiRange: voiRangeOf(winRef.current), invert: invertRef.current });
      // Onto slice k0 without a render (utilities.jumpToSlice would ask for one): no volume
      // render may start before the preview below has been painted.
      const slicePoint = voxelCornerToWorld([(nx - 1) / 2, (ny - 1) / 2, k0], header);
      axialVp.setCamera(cameraThrough(axialVp.getCamera() as { focalPoint: number[]; position: number[]; viewPlaneNormal: number[] }, slicePoint) as Partial<Types.ICamera>);
      if (memory) restoreViews(viewports, memory, ['axial']);

      const first = await firstSlice;
      if (cancelled) return abandon();
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'first slice received' });
      if (!sameGeometry(first.header, header)) throw new Error(`${scan.path}: the scan's files no longer match the index (${first.header.dims.join('×')} voxels, the index says ${header.dims.join('×')}); re-index its dataset`);
      const firstVoxels = int16Voxels({ dims: [nx, ny, 1] }, first.voxels);
      // The first picture: the slice on a 2D canvas where the view will draw it, painted
      // before the first volume render (shaders, the texture) blocks a frame.
      const previewed = showPreview(axialVp, header, firstVoxels, k0);
      if (previewed) {
        await afterNextPaint();
        if (cancelled) {
          hidePreview();
          return abandon();
        }
        markPerf('lungdesk:first-pixels', { scanId: scan.id });
      }

      // Zeros: the GPU texture of slices not yet loaded holds zeros too (WebGL clears it).
      const voxels = new Int16Array(sliceSize * nz);
      streamVoxelsInto(volume, voxels);
      voxels.set(firstVoxels, k0 * sliceSize);
      addSlices(volume, k0, 1, first.header);
      // The slice readout and the montage read these; a slice not in `loaded` is "loading".
      const loaded = new LoadedSlices(nz);
      loaded.add(k0, 1);
      headerRef.current = header;
      voxelsRef.current = voxels;
      loadedRef.current = loaded;
      setMontageVolume({ header, voxels });
      setLoadState({ state: 'partial', fraction: loaded.fraction });
      await setViewsVolume(otherVps, volumeId);
      if (cancelled) return abandon();
      swapIn(volumeId);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'viewports set' });
      for (const vp of otherVps) vp.setProperties({ voiRange: voiRangeOf(winRef.current), invert: invertRef.current });
      applySlab(false);
      if (memory) {
        restoreViews(viewports, memory, ['coronal', 'sagittal']);
        onCrosshairRef.current?.(memory.cross);
      }
      memoryKeyRef.current = memoryKey;

      // The rest streams in from now on, over one call; what arrives is put on the GPU a few
      // slices at a time once the texture exists (made below). Asked for only now: a slab
      // landing before the picture's paint delays it.
      let uploadedSlices = 1;
      let min = first.header.min;
      let max = first.header.max;
      progress = throttle(() => {
        if (!cancelled) setLoadState({ state: 'partial', fraction: uploadedSlices / nz });
      }, PROGRESS_BAR_MS, false);
      const order = streamOrder(nz, k0);
      // Slices sent again at the end change nothing on screen: no redraw for them.
      let resending = false;
      const uploader = new SliceUploader(volume, {
        chunkSlices: UPLOAD_CHUNK_SLICES,
        centre: k0,
        stopped: () => cancelled,
        uploaded: ({ start, count }) => {
          uploadedSlices = Math.min(nz, uploadedSlices + count);
          // The axial view shows its slice (or MIP slab): redrawn when that arrives.
          const k = axialSliceOf(axialVp.getCamera().focalPoint as number[], header);
          const reach = slabRef.current.on ? Math.ceil(slabRef.current.thicknessMm / header.spacing[2]! / 2) : 0;
          if (!resending && start <= k + reach && start + count > k - reach) axialVp.render();
          progress?.request();
        },
      });
      let firstSlabMarked = false;
      // The rest over one streamed call, in streamOrder's order as the host reads them.
      const fetching = api().streamVolumeSlices({ scanId: scan.id, slabs: order.slabs }, (r) => {
        if (cancelled) return false;
        const { start, count } = r;
        if (!sameGeometry(r.header, header)) throw new Error(`${scan.path}: the loaded volume's geometry differs from the index's; re-index its dataset`);
        voxels.set(int16Voxels({ dims: [nx, ny, count] }, r.voxels), start * sliceSize);
        loaded.add(start, count);
        uploader.add({ start, count, min: r.header.min, max: r.header.max });
        if (!firstSlabMarked || loaded.complete) markPerf('lungdesk:stage', { scanId: scan.id, stage: loaded.complete ? 'last slab received' : 'first slab received' });
        firstSlabMarked = true;
        // A slab read from its files carries its own range; a cached volume's, the whole one's.
        min = Math.min(min, r.header.min);
        max = Math.max(max, r.header.max);
        return true;
      });
      // Awaited below, after the first render; a failure then rejects this load.
      fetching.catch(() => {});
      // The axial view is not drawn while the slices stream in unless something asks for it
      // (a scroll, a zoom, a window): its preview stands in, and the texture is made now
      // without a draw. A MIP slab is drawn at once (the preview shows one slice). Coronal and
      // sagittal hold one line so far: drawn at the end.
      const deferred = previewed && !slabRef.current.on && allocateVolumeTexture(volume, axialVp);
      // Slice k0 on the texture at once: a draw before the end (a zoom, say) shows it.
      if (deferred) uploadSlices(volume, k0, 1);
      else axialVp.render();
      for (const vp of viewports.slice(1)) blankViewport(vp);
      markPerf('lungdesk:stage', { scanId: scan.id, stage: 'first render' });
      for (const t of trackers) t?.ready();
      if (deferred) fastScroll.standIn(axialVp);
      setVolumeReady(true);
      setCameraTick((t) => t + 1);
      onShownVolumeRef.current?.({ scanId: scan.id, volumeId, header, renderingEngineId: engine.id, viewportIds: PANES.map((p) => p.id), render: renderAll, voxels });
      // The preview gives way once the view has drawn (unless a scroll step drew on it since).
      if (!deferred) {
        await nextFrame();
        if (!fastScroll.showing) hidePreview();
      }
      if (cancelled) return;
      // The texture exists now (made above, or by the view's draw in this frame).
      uploader.start();
      if (!previewed) {
        await nextFrame();
        if (cancelled) return;
        markPerf('lungdesk:first-pixels', { scanId: scan.id });
      }
      await fetching;
      await uploader.drained();
      if (cancelled) return;
      // Sent again so that ANGLE can drop its clear of the texture (streamOrder says how).
      resending = true;
      for (const slab of order.resend) uploader.add({ ...slab, min, max });
      await uploader.drained();
      if (cancelled) return;
      progress.cancel();
      complete = true;
      finishStreaming(volume);
      headerRef.current = { ...header, min, max };
      setLoadState({ state: 'complete', fraction: 1 });
      // The axial view was drawn when its slice (or slab) arrived, or its preview still stands
      // in for it (nothing drew it since the first picture); coronal and sagittal have not
      // been drawn. Their planes are cut on the CPU and painted on their own canvases first
      // (a frame after the last slice), and the views' own draws (on a software GPU ~100–150
      // ms: the staged slices written into the texture, three ray casts) follow once that
      // frame is out, drawing the same planes over them. A MIP slab or an oblique view is
      // drawn by the GPU at once.
      const drawViews = (): void => {
        for (const vp of viewports) if (vp !== axialVp || fastScroll.showing) vp.render();
      };
      const voi = voiRangeOf(winRef.current);
      const pictured = !slabRef.current.on && otherVps.every((vp) => {
        const axis = planeAxisOfPane(vp.id);
        return axis !== null && drawPlanePicture(vp, header, voxels, axis, voi, invertRef.current);
      });
      if (pictured) {
        // Stood in for until the views' own draws: not "settled" before them.
        for (const t of trackers.slice(1)) t?.awaitRender();
        await afterNextPaint();
      } else {
        drawViews();
        // Cornerstone draws on the next frame; this frame callback runs after it.
        await nextFrame();
      }
      if (!cancelled) markPerf('lungdesk:volume-complete', { scanId: scan.id });
      scanOpened(scan.id);
      if (pictured) {
        await nextFrame();
        if (cancelled) return;
        drawViews();
        // Cornerstone issues the draws in the next frame: the GPU's mark goes after them.
        await nextFrame();
      }
      // The mark above is the page's. This one is when the GPU has done the views' draws.
      if (!cancelled && (await gpuCaughtUpWith(volume)) && !cancelled) markPerf('lungdesk:volume-drawn', { scanId: scan.id });
    })().catch((e: unknown) => {
      scanOpened(scan.id);
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
      scanOpened(scan.id);
      fastScroll.cancel();
      progress?.cancel();
      hidePreview();
      if (!complete) api().cancelVolumeLoad({ scanId: scan.id }).catch(() => {});
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scan?.id, engineReady]);
}
