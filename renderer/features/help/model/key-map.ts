// The review's rows come from its command table, the same one its keys and buttons use.
import { REVIEW_COMMANDS } from '../../review/model/review-commands';

/** One line of the keyboard map: the keys and what they do. */
export interface KeyBinding {
  keys: string[];
  action: string;
}
export interface KeyGroup {
  title: string;
  bindings: KeyBinding[];
}

/** Every key and mouse gesture of the app, grouped as the overlay shows them. */
export const KEY_MAP: readonly KeyGroup[] = [
  {
    title: 'Scans',
    bindings: [
      { keys: ['/'], action: 'Focus the scan filter' },
      { keys: ['↑', '↓'], action: 'Move in the scan list (mouse off the images)' },
      { keys: ['Enter'], action: 'Open the scan under the cursor' },
    ],
  },
  {
    title: 'Review',
    bindings: REVIEW_COMMANDS.map((c) => ({ keys: [...c.keyLabels], action: c.label })),
  },
  {
    title: 'Nodules',
    bindings: [
      { keys: ['A'], action: 'Add a nodule on the image: press at its centre, drag to its rim (Esc cancels)' },
      { keys: ['E'], action: 'Edit the selected nodule (yours): Enter saves, Esc cancels' },
      { keys: ['Delete'], action: 'Delete the selected nodule (yours): Enter confirms, Esc keeps' },
    ],
  },
  {
    title: 'Views',
    bindings: [
      { keys: ['Wheel'], action: 'Scroll slices in the pane under the mouse' },
      { keys: ['↑', '↓', 'PageUp', 'PageDown'], action: 'Scroll slices (pane under the mouse, even from the scan list; else the last clicked)' },
      { keys: ['Click'], action: 'Set the crosshair point in all views' },
      { keys: ['Double-click', 'F'], action: 'Maximise the pane (under the mouse) / restore the layout' },
      { keys: ['L'], action: 'Cycle layouts: 1+2 (axial large), 1×3, 2×2, 1×1' },
      { keys: ['Ctrl+Wheel', '+', '-'], action: 'Zoom' },
      { keys: ['Middle drag', 'Shift+drag', 'Shift+←↑→↓'], action: 'Pan' },
      { keys: ['R'], action: 'Reset zoom and pan' },
      { keys: ['S'], action: 'Slab MIP on / off (all three views)' },
      { keys: ['T', 'Shift+T'], action: 'Slab thicker / thinner (2–60 mm steps)' },
      { keys: ['G'], action: 'Slice montage: every Nth axial slice in a grid, head to foot (Esc closes)' },
      { keys: ['X'], action: 'Export the montage as PNG (while it is shown)' },
      { keys: ['H', 'Shift+H'], action: 'Compute the HU histogram and show it (opens the panel) / save it as PNG' },
    ],
  },
  {
    title: 'Window',
    bindings: [
      { keys: ['1', '2', '3', '4'], action: 'Presets: lung, mediastinum, bone, seed range' },
      { keys: ['Right drag'], action: 'Window: horizontal = width, vertical = level' },
      { keys: ['I'], action: 'Invert grey levels' },
    ],
  },
  {
    title: 'Mask overlays',
    bindings: [
      { keys: ['M'], action: 'Show / hide the lung mask' },
      { keys: ['W'], action: 'Lung overlay: the mask itself (default) / its dilation (wider)' },
      { keys: ['Shift+M'], action: 'Show / hide the nodule mask' },
      { keys: ['O'], action: 'Switch fill / outline of the shown masks' },
      { keys: ['[', ']'], action: 'Less / more opacity of the shown masks' },
      { keys: ['K', 'Shift+K'], action: 'Run the lung mask / segment the nodules of the open scan' },
    ],
  },
  {
    title: 'Help',
    bindings: [{ keys: ['?'], action: 'Show / hide this map (Esc closes)' }],
  },
];

/** Whether a key event toggles the map ("?" on any layout, shift included). */
export function isHelpKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey;
}
