/**
 * User Timing marks for `npm run bench:viewer`: scan-open when a load starts, first-pixels
 * once the current axial slice is drawn, volume-complete once every slice is on the GPU.
 */
export function markPerf(name: 'lungdesk:scan-open' | 'lungdesk:first-pixels' | 'lungdesk:volume-complete' | 'lungdesk:stage', detail: { scanId: number; stage?: string }): void {
  try {
    performance.mark(name, { detail });
  } catch {
    // User Timing is missing: nothing to measure
  }
}
