/**
 * User Timing marks for `npm run bench:viewer`: scan-open when a load starts, first-pixels
 * once the page has painted the current axial slice, volume-complete once every slice is on
 * the GPU and the page has painted the whole volume in the three views (or issued their
 * draws), volume-drawn once the GPU has done the views' own draws.
 */
export function markPerf(name: 'lungdesk:scan-open' | 'lungdesk:first-pixels' | 'lungdesk:volume-complete' | 'lungdesk:volume-drawn' | 'lungdesk:stage', detail: { scanId: number; stage?: string }): void {
  try {
    performance.mark(name, { detail });
  } catch {
    // User Timing is missing: nothing to measure
  }
}
