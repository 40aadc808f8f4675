import { commandFor, type KeyCommand, type KeyPress } from '../../../key-commands';

/** What a key asks of the HU histogram. */
export type HistogramKeyAction =
  /** Compute it (a job reading the whole volume) and bring it into view. */
  | 'compute'
  /** Bring it into view: it is computed or being computed already. */
  | 'show'
  /** Save the shown histogram as PNG. */
  | 'save';

/** Where the histogram stands for the open scan. */
export interface HistogramStatus {
  /** A scan is open. */
  scan: boolean;
  /** Its histogram has arrived. */
  ready: boolean;
  /** Its histogram is being computed. */
  loading: boolean;
}

/** The histogram's keys: what each asks for; the action taken also depends on where the histogram stands. */
export const HISTOGRAM_COMMANDS: readonly KeyCommand<'compute' | 'save'>[] = [
  { action: 'compute', chords: [{ key: 'h', shift: false }], keys: ['H'], label: 'Compute the HU histogram and bring it into view / save it as PNG', line: 'histogram' },
  { action: 'save', chords: [{ key: 'h', shift: true }], keys: ['Shift+H'], label: 'Save the HU histogram as PNG', line: 'histogram' },
];

/**
 * H computes the open scan's histogram once and brings it into view (again: a second H does
 * not rerun the job, the panel's Recompute does); Shift+H saves it as PNG once it is there.
 * Ctrl, Cmd and Alt chords are not ours; without an open scan nothing happens.
 */
export function histogramKeyAction(e: KeyPress, s: HistogramStatus): HistogramKeyAction | null {
  if (!s.scan) return null;
  const asked = commandFor(HISTOGRAM_COMMANDS, e)?.action;
  if (asked === 'save') return s.ready ? 'save' : 'show';
  if (asked === 'compute') return s.ready || s.loading ? 'show' : 'compute';
  return null;
}
