// The montage's key itself: its index also exports the React montage, which a model file
// (and its unit test, compiled without JSX) must not pull in.
import { MONTAGE_KEY } from '../../montage/model/montage-key';
import { commandFor, type KeyChord, type KeyCommand, type KeyPress } from '../../../key-commands';
import { WINDOW_PRESETS, type WindowPreset } from './window-presets';

/** What a key press asks of the reading room's views. */
export type ViewerKeyAction =
  | { kind: 'montage' }
  | { kind: 'preset'; preset: WindowPreset }
  /** Move the image a tenth of the pane (x right, y down), as a drag would. */
  | { kind: 'pan'; dx: number; dy: number }
  | { kind: 'scroll'; slices: number }
  | { kind: 'invert' }
  | { kind: 'next-layout' }
  | { kind: 'reset' }
  | { kind: 'maximise' }
  | { kind: 'place' }
  /** Leaves placement mode, else closes the montage. */
  | { kind: 'escape' }
  | { kind: 'slab' }
  | { kind: 'slab-thicker' }
  | { kind: 'slab-thinner' }
  | { kind: 'zoom'; factor: number };

/** The parts of a KeyboardEvent the mapping reads. */
export type ViewerKeyPress = KeyPress;

const ZOOM_STEP = 1.25;
const k = (key: string, shift?: boolean): KeyChord => (shift === undefined ? { key } : { key, shift });
/** A mouse gesture the panes handle: listed in the map, run by pane-events, not by a key. */
const gesture = (keys: string[], label: string, line?: string): KeyCommand<null> => ({ action: null, chords: [], keys, label, ...(line ? { line } : {}) });

/**
 * The views' keys and gestures, in the order the keyboard map lists them. Letters work in
 * either case unless Shift means something else (t thickens the slab, Shift+T thins it;
 * Shift with an arrow pans instead of scrolling).
 */
export const VIEW_COMMANDS: readonly KeyCommand<ViewerKeyAction | null>[] = [
  gesture(['Wheel'], 'Scroll slices in the pane under the mouse'),
  { action: { kind: 'scroll', slices: -1 }, chords: [k('ArrowUp', false)], keys: ['↑'], label: 'Scroll slices (pane under the mouse, else the last clicked)', line: 'scroll' },
  { action: { kind: 'scroll', slices: 1 }, chords: [k('ArrowDown', false)], keys: ['↓'], label: 'Scroll one slice down', line: 'scroll' },
  { action: { kind: 'scroll', slices: -10 }, chords: [k('PageUp')], keys: ['PageUp'], label: 'Scroll ten slices up', line: 'scroll' },
  { action: { kind: 'scroll', slices: 10 }, chords: [k('PageDown')], keys: ['PageDown'], label: 'Scroll ten slices down', line: 'scroll' },
  gesture(['Click'], 'Set the crosshair point in all views (beside the image: the nearest point of the volume)'),
  gesture(['Double-click'], 'Maximise the pane (under the mouse) / restore the layout', 'maximise'),
  { action: { kind: 'maximise' }, chords: [k('f')], keys: ['F'], label: 'Maximise the pane / restore the layout', line: 'maximise' },
  { action: { kind: 'next-layout' }, chords: [k('l')], keys: ['L'], label: 'Cycle layouts: 1+2, 1×3, 2×2, 1×1' },
  gesture(['Ctrl+Wheel'], 'Zoom', 'zoom'),
  { action: { kind: 'zoom', factor: ZOOM_STEP }, chords: [k('+'), k('=')], keys: ['+'], label: 'Zoom in', line: 'zoom' },
  { action: { kind: 'zoom', factor: 1 / ZOOM_STEP }, chords: [k('-'), k('_')], keys: ['-'], label: 'Zoom out', line: 'zoom' },
  gesture(['Middle drag', 'Shift+drag'], 'Pan', 'pan'),
  { action: { kind: 'pan', dx: -1, dy: 0 }, chords: [k('ArrowLeft', true)], keys: ['Shift+←↑→↓'], label: 'Pan left', line: 'pan' },
  { action: { kind: 'pan', dx: 1, dy: 0 }, chords: [k('ArrowRight', true)], keys: [], label: 'Pan right', line: 'pan' },
  { action: { kind: 'pan', dx: 0, dy: -1 }, chords: [k('ArrowUp', true)], keys: [], label: 'Pan up', line: 'pan' },
  { action: { kind: 'pan', dx: 0, dy: 1 }, chords: [k('ArrowDown', true)], keys: [], label: 'Pan down', line: 'pan' },
  { action: { kind: 'reset' }, chords: [k('r')], keys: ['R'], label: 'Reset zoom and pan' },
  { action: { kind: 'slab' }, chords: [k('s')], keys: ['S'], label: 'Slab MIP on / off (all three views)' },
  { action: { kind: 'slab-thicker' }, chords: [k('t', false)], keys: ['T'], label: 'Slab thicker / thinner (2–60 mm steps)', line: 'slab-step' },
  { action: { kind: 'slab-thinner' }, chords: [k('t', true)], keys: ['Shift+T'], label: 'Slab thinner', line: 'slab-step' },
  { action: { kind: 'montage' }, chords: [k(MONTAGE_KEY.toLowerCase())], keys: [MONTAGE_KEY], label: 'Slice montage: every Nth axial slice in a grid, head to foot (Esc closes)' },
  { action: { kind: 'escape' }, chords: [k('Escape')], keys: ['Esc'], label: 'Leave the mask tool, else placing a nodule, else close the montage' },
];

/** Placing a nodule on the image (listed with the nodules). */
export const PLACE_COMMANDS: readonly KeyCommand<ViewerKeyAction>[] = [
  { action: { kind: 'place' }, chords: [k('a')], keys: ['A'], label: 'Add a nodule on the image: press at its centre, drag to its rim (Esc cancels)' },
];

/** The window's keys and gestures. */
export const WINDOW_COMMANDS: readonly KeyCommand<ViewerKeyAction | null>[] = [
  ...WINDOW_PRESETS.map((p) => ({ action: { kind: 'preset' as const, preset: p }, chords: [k(p.key)], keys: [p.key], label: 'Presets: lung, mediastinum, bone, seed range', line: 'presets' })),
  gesture(['Right drag'], 'Window: horizontal = width, vertical = level'),
  { action: { kind: 'invert' }, chords: [k('i')], keys: ['I'], label: 'Invert grey levels' },
];

const ALL = [...VIEW_COMMANDS, ...PLACE_COMMANDS, ...WINDOW_COMMANDS];

/** The views' action for a key, or null when the key is not theirs (the tables above). */
export function viewerKeyAction(e: ViewerKeyPress): ViewerKeyAction | null {
  return commandFor(ALL, e)?.action ?? null;
}
