import { useEffect, useRef, useState } from 'react';
import { isAppKey } from '../../keyboard';
import { histogramKeyAction } from './model/histogram-keys';
import type { useHistogram } from './use-histogram';

type Histogram = ReturnType<typeof useHistogram>;

/**
 * H and Shift+H from anywhere, the side panel open or closed: H computes the histogram (once)
 * and asks for it to be shown: `onShow` (the app opens the panel) and a new `revealSeq`,
 * on which the panel opens its section and scrolls it into view. Shift+H saves through the
 * panel's `saveRef` while it shows the histogram, else shows it.
 */
export function useHistogramKeys(histogram: Histogram, scanId: number | null, onShow: () => void) {
  const [revealSeq, setRevealSeq] = useState(0);
  const saveRef = useRef<(() => void) | null>(null);
  // The last reveal the panel acted on: a panel opened again later does not scroll again.
  const handledRef = useRef(0);
  const stateRef = useRef({ histogram, scanId, onShow });
  stateRef.current = { histogram, scanId, onShow };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isAppKey(e)) return;
      const { histogram: h, scanId: id, onShow: show } = stateRef.current;
      const action = histogramKeyAction(e, { scan: id !== null, ready: h.hist !== null, loading: h.loading });
      if (!action) return;
      e.preventDefault();
      if (action === 'save' && saveRef.current) return saveRef.current();
      if (action === 'compute') h.request();
      show();
      setRevealSeq((n) => n + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return { revealSeq, handledRef, saveRef };
}

export type HistogramKeys = ReturnType<typeof useHistogramKeys>;
