import { useCallback, useRef, useState } from 'react';
import { browserStore } from '../../browser-store';
import { DEFAULT_THREE_D_SETTINGS, loadThreeDSettings, saveThreeDSettings, threeDSettingsKey, type ThreeDSettings } from './model/surface-settings';

/** The 3D pane's settings of the open scan, loaded from and saved to its memory (as the overlays' are). */
export function useThreeDSettings(scan: { id: number; seriesInstanceUid: string } | null) {
  const key = scan ? threeDSettingsKey(scan.id, scan.seriesInstanceUid) : null;
  const [memory, setMemory] = useState<{ key: string | null; settings: ThreeDSettings }>(() => ({ key, settings: key ? loadThreeDSettings(browserStore(), key) : DEFAULT_THREE_D_SETTINGS }));
  let current = memory;
  if (memory.key !== key) {
    current = { key, settings: key ? loadThreeDSettings(browserStore(), key) : DEFAULT_THREE_D_SETTINGS };
    setMemory(current);
  }
  const ref = useRef(current);
  ref.current = current;
  const update = useCallback((change: (s: ThreeDSettings) => ThreeDSettings) => {
    const { key: k, settings } = ref.current;
    const next = change(settings);
    if (next === settings) return;
    ref.current = { key: k, settings: next };
    setMemory(ref.current);
    if (k) saveThreeDSettings(browserStore(), k, next);
  }, []);
  return { settings: current.settings, update, settingsRef: ref };
}
