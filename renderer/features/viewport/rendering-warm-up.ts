import type { Types } from '@cornerstonejs/core';
import { useEffect } from 'react';
import type { VolumeHeader } from '../../../electron/common/contract';
import { addSlices, blankViewport, createStreamingVolume, releaseVolume, setViewsVolume, streamVoxelsInto } from './cornerstone-runtime';
import { voiRangeOf } from './model/volume-input';
import { PANES } from './panes';
import type { RoomState } from './use-room-state';

/**
 * The first volume the reading room draws costs far more than every later one: its volume
 * programs compile and link (~130 ms of the page's thread on LIDC-IDRI-0001's first open,
 * waiting on the software GPU) while the scan's slabs wait to be uploaded. So while the room
 * waits for a scan, it draws a tiny volume once in its own three views, the way a scan is
 * drawn (a streaming int16 volume, half-float texture, the current window), then takes it
 * off again and blanks them: the programs stay compiled in the views' context. The panes keep
 * saying "Select a scan" (their settle trackers count no render before a scan's content is
 * ready). A load that starts meanwhile waits for the warm-up before it sets its volume
 * (`warmUpSettled`), so the two never share the views.
 */

const WARM_UP_DIMS: [number, number, number] = [16, 16, 8];
/** Waits for idle time at most this long before warming up anyway. */
const IDLE_TIMEOUT_MS = 1000;

let running: Promise<void> = Promise.resolve();
let done = false;

/** Resolves when no warm-up is running (at once when none ever ran or it is over). */
export function warmUpSettled(): Promise<void> {
  return running;
}

function warmUpHeader(): VolumeHeader {
  return { scanId: 0, dims: WARM_UP_DIMS, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype: 'int16', min: -2000, max: -2000, missingSlices: [] };
}

/** Resolves after the next two frames (a render requested now has been drawn). */
function twoFrames(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

async function warmUp(room: RoomState): Promise<void> {
  const engine = room.engineRef.current;
  if (!engine || room.shownVolumeRef.current !== null) return;
  const volumeId = 'lungdesk-warm-up';
  const viewports = PANES.map((p) => engine.getViewport<Types.IVolumeViewport>(p.id));
  const [nx, ny, nz] = WARM_UP_DIMS;
  // Air outside the field: black in every window, under the panes' "Select a scan".
  const volume = createStreamingVolume(volumeId, warmUpHeader(), 'lungdesk-warm-up');
  streamVoxelsInto(volume, new Int16Array(nx * ny * nz).fill(-2000));
  addSlices(volume, 0, nz, { min: -2000, max: -2000 });
  try {
    await setViewsVolume(viewports, volumeId);
    for (const vp of viewports) {
      vp.setProperties({ voiRange: voiRangeOf(room.winRef.current), invert: room.invertRef.current });
      vp.render();
    }
    await twoFrames();
  } catch {
    // A warm-up that fails costs the first scan its head start, nothing more.
  } finally {
    for (const vp of viewports) {
      try {
        vp.removeAllActors();
        blankViewport(vp);
      } catch {
        // the view is gone with its engine
      }
    }
    releaseVolume(volumeId);
  }
}

/** Warms the reading room's views up once, in idle time, while no scan is selected. */
export function useRenderingWarmUp(room: RoomState, scanSelected: boolean): void {
  const { engineReady } = room;
  useEffect(() => {
    if (!engineReady || scanSelected || done) return;
    const idle = (window as unknown as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
    const cancelIdle = (window as unknown as { cancelIdleCallback?: (id: number) => void }).cancelIdleCallback;
    const start = (): void => {
      if (done) return;
      done = true;
      running = warmUp(room);
    };
    const id = idle ? idle(start, { timeout: IDLE_TIMEOUT_MS }) : window.setTimeout(start, 200);
    return () => (idle && cancelIdle ? cancelIdle(id) : window.clearTimeout(id));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engineReady, scanSelected]);
}
