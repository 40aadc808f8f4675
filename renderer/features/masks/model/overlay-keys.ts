import { OPACITY_STEP, stepOpacity, toggleStyles, toggleVisible, withLayer, withLungDilated, type OverlaySettings } from './overlay-settings';

/** What a key does to the overlays. */
export type OverlayKeyAction = 'toggle-lung' | 'toggle-nodules' | 'toggle-style' | 'opacity-down' | 'opacity-up' | 'toggle-dilated';

/** The keys as the keyboard map lists them. */
export const OVERLAY_KEYS: Readonly<Record<OverlayKeyAction, string>> = {
  'toggle-lung': 'M',
  'toggle-nodules': 'Shift+M',
  'toggle-style': 'O',
  'opacity-down': '[',
  'opacity-up': ']',
  'toggle-dilated': 'W',
};

/**
 * The overlay action of a key press, or null. Letters are read case-blind with Shift
 * deciding (Caps Lock must not turn M into Shift+M); Ctrl, Cmd and Alt presses belong to
 * the system and are never taken.
 */
export function overlayKeyAction(e: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): OverlayKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'm':
    case 'M':
      return e.shiftKey ? 'toggle-nodules' : 'toggle-lung';
    case 'o':
    case 'O':
      return e.shiftKey ? null : 'toggle-style';
    // W for "wider": the dilated lung mask (D belongs to the review's reject).
    case 'w':
    case 'W':
      return e.shiftKey ? null : 'toggle-dilated';
    case '[':
      return 'opacity-down';
    case ']':
      return 'opacity-up';
    default:
      return null;
  }
}

/** The settings after an action. */
export function applyOverlayKey(s: OverlaySettings, action: OverlayKeyAction): OverlaySettings {
  switch (action) {
    case 'toggle-lung':
      return toggleVisible(s, 'lung');
    case 'toggle-nodules':
      return toggleVisible(s, 'nodules');
    case 'toggle-style':
      return toggleStyles(s);
    case 'opacity-down':
      return stepOpacity(s, -OPACITY_STEP);
    case 'opacity-up':
      return stepOpacity(s, OPACITY_STEP);
    case 'toggle-dilated':
      // Shown as well: asking for the dilated mask means wanting to see it.
      return withLayer(withLungDilated(s, !s.lung.dilated), 'lung', { visible: true });
  }
}

/**
 * The mask job a key starts, or null: K runs the lung mask, Shift+K segments the nodules
 * (case-blind, Shift deciding, as for M).
 */
export function maskJobKey(e: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): 'lung' | 'nodules' | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key !== 'k' && e.key !== 'K') return null;
  return e.shiftKey ? 'nodules' : 'lung';
}
