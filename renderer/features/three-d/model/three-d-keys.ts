import { commandFor, type KeyChord, type KeyCommand, type KeyPress } from '../../../key-commands';
import type { ViewPreset } from './camera-presets';

/** What a key does to the 3D pane. */
export type ThreeDAction =
  | { kind: 'toggle-3d' }
  | { kind: 'preset'; preset: ViewPreset }
  | { kind: 'orbit'; yaw: number; pitch: number }
  | { kind: 'zoom'; factor: number }
  | { kind: 'reset' }
  | { kind: 'clip' }
  | { kind: 'export' }
  | { kind: 'maximise' }
  | { kind: 'toggle'; surface: 'lung' | 'nodules' | 'bone' | 'skin' };

const k = (key: string, shift?: boolean): KeyChord => (shift === undefined ? { key } : { key, shift });
const STEP = Math.PI / 12;

/**
 * The global key of the 3D view: Shift+3 ("#" on a US keyboard; 3 alone is the bone window)
 * shows the 3D pane maximised, and again returns to the layout.
 */
export const THREE_D_GLOBAL_COMMANDS: readonly KeyCommand<ThreeDAction>[] = [
  { action: { kind: 'toggle-3d' }, chords: [k('#')], keys: ['Shift+3 (#)'], label: '3D view: show it maximised / back to the layout' },
];

/**
 * The 3D pane's keys, live while the mouse is over it (they take the press before the slice
 * views' keys, as the montage's do while it is open). Digits, which set windows and mask
 * tools on the slices and mean nothing to the 3D picture, are its view presets and surface
 * toggles, so the review's letters (N P Y D B U…) keep working with the mouse over it: 1–6
 * the six views named by the side the reader looks from, 7–0 lung, lesions, bone, skin. The
 * arrows turn the camera 15°, + / − zoom, Home resets, C cycles the clipping plane, X exports.
 */
export const THREE_D_COMMANDS: readonly KeyCommand<ThreeDAction>[] = [
  { action: { kind: 'preset', preset: 'anterior' }, chords: [k('1')], keys: ['1'], label: 'View from anterior / posterior / left / right / superior / inferior: 1–6', line: 'presets' },
  { action: { kind: 'preset', preset: 'posterior' }, chords: [k('2')], keys: ['2'], label: 'View from posterior', line: 'presets' },
  { action: { kind: 'preset', preset: 'left' }, chords: [k('3')], keys: ['3'], label: 'View from the left', line: 'presets' },
  { action: { kind: 'preset', preset: 'right' }, chords: [k('4')], keys: ['4'], label: 'View from the right', line: 'presets' },
  { action: { kind: 'preset', preset: 'superior' }, chords: [k('5')], keys: ['5'], label: 'View from superior', line: 'presets' },
  { action: { kind: 'preset', preset: 'inferior' }, chords: [k('6')], keys: ['6'], label: 'View from inferior', line: 'presets' },
  { action: { kind: 'orbit', yaw: -STEP, pitch: 0 }, chords: [k('ArrowLeft')], keys: ['←↑→↓'], label: 'Turn the camera 15° (drag: turn, right or Shift drag: pan, wheel: zoom)', line: 'orbit' },
  { action: { kind: 'orbit', yaw: STEP, pitch: 0 }, chords: [k('ArrowRight')], keys: [], label: 'Turn right', line: 'orbit' },
  { action: { kind: 'orbit', yaw: 0, pitch: STEP }, chords: [k('ArrowUp')], keys: [], label: 'Turn up', line: 'orbit' },
  { action: { kind: 'orbit', yaw: 0, pitch: -STEP }, chords: [k('ArrowDown')], keys: [], label: 'Turn down', line: 'orbit' },
  { action: { kind: 'zoom', factor: 0.8 }, chords: [k('+'), k('=')], keys: ['+', '-'], label: 'Zoom in / out', line: 'zoom' },
  { action: { kind: 'zoom', factor: 1.25 }, chords: [k('-'), k('_')], keys: [], label: 'Zoom out', line: 'zoom' },
  { action: { kind: 'reset' }, chords: [k('Home')], keys: ['Home'], label: 'Reset the camera (anterior, whole scan)' },
  { action: { kind: 'clip' }, chords: [k('c')], keys: ['C'], label: 'Clipping plane: off → axial → coronal → sagittal slice' },
  { action: { kind: 'export' }, chords: [k('x')], keys: ['X'], label: 'Export a shown surface as STL (asks the file)' },
  { action: { kind: 'maximise' }, chords: [k('f')], keys: ['F', 'Double-click'], label: 'Maximise the 3D pane / restore the layout' },
  { action: { kind: 'toggle', surface: 'lung' }, chords: [k('7')], keys: ['7'], label: 'Show / hide the lung, lesion, bone, skin surfaces: 7 8 9 0', line: 'surfaces' },
  { action: { kind: 'toggle', surface: 'nodules' }, chords: [k('8')], keys: ['8'], label: 'Lesions', line: 'surfaces' },
  { action: { kind: 'toggle', surface: 'bone' }, chords: [k('9')], keys: ['9'], label: 'Bone', line: 'surfaces' },
  { action: { kind: 'toggle', surface: 'skin' }, chords: [k('0')], keys: ['0'], label: 'Skin', line: 'surfaces' },
];

/** The 3D pane's action of a press while the mouse is over it, or null. */
export function paneKeyAction(e: KeyPress): ThreeDAction | null {
  return commandFor(THREE_D_COMMANDS, e)?.action ?? null;
}

/** The global 3D key's action, or null. */
export function globalThreeDKeyAction(e: KeyPress): ThreeDAction | null {
  return commandFor(THREE_D_GLOBAL_COMMANDS, e)?.action ?? null;
}
