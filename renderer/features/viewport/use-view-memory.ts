import { useEffect } from 'react';
import { browserStore } from '../../browser-store';
import { saveViewMemory, type ViewMemory } from './model/view-memory';
import { PANES } from './panes';
import { hasVolume, type RoomState } from './use-room-state';
import { viewCamera } from './viewport-cameras';

/**
 * Remembers the layout, window, slab, crosshair and views of the open scan, so reopening it
 * puts them back (use-volume-stream.ts restores them). Debounced: scrolling fires often.
 */
export function useViewMemory(room: RoomState): void {
  const { memoryKeyRef, viewportOf, winRef, invertRef, crossRef, slabRef, volumeReady, layout, win, inverted, cameraTick, slab } = room;
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
    // The refs are stable; the states listed are what a save is due for.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [volumeReady, layout, win, inverted, cameraTick, slab]);
}
