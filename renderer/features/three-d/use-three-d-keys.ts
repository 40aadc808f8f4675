import { useEffect, useRef } from 'react';
import { isAppKey } from '../../keyboard';
import { globalThreeDKeyAction, paneKeyAction, type ThreeDAction } from './model/three-d-keys';

/**
 * The 3D keys (model/three-d-keys.ts). Listened for in the capture phase so that, with the
 * mouse over the 3D pane, its keys (A, P, L, R, S, I, arrows…) come before the slice views'
 * and the review's, which then see the press handled (defaultPrevented) and leave it.
 */
export function useThreeDKeys(scope: 'pane' | 'global', overPane: () => boolean, run: (a: ThreeDAction) => void, enabled = true): void {
  const ref = useRef({ overPane, run });
  ref.current = { overPane, run };
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (!isAppKey(e)) return;
      const action = scope === 'global' ? globalThreeDKeyAction(e) : ref.current.overPane() ? paneKeyAction(e) : null;
      if (!action) return;
      e.preventDefault();
      ref.current.run(action);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled, scope]);
}
