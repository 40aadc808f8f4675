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

/**
 * H computes the open scan's histogram once and brings it into view (again: a second H does
 * not rerun the job, the panel's Recompute does); Shift+H saves it as PNG once it is there.
 * Ctrl, Cmd and Alt chords are not ours; without an open scan nothing happens.
 */
export function histogramKeyAction(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }, s: HistogramStatus): HistogramKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || !s.scan) return null;
  if (e.key === 'H') return s.ready ? 'save' : 'show';
  if (e.key === 'h') return s.ready || s.loading ? 'show' : 'compute';
  return null;
}
