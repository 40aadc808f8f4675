import { describe, expect, it } from 'vitest';
import { SettleTracker, type RenderState, type Timers } from '../../../../renderer/features/viewport/model/settle-tracker';

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

describe('render settle tracker', () => {
  it('settles only after the content is ready and renders have been quiet for quietMs', () => {
    const { timers, advance } = fakeTimers();
    const seen: RenderState[] = [];
    const t = new SettleTracker((s) => seen.push(s), 100, timers);
    t.loading();
    t.rendered(); // the empty first frame before the volume is set: ignored
    advance(500);
    expect(t.current).toBe('loading');
    t.ready();
    advance(60);
    t.rendered(); // the re-render once the texture is up restarts the quiet period
    advance(60);
    expect(t.current).toBe('rendering');
    advance(50);
    expect(t.current).toBe('settled');
    expect(seen).toEqual(['loading', 'rendering', 'settled']);
  });

  it('goes back to rendering on a scroll render and settles again', () => {
    const { timers, advance } = fakeTimers();
    const t = new SettleTracker(() => {}, 100, timers);
    t.loading();
    t.ready();
    advance(100);
    expect(t.current).toBe('settled');
    t.rendered();
    expect(t.current).toBe('rendering');
    advance(100);
    expect(t.current).toBe('settled');
  });

  it('never settles a load that failed, nor an old load after a new one started', () => {
    const { timers, advance } = fakeTimers();
    const t = new SettleTracker(() => {}, 100, timers);
    t.loading();
    t.ready();
    t.loading(); // a new scan was picked before the first settled
    advance(1000);
    expect(t.current).toBe('loading');
    t.failed();
    t.rendered();
    advance(1000);
    expect(t.current).toBe('error');
  });

  it('stays rendering while a stand-in picture waits for the real render, however long, and settles after it', () => {
    const { timers, advance } = fakeTimers();
    const t = new SettleTracker(() => {}, 100, timers);
    t.awaitRender(); // nothing loaded yet: ignored
    expect(t.current).toBe('empty');
    t.loading();
    t.ready();
    advance(100);
    expect(t.current).toBe('settled');
    t.awaitRender();
    expect(t.current).toBe('rendering');
    advance(1000);
    expect(t.current).toBe('rendering');
    t.rendered();
    advance(100);
    expect(t.current).toBe('settled');
  });
});
