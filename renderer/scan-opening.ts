/**
 * A scan's pixels before its side data: opening a scan, the viewer streams its volume in, and
 * the panels ask for the scan's annotations, lesions, masks and journal. Their answers, each
 * re-rendering its panel on the page's only thread, and their work on the host's, held the
 * volume back (first picture ~36 → ~30 ms, complete volume ~350 → ~310 ms on
 * LIDC-IDRI-0001). So the panels' first requests for a scan wait until the viewer has the
 * whole volume on screen (it says so here), or OPENING_WAIT_MS at most: a slow disk or a
 * viewer that cannot draw never holds them back for long, and a scan the viewer is not
 * opening holds nothing back.
 */

export const OPENING_WAIT_MS = 1000;

/** Scans the viewer is opening, with the requests waiting for them. */
const opening = new Map<number, (() => void)[]>();

/** The viewer starts opening `scanId`. */
export function scanOpening(scanId: number): void {
  if (!opening.has(scanId)) opening.set(scanId, []);
}

/** `scanId`'s volume is on screen (or will not be: the open failed or was left). */
export function scanOpened(scanId: number): void {
  const waiters = opening.get(scanId);
  opening.delete(scanId);
  for (const w of waiters ?? []) w();
}

/**
 * Resolves once `scanId` is opened, at once when the viewer is not opening it, and after
 * OPENING_WAIT_MS at most. Looked at after the effects of the same render have run, so a
 * panel's effect that runs before the viewer's still waits.
 */
export function afterScanOpened(scanId: number): Promise<void> {
  return Promise.resolve().then(
    () =>
      new Promise<void>((resolve) => {
        const waiters = opening.get(scanId);
        if (!waiters) return resolve();
        const timer = setTimeout(resolve, OPENING_WAIT_MS);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  );
}
