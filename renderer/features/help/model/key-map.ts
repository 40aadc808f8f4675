// Model files of the features, not their index (which pulls in React).
import { commandFor, mapLines, type KeyCommand } from '../../../key-commands';
import { EXPORT_COMMANDS } from '../../export/model/export-commands';
import { HISTOGRAM_COMMANDS } from '../../histogram/model/histogram-keys';
import { MASK_JOB_COMMANDS, OVERLAY_COMMANDS } from '../../masks/model/overlay-keys';
import { MASK_EDIT_COMMANDS } from '../../mask-editor/model/editor-commands';
import { MONTAGE_COMMANDS } from '../../montage/model/montage-key';
import { OWN_MARK_COMMANDS, REVIEW_COMMANDS } from '../../review/model/review-commands';
import { SCAN_LIST_COMMANDS } from '../../scan-list/model/scan-list-keys';
import { THREE_D_COMMANDS, THREE_D_GLOBAL_COMMANDS } from '../../three-d/model/three-d-keys';
import { PLACE_COMMANDS, VIEW_COMMANDS, WINDOW_COMMANDS } from '../../viewport/model/viewer-keys';

/** One line of the keyboard map: the keys and what they do. */
export interface KeyBinding {
  keys: string[];
  action: string;
}
export interface KeyGroup {
  title: string;
  bindings: KeyBinding[];
}

export const HELP_COMMANDS: readonly KeyCommand<'toggle'>[] = [{ action: 'toggle', chords: [{ key: '?' }], keys: ['?'], label: 'Show / hide this map (Esc closes)' }];

/**
 * Every key and mouse gesture of the app, grouped as the overlay shows them: built from the
 * features' command tables, the rows their key handlers run.
 */
export const KEY_MAP: readonly KeyGroup[] = [
  { title: 'Scans', bindings: mapLines(SCAN_LIST_COMMANDS) },
  { title: 'Review', bindings: mapLines(REVIEW_COMMANDS) },
  { title: 'Nodules', bindings: mapLines([...PLACE_COMMANDS, ...OWN_MARK_COMMANDS]) },
  { title: 'Views', bindings: mapLines([...VIEW_COMMANDS, ...MONTAGE_COMMANDS, ...HISTOGRAM_COMMANDS]) },
  { title: 'Window', bindings: mapLines(WINDOW_COMMANDS) },
  { title: '3D view (keys with the mouse over it)', bindings: mapLines([...THREE_D_GLOBAL_COMMANDS, ...THREE_D_COMMANDS]) },
  { title: 'Mask overlays', bindings: mapLines([...OVERLAY_COMMANDS, ...MASK_JOB_COMMANDS]) },
  { title: 'Mask editing', bindings: mapLines(MASK_EDIT_COMMANDS) },
  { title: 'Export', bindings: mapLines(EXPORT_COMMANDS) },
  { title: 'Help', bindings: mapLines(HELP_COMMANDS) },
];

/** Whether a key event toggles the map ("?" on any layout, shift included). */
export function isHelpKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  // Fields copied one by one: a KeyboardEvent's are prototype getters, which a spread drops.
  return commandFor(HELP_COMMANDS, { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: true }) !== null;
}
