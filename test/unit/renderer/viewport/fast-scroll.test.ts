import { describe, expect, it } from 'vitest';
import { ScrollSettler, fastScrollPossible, sliceAxisOf } from '../../../../renderer/features/viewport/model/fast-scroll';
import type { Timers } from '../../../../renderer/features/viewport/model/settle-tracker';

function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    set: (fn, ms) => {
      const id = next++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clear: (h) => pending.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now) {
        pending.delete(id);
        t.fn();
      }
    }
  };
  return { timers, advance };
}

const AXIAL = { slabOn: false, extraActors: 0, viewNormal: [0, 0, -1], sliceAxis: [0, 0, 1] };

describe('scroll fast path: when a step can be drawn from one stored slice', () => {
  it('allows a plain axial view, its normal along the slice axis either way', () => {
    expect(fastScrollPossible(AXIAL)).toBe(true);
    expect(fastScrollPossible({ ...AXIAL, viewNormal: [0, 0, 1] })).toBe(true);
  });

  it('refuses a MIP slab, a mask overlay blended over the CT and an oblique plane', () => {
    expect(fastScrollPossible({ ...AXIAL, slabOn: true })).toBe(false);
    expect(fastScrollPossible({ ...AXIAL, extraActors: 1 })).toBe(false);
    expect(fastScrollPossible({ ...AXIAL, viewNormal: [0, Math.sin(0.01), -Math.cos(0.01)] })).toBe(false);
    expect(fastScrollPossible({ ...AXIAL, viewNormal: [0, 1, 0] })).toBe(false);
    expect(fastScrollPossible({ ...AXIAL, viewNormal: [0, 0, 0] })).toBe(false);
  });

  it('follows a tilted acquisition: the slice axis is the direction matrix third column', () => {
    const c = Math.cos(0.2);
    const s = Math.sin(0.2);
    // Row-major, column j = world direction of axis j: k tilted about x.
    const direction = [1, 0, 0, 0, c, -s, 0, s, c];
    const axis = sliceAxisOf(direction);
    expect(axis).toEqual([0, -s, c]);
    expect(fastScrollPossible({ ...AXIAL, sliceAxis: axis })).toBe(false);
    expect(fastScrollPossible({ ...AXIAL, viewNormal: [0, s, -c], sliceAxis: axis })).toBe(true);
  });
});

describe('scroll fast path: the real render after a burst', () => {
  it('renders once, quietMs after the last of a burst of steps', () => {
    const { timers, advance } = fakeTimers();
    let renders = 0;
    const s = new ScrollSettler(() => renders++, 100, timers);
    for (let i = 0; i < 10; i++) {
      s.step(i * 30);
      advance(30);
    }
    expect(renders).toBe(0);
    expect(s.pending).toBe(true);
    advance(70);
    expect(renders).toBe(1);
    expect(s.pending).toBe(false);
    advance(1000);
    expect(renders).toBe(1);
  });

  it('renders at once on flush while steps wait, and not at all when none wait or they were cancelled', () => {
    const { timers, advance } = fakeTimers();
    let renders = 0;
    const s = new ScrollSettler(() => renders++, 100, timers);
    s.flush();
    expect(renders).toBe(0);
    s.step(0);
    s.flush();
    expect(renders).toBe(1);
    advance(200);
    expect(renders).toBe(1);
    s.step(1000);
    s.cancel();
    advance(200);
    expect(renders).toBe(1);
  });

  it('waits 1.5 step intervals within a scroll whose steps come slower than the quiet time, never more than the cap', () => {
    const { timers, advance } = fakeTimers();
    let renders = 0;
    const s = new ScrollSettler(() => renders++, 100, timers, 400);
    expect(s.quietAfter(0)).toBe(100); // the first step of a scroll
    s.step(0);
    advance(130);
    expect(renders).toBe(1); // a lone step: rendered after the quiet time
    s.step(130); // 130 ms after the last: the same scroll, steps one slow frame apart
    expect(s.quietAfter(260)).toBe(195);
    advance(130);
    expect(renders).toBe(1);
    s.step(260);
    advance(194);
    expect(renders).toBe(1);
    advance(1);
    expect(renders).toBe(2);
    expect(s.quietAfter(260 + 350)).toBe(400);
    expect(s.quietAfter(260 + 1000)).toBe(100); // a new scroll
  });
});
