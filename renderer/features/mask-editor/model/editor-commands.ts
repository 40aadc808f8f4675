import { commandFor, type KeyCommand, type KeyPress } from '../../../key-commands';

/** The editing tools a pointer drives on the panes (one active at a time). */
export type ToolId = 'brush' | 'eraser' | 'threshold' | 'scissors' | 'fill' | 'islands';

/** Operations on the whole mask, run once from a key or a button. */
export type MaskOpId = 'interpolate' | 'grow' | 'shrink' | 'smooth' | 'keep-largest' | 'remove-small';

/** What a mask-editing key does. */
export type MaskEditAction =
  | { kind: 'tool'; tool: ToolId }
  | { kind: 'op'; op: MaskOpId }
  | { kind: 'size'; step: 1 | -1 }
  | { kind: 'label'; step: 1 | -1 }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'save' };

/** A Ctrl/Cmd chord: listed in the map, matched by `maskChordAction` (commandFor leaves chords to the system). */
const chord = (keys: string[], action: MaskEditAction, label: string, line?: string): KeyCommand<MaskEditAction> => ({ action, chords: [], keys, label, ...(line ? { line } : {}) });
const tool = (key: string, id: ToolId, label: string): KeyCommand<MaskEditAction> => ({ action: { kind: 'tool', tool: id }, chords: [{ key }], keys: [key.toUpperCase()], label });

/**
 * The mask editor's keys. Tools sit on the free number keys 5–0 (1–4 are window presets), as
 * Slicer's Segment Editor puts its effects on number keys; a second press of the tool's key,
 * or Esc, leaves it. Undo / redo / save are Ctrl chords and act on the mask only while it is
 * being edited (else Ctrl+Z stays the review's undo). Toolbar tooltips read these rows.
 */
export const MASK_EDIT_COMMANDS: readonly KeyCommand<MaskEditAction>[] = [
  tool('5', 'brush', 'Brush: paint the chosen label (circle on the slice, or sphere)'),
  tool('6', 'eraser', 'Eraser: clear the chosen label'),
  tool('7', 'threshold', 'Threshold brush: paint only voxels inside the HU range (lung / nodule presets)'),
  tool('8', 'scissors', 'Scissors: drag a rectangle to erase (or fill) inside, on this slice, a slab or all slices'),
  tool('9', 'fill', 'Flood fill from the click within an HU tolerance (2D or 3D)'),
  tool('0', 'islands', 'Islands: click keeps the island under it; buttons keep the largest / drop small ones'),
  { action: { kind: 'op', op: 'interpolate' }, chords: [{ key: 'j', shift: false }], keys: ['J'], label: 'Fill between slices: interpolate the chosen label across skipped slices' },
  { action: { kind: 'op', op: 'remove-small' }, chords: [{ key: 'u', shift: true }], keys: ['Shift+U'], label: 'Remove islands of the chosen label below the minimum volume (mm³)', line: 'islands' },
  { action: { kind: 'op', op: 'keep-largest' }, chords: [{ key: 'p', shift: true }], keys: ['Shift+P'], label: 'Keep only the largest island of the chosen label', line: 'islands' },
  { action: { kind: 'op', op: 'grow' }, chords: [{ key: 'j', shift: true }], keys: ['Shift+J'], label: 'Grow the chosen label by the margin (mm)', line: 'margin' },
  { action: { kind: 'op', op: 'shrink' }, chords: [{ key: 'n', shift: true }], keys: ['Shift+N'], label: 'Shrink the chosen label by the margin (mm)', line: 'margin' },
  { action: { kind: 'op', op: 'smooth' }, chords: [{ key: 'o', shift: true }], keys: ['Shift+O'], label: 'Smooth the chosen label' },
  { action: { kind: 'size', step: -1 }, chords: [{ key: ',' }], keys: [','], label: 'Brush smaller / larger', line: 'size' },
  { action: { kind: 'size', step: 1 }, chords: [{ key: '.' }], keys: ['.'], label: 'Brush larger', line: 'size' },
  { action: { kind: 'label', step: 1 }, chords: [{ key: 'c', shift: false }], keys: ['C'], label: 'Next / previous label to paint', line: 'label' },
  { action: { kind: 'label', step: -1 }, chords: [{ key: 'c', shift: true }], keys: ['Shift+C'], label: 'Previous label', line: 'label' },
  chord(['Ctrl+Z'], { kind: 'undo' }, 'Undo the last mask edit (while editing; else the review undo)', 'undo'),
  chord(['Ctrl+Shift+Z', 'Ctrl+Y'], { kind: 'redo' }, 'Redo', 'undo'),
  chord(['Ctrl+S'], { kind: 'save' }, 'Save the edited mask as a new version (asks for a note; Enter saves)'),
];

/** The editor's plain-key action of a press, or null (the table above). */
export function maskEditKeyAction(e: KeyPress): MaskEditAction | null {
  return commandFor(MASK_EDIT_COMMANDS, e)?.action ?? null;
}

/** The editor's Ctrl/Cmd chord of a press (undo, redo, save), or null. */
export function maskChordAction(e: KeyPress): MaskEditAction | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
  if (k === 'y' && !e.shiftKey) return { kind: 'redo' };
  if (k === 's' && !e.shiftKey) return { kind: 'save' };
  return null;
}

/** A toolbar tooltip: the row's label with its keys, "Brush: … (5)". */
export function maskCommandTitle(match: (a: MaskEditAction) => boolean): string {
  const row = MASK_EDIT_COMMANDS.find((c) => match(c.action));
  return row ? `${row.label} (${row.keys.join(' / ')})` : '';
}

/** The tooltip of a tool's button. */
export const toolTitle = (id: ToolId): string => maskCommandTitle((a) => a.kind === 'tool' && a.tool === id);
/** The tooltip of an operation's button. */
export const opTitle = (id: MaskOpId): string => maskCommandTitle((a) => a.kind === 'op' && a.op === id);
/** The tooltip of undo, redo or save. */
export const chordTitle = (kind: 'undo' | 'redo' | 'save'): string => maskCommandTitle((a) => a.kind === kind);
