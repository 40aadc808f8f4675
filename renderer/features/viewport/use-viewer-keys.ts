import type { Types } from '@cornerstonejs/core';
import { useEffect, useRef } from 'react';
import { isAppKey } from '../../keyboard';
import type { PaneId } from './model/layouts';
import { stepSlab, type SlabSettings } from './model/slab-mip';
import { viewerKeyAction } from './model/viewer-keys';
import type { DisplayWindow } from './model/window-level';
import { panViewByTenth } from './viewport-cameras';

/** What the views' keys do to the reading room. */
export interface ViewerKeysHost {
  toggleMontage(): void;
  closeMontage(): void;
  preset(w: DisplayWindow): void;
  invert(): void;
  /** The pane keys act on (under the mouse, else the last clicked) when it shows a volume. */
  keyViewport(): { id: PaneId; vp: Types.IVolumeViewport } | null;
  scroll(id: PaneId, vp: Types.IVolumeViewport, slices: number): void;
  nextLayout(): void;
  reset(): void;
  toggleMaximised(): void;
  canPlace(): boolean;
  placing(): boolean;
  setPlacing(on: boolean): void;
  slab(): SlabSettings;
  setSlab(next: SlabSettings): void;
  zoom(factor: number): void;
}

/**
 * The views' keys (model/viewer-keys.ts) on the reading room. Keys another control already
 * handled (a prompt, the mask editor's Esc) are left alone.
 */
export function useViewerKeys(host: ViewerKeysHost): void {
  const ref = useRef(host);
  ref.current = host;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isAppKey(e)) return;
      const action = viewerKeyAction(e);
      if (!action) return;
      const h = ref.current;
      switch (action.kind) {
        case 'montage':
          return h.toggleMontage();
        case 'preset':
          return h.preset(action.preset);
        case 'pan': {
          const k = h.keyViewport();
          if (!k) return;
          e.preventDefault();
          return panViewByTenth(k.vp, action.dx, action.dy);
        }
        case 'scroll': {
          const k = h.keyViewport();
          if (!k) return;
          e.preventDefault();
          return h.scroll(k.id, k.vp, action.slices);
        }
        case 'invert':
          return h.invert();
        case 'next-layout':
          return h.nextLayout();
        case 'reset':
          return h.reset();
        case 'maximise':
          return h.toggleMaximised();
        case 'place':
          if (h.canPlace()) h.setPlacing(!h.placing());
          return;
        case 'escape':
          if (h.placing()) h.setPlacing(false);
          else h.closeMontage();
          return;
        case 'slab':
          return h.setSlab({ ...h.slab(), on: !h.slab().on });
        case 'slab-thicker':
        case 'slab-thinner': {
          const s = h.slab();
          return h.setSlab({ on: true, thicknessMm: s.on ? stepSlab(s.thicknessMm, action.kind === 'slab-thicker' ? 1 : -1) : s.thicknessMm });
        }
        case 'zoom':
          return h.zoom(action.factor);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
