import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterFirstPicture, pictureOpening, pictureShown } from '../../../renderer/first-picture';

/** Whether `p` has settled after the microtasks and timers due now have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe("a scan's side data waits for its first picture", () => {
  afterEach(() => {
    for (const id of [1, 2, 3, 4, 5]) pictureShown(id);
    vi.useRealTimers();
  });

  it('goes at once for a scan the viewer is not opening', async () => {
    vi.useFakeTimers();
    expect(await settled(afterFirstPicture(1))).toBe(true);
  });

  it('waits while the viewer opens the scan, and goes when its first picture is shown', async () => {
    vi.useFakeTimers();
    pictureOpening(2);
    const waiting = afterFirstPicture(2);
    expect(await settled(waiting)).toBe(false);
    pictureShown(3); // another scan's picture releases nothing
    expect(await settled(waiting)).toBe(false);
    pictureShown(2);
    expect(await settled(waiting)).toBe(true);
    // Once shown, later requests for the scan go at once.
    expect(await settled(afterFirstPicture(2))).toBe(true);
  });

  it("waits even when the panel's effect ran before the viewer's in the same render", async () => {
    vi.useFakeTimers();
    const waiting = afterFirstPicture(4);
    pictureOpening(4); // the viewer's effect, later in the same flush
    expect(await settled(waiting)).toBe(false);
    pictureShown(4);
    expect(await settled(waiting)).toBe(true);
  });

  it('never waits longer than 300 ms for a picture that does not come', async () => {
    vi.useFakeTimers();
    pictureOpening(5);
    const waiting = afterFirstPicture(5);
    await vi.advanceTimersByTimeAsync(299);
    expect(await settled(waiting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(waiting)).toBe(true);
  });
});
