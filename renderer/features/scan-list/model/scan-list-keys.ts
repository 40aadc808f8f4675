import type { KeyCommand } from '../../../key-commands';

/**
 * The scan list's keys: `/` focuses the filter from anywhere but a text field; in the list,
 * ↑ ↓ move the cursor (with the mouse off the images, else they scroll the pane under it)
 * and Enter opens the scan under the cursor.
 */
export const SCAN_LIST_COMMANDS: readonly KeyCommand<'focus-filter' | 'up' | 'down' | 'open'>[] = [
  { action: 'focus-filter', chords: [{ key: '/' }], keys: ['/'], label: 'Focus the scan filter' },
  { action: 'up', chords: [{ key: 'ArrowUp', shift: false }], keys: ['↑'], label: 'Move in the scan list (mouse off the images)', line: 'move' },
  { action: 'down', chords: [{ key: 'ArrowDown', shift: false }], keys: ['↓'], label: 'Move down in the scan list', line: 'move' },
  { action: 'open', chords: [{ key: 'Enter' }], keys: ['Enter'], label: 'Open the scan under the cursor' },
];
