import { commandFor, type KeyCommand, type KeyPress } from '../../../key-commands';

/**
 * The export's command: one row with its key, its label and its button's text. The key
 * handler, the keyboard map (?) and the sidebar button read it, so the key shown is the key
 * that works. Shift+E: E alone edits the reader's own mark (review), so Shift makes it Export.
 */
export interface ExportCommand extends KeyCommand<'open-export'> {
  button: string;
}

export const EXPORT_COMMANDS: readonly ExportCommand[] = [
  {
    action: 'open-export',
    chords: [{ key: 'e', shift: true }],
    keys: ['Shift+E'],
    label: 'Export training set… (Enter starts when the preview is ready, Esc closes)',
    button: 'Export training set…',
  },
];

/** Whether a press opens the Export dialog. */
export function isExportKey(e: KeyPress): boolean {
  return commandFor(EXPORT_COMMANDS, e)?.action === 'open-export';
}

/** "Export training set… (Shift+E)": the button's tooltip with its keys. */
export function exportCommandTitle(): string {
  const c = EXPORT_COMMANDS[0]!;
  return `${c.button} (${c.keys.join(' / ')})`;
}
