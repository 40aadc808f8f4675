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
      s.step();
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
    s.step();
    s.flush();
    expect(renders).toBe(1);
    advance(200);
    expect(renders).toBe(1);
    s.step();
    s.cancel();
    advance(200);
    expect(renders).toBe(1);
  });
});
