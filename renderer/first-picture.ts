/**
 * A scan's first picture before its side data: opening a scan, the viewer asks for the
 * current slice, and the panels ask for the scan's annotations, lesions, masks and journal.
 * Their answers arriving first, each re-rendering its panel on the page's only thread, held
 * the first slice's answer back (~6 ms of a 36 ms first picture on LIDC-IDRI-0001). So the
 * panels' first requests for a scan wait until the viewer has painted its first picture
 * (it says so here), or FIRST_PICTURE_WAIT_MS at most: a viewer that cannot draw never holds
 * them back for long, and a scan the viewer is not opening holds nothing back.
 */

const FIRST_PICTURE_WAIT_MS = 300;

/** Scans the viewer is opening, with the requests waiting for their first picture. */
const opening = new Map<number, (() => void)[]>();

/** The viewer starts opening `scanId`. */
export function pictureOpening(scanId: number): void {
  if (!opening.has(scanId)) opening.set(scanId, []);
}

/** `scanId`'s first picture is on screen (or will not come: the open failed or was left). */
export function pictureShown(scanId: number): void {
  const waiters = opening.get(scanId);
  opening.delete(scanId);
  for (const w of waiters ?? []) w();
}

/**
 * Resolves once `scanId`'s first picture is on screen, at once when the viewer is not
 * opening it, and after FIRST_PICTURE_WAIT_MS at most. Looked at after the effects of the
 * same render have run, so a panel's effect that runs before the viewer's still waits.
 */
export function afterFirstPicture(scanId: number): Promise<void> {
  return Promise.resolve().then(
    () =>
      new Promise<void>((resolve) => {
        const waiters = opening.get(scanId);
        if (!waiters) return resolve();
        const timer = setTimeout(resolve, FIRST_PICTURE_WAIT_MS);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  );
}
