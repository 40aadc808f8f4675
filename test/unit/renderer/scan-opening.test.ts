import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPENING_WAIT_MS, afterScanOpened, scanOpening, scanOpened } from '../../../renderer/scan-opening';

/** Whether `p` has settled after the microtasks and timers due now have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe("a scan's side data waits until the viewer has opened it", () => {
  afterEach(() => {
    for (const id of [1, 2, 3, 4, 5]) scanOpened(id);
    vi.useRealTimers();
  });

  it('goes at once for a scan the viewer is not opening', async () => {
    vi.useFakeTimers();
    expect(await settled(afterScanOpened(1))).toBe(true);
  });

  it('waits while the viewer opens the scan, and goes when its volume is shown', async () => {
    vi.useFakeTimers();
    scanOpening(2);
    const waiting = afterScanOpened(2);
    expect(await settled(waiting)).toBe(false);
    scanOpened(3); // another scan's opening releases nothing
    expect(await settled(waiting)).toBe(false);
    scanOpened(2);
    expect(await settled(waiting)).toBe(true);
    // Once opened, later requests for the scan go at once.
    expect(await settled(afterScanOpened(2))).toBe(true);
  });

  it("waits even when the panel's effect ran before the viewer's in the same render", async () => {
    vi.useFakeTimers();
    const waiting = afterScanOpened(4);
    scanOpening(4); // the viewer's effect, later in the same flush
    expect(await settled(waiting)).toBe(false);
    scanOpened(4);
    expect(await settled(waiting)).toBe(true);
  });

  it('never waits longer than 1 s for an opening that does not end', async () => {
    vi.useFakeTimers();
    scanOpening(5);
    const waiting = afterScanOpened(5);
    expect(OPENING_WAIT_MS).toBe(1000);
    await vi.advanceTimersByTimeAsync(OPENING_WAIT_MS - 1);
    expect(await settled(waiting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(waiting)).toBe(true);
  });
});
