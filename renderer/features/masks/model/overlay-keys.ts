import { commandFor, type KeyCommand, type KeyPress } from '../../../key-commands';
import { OPACITY_STEP, stepOpacity, toggleStyles, toggleVisible, withLayer, withLungDilated, type OverlaySettings } from './overlay-settings';

/** What a key does to the overlays. */
export type OverlayKeyAction = 'toggle-lung' | 'toggle-nodules' | 'toggle-style' | 'opacity-down' | 'opacity-up' | 'toggle-dilated';

/**
 * The overlays' keys: M / Shift+M show and hide the lung and nodule layers, O switches fill
 * and outline, [ ] change the opacity, W the lung layer's dilation (W for "wider": D
 * belongs to the review's reject). Letters case-blind, Shift deciding.
 */
export const OVERLAY_COMMANDS: readonly KeyCommand<OverlayKeyAction>[] = [
  { action: 'toggle-lung', chords: [{ key: 'm', shift: false }], keys: ['M'], label: 'Show / hide the lung mask' },
  { action: 'toggle-nodules', chords: [{ key: 'm', shift: true }], keys: ['Shift+M'], label: 'Show / hide the nodule mask' },
  { action: 'toggle-style', chords: [{ key: 'o', shift: false }], keys: ['O'], label: 'Switch fill / outline of the shown masks' },
  { action: 'opacity-down', chords: [{ key: '[' }], keys: ['['], label: 'Less / more opacity of the shown masks', line: 'opacity' },
  { action: 'opacity-up', chords: [{ key: ']' }], keys: [']'], label: 'More opacity', line: 'opacity' },
  { action: 'toggle-dilated', chords: [{ key: 'w', shift: false }], keys: ['W'], label: 'Lung overlay: the mask itself (default) / its dilation (wider)' },
];

/** The overlay action of a key press, or null (the table above). */
export function overlayKeyAction(e: KeyPress): OverlayKeyAction | null {
  return commandFor(OVERLAY_COMMANDS, e)?.action ?? null;
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

/** The mask jobs' keys: K runs the lung mask, Shift+K segments the nodules (case-blind, Shift deciding, as for M). */
export const MASK_JOB_COMMANDS: readonly KeyCommand<'lung' | 'nodules'>[] = [
  { action: 'lung', chords: [{ key: 'k', shift: false }], keys: ['K'], label: 'Run the lung mask / segment the nodules of the open scan', line: 'jobs' },
  { action: 'nodules', chords: [{ key: 'k', shift: true }], keys: ['Shift+K'], label: 'Segment the nodules', line: 'jobs' },
];

/** The mask job a key starts, or null. */
export function maskJobKey(e: KeyPress): 'lung' | 'nodules' | null {
  return commandFor(MASK_JOB_COMMANDS, e)?.action ?? null;
}
