// The montage's pure key test itself: its index also exports the React montage, which a
// model file (and its unit test, compiled without JSX) must not pull in.
import { isMontageKey } from '../../montage/model/montage-key';
import { presetForKey, type WindowPreset } from './window-presets';

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
export interface ViewerKeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const PANS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
const STEPS: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
const ZOOM_STEP = 1.25;

/**
 * The views' action for a key, or null when the key is not theirs. Ctrl, Cmd and Alt
 * chords belong to the app and the browser. Shift+T is 'T', so t thickens the slab and T
 * thins it; Shift with an arrow pans instead of scrolling.
 */
export function viewerKeyAction(e: ViewerKeyPress): ViewerKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isMontageKey(e)) return { kind: 'montage' };
  const preset = presetForKey(e.key);
  if (preset) return { kind: 'preset', preset };
  const pan = PANS[e.key];
  if (pan && e.shiftKey) return { kind: 'pan', dx: pan[0], dy: pan[1] };
  const slices = STEPS[e.key];
  if (slices !== undefined) return { kind: 'scroll', slices };
  switch (e.key) {
    case 'i':
    case 'I':
      return { kind: 'invert' };
    case 'l':
    case 'L':
      return { kind: 'next-layout' };
    case 'r':
    case 'R':
      return { kind: 'reset' };
    case 'f':
    case 'F':
      return { kind: 'maximise' };
    case 'a':
    case 'A':
      return { kind: 'place' };
    case 'Escape':
      return { kind: 'escape' };
    case 's':
    case 'S':
      return { kind: 'slab' };
    case 't':
      return { kind: 'slab-thicker' };
    case 'T':
      return { kind: 'slab-thinner' };
    case '+':
    case '=':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    default:
      return null;
  }
}
