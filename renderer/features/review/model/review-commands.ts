import { commandFor, type KeyChord, type KeyCommand, type KeyPress } from '../../../key-commands';

/**
 * The review's commands: one row each with its keys, its label and its button's text. The
 * key handler, the keyboard map (?) and the review bar's buttons all read this table, so a
 * key shown anywhere is the key that works.
 */
export type ReviewCommandId =
  | 'next-lesion'
  | 'previous-lesion'
  | 'accept'
  | 'accept-with-size'
  | 'reject'
  | 'second-read'
  | 'clear'
  | 'undo'
  | 'scan-done'
  | 'next-undecided'
  | 'queue-mode'
  | 'toggle-drawing'
  | 'source-drawing';

/** A review command: a row of the command table, with the text of its button. */
export interface ReviewCommand extends KeyCommand<ReviewCommandId> {
  /** Short text on its button. */
  button: string;
}

const key = (k: string, shift = false): KeyChord => ({ key: k, shift });

export const REVIEW_COMMANDS: readonly ReviewCommand[] = [
  { action: 'next-lesion', chords: [key('n')], keys: ['N'], label: 'Next lesion', button: 'Next' },
  { action: 'previous-lesion', chords: [key('p')], keys: ['P'], label: 'Previous lesion', button: 'Previous' },
  { action: 'accept', chords: [key('y')], keys: ['Y'], label: 'Accept the lesion', button: 'Accept' },
  { action: 'accept-with-size', chords: [key('y', true)], keys: ['Shift+Y'], label: 'Accept with an edited diameter (Enter saves, Esc cancels)', button: 'Accept ⌀…' },
  { action: 'reject', chords: [key('d')], keys: ['D'], label: 'Reject: pick the reason with 1–8, Enter confirms, Esc cancels', button: 'Reject…' },
  { action: 'second-read', chords: [key('b')], keys: ['B'], label: 'Send to a second read', button: 'Second read' },
  { action: 'clear', chords: [{ key: 'Backspace' }], keys: ['Backspace'], label: 'Make the lesion undecided again', button: 'Clear' },
  { action: 'undo', chords: [key('u')], keys: ['U', 'Ctrl+Z'], label: 'Undo the last decision or scan done', button: 'Undo' },
  { action: 'scan-done', chords: [key('d', true)], keys: ['Shift+D'], label: 'Scan done: confirm nothing was missed (Enter confirms)', button: 'Scan done…' },
  { action: 'next-undecided', chords: [key('q')], keys: ['Q'], label: 'Next undecided lesion, in any scan of the dataset', button: 'Next undecided' },
  { action: 'queue-mode', chords: [key('q', true)], keys: ['Shift+Q'], label: 'Queue mode: every decision moves on to the next undecided lesion', button: 'Queue' },
  { action: 'toggle-drawing', chords: [key('v')], keys: ['V'], label: 'Hide / show all annotation drawing', button: 'Hide drawing' },
  { action: 'source-drawing', chords: [key('v', true)], keys: ['Shift+V'], label: 'One contour per lesion / every reader’s own drawing', button: 'Per source' },
];

/** The command a key press runs, or null. Ctrl/Cmd+Z is undo; other chords are not the review's. */
export function reviewCommandFor(e: KeyPress): ReviewCommandId | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'z' || e.key === 'Z')) return 'undo';
  return commandFor(REVIEW_COMMANDS, e)?.action ?? null;
}

export function reviewCommand(id: ReviewCommandId): ReviewCommand {
  return REVIEW_COMMANDS.find((c) => c.action === id)!;
}

/** "Accept the lesion (Y)": a button's tooltip with its keys. */
export function commandTitle(id: ReviewCommandId): string {
  const c = reviewCommand(id);
  return `${c.label} (${c.keys.join(' / ')})`;
}

/** Editing the reader's own mark on the selected lesion (listed with the nodules). */
export const OWN_MARK_COMMANDS: readonly KeyCommand<'edit' | 'delete'>[] = [
  { action: 'edit', chords: [{ key: 'e', shift: false }], keys: ['E'], label: 'Edit your mark on the selected lesion: Enter saves, Esc cancels' },
  { action: 'delete', chords: [{ key: 'Delete' }], keys: ['Delete'], label: 'Delete your mark on the selected lesion: Enter confirms, Esc keeps' },
];
