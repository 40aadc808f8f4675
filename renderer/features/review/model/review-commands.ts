/**
 * The review's commands: one row each with its keys, its label and its toolbar text. The key
 * handler, the keyboard map (?) and the review bar's buttons all read this table, so a key
 * shown anywhere is the key that works.
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

export interface ReviewCommand {
  id: ReviewCommandId;
  /** KeyboardEvent.key values that run it (Shift is part of the key: 'D' is Shift+D). */
  keys: readonly string[];
  /** How the keys are written for people. */
  keyLabels: readonly string[];
  /** What it does, for the keyboard map and tooltips. */
  label: string;
  /** Short text on its button. */
  button: string;
}

export const REVIEW_COMMANDS: readonly ReviewCommand[] = [
  { id: 'next-lesion', keys: ['n'], keyLabels: ['N'], label: 'Next lesion', button: 'Next' },
  { id: 'previous-lesion', keys: ['p'], keyLabels: ['P'], label: 'Previous lesion', button: 'Previous' },
  { id: 'accept', keys: ['y'], keyLabels: ['Y'], label: 'Accept the lesion', button: 'Accept' },
  { id: 'accept-with-size', keys: ['Y'], keyLabels: ['Shift+Y'], label: 'Accept with an edited diameter (Enter saves, Esc cancels)', button: 'Accept ⌀…' },
  { id: 'reject', keys: ['d'], keyLabels: ['D'], label: 'Reject: pick the reason with 1–8, Enter confirms, Esc cancels', button: 'Reject…' },
  { id: 'second-read', keys: ['b'], keyLabels: ['B'], label: 'Send to a second read', button: 'Second read' },
  { id: 'clear', keys: ['Backspace'], keyLabels: ['Backspace'], label: 'Make the lesion undecided again', button: 'Clear' },
  { id: 'undo', keys: ['u', 'z'], keyLabels: ['U', 'Ctrl+Z'], label: 'Undo the last decision or scan done', button: 'Undo' },
  { id: 'scan-done', keys: ['D'], keyLabels: ['Shift+D'], label: 'Scan done: confirm nothing was missed (Enter confirms)', button: 'Scan done…' },
  { id: 'next-undecided', keys: ['q'], keyLabels: ['Q'], label: 'Next undecided lesion, in any scan of the dataset', button: 'Next undecided' },
  { id: 'queue-mode', keys: ['Q'], keyLabels: ['Shift+Q'], label: 'Queue mode: every decision moves on to the next undecided lesion', button: 'Queue' },
  { id: 'toggle-drawing', keys: ['v'], keyLabels: ['V'], label: 'Hide / show all annotation drawing', button: 'Hide drawing' },
  { id: 'source-drawing', keys: ['V'], keyLabels: ['Shift+V'], label: 'One contour per lesion / every reader’s own drawing', button: 'Per source' },
];

/** The parts of a KeyboardEvent the table reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The command a key press runs, or null. Ctrl/Cmd+Z is undo; other chords are not the review's. */
export function reviewCommandFor(e: KeyPress): ReviewCommandId | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'z' || e.key === 'Z')) return 'undo';
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const cmd = REVIEW_COMMANDS.find((c) => c.keys.includes(e.key) && !(c.id === 'undo' && e.key === 'z'));
  return cmd?.id ?? null;
}

export function reviewCommand(id: ReviewCommandId): ReviewCommand {
  return REVIEW_COMMANDS.find((c) => c.id === id)!;
}

/** "Accept (Y)": a button's tooltip with its keys. */
export function commandTitle(id: ReviewCommandId): string {
  const c = reviewCommand(id);
  return `${c.label} (${c.keyLabels.join(' / ')})`;
}
