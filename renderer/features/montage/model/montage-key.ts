import type { KeyCommand } from '../../../key-commands';

/** The key suggested for opening and closing the montage (free in the keyboard map). */
export const MONTAGE_KEY = 'G';

/** Whether a key event toggles the montage: "g" or "G" (grid), without Ctrl, Cmd or Alt. */
export function isMontageKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return e.key.toUpperCase() === MONTAGE_KEY && !e.ctrlKey && !e.metaKey && !e.altKey;
}

/** The montage's own keys while it is shown. */
export const MONTAGE_COMMANDS: readonly KeyCommand<'export'>[] = [{ action: 'export', chords: [{ key: 'x' }], keys: ['X'], label: 'Export the montage as PNG (while it is shown)' }];
