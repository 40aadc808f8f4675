import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSlabs, throttle } from '../../../../renderer/features/viewport/model/stream-schedule';

/** A request that resolves when the test says so. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('streaming schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for slabs in plan order with two requests in flight, and hands each over as it arrives', async () => {
    const plan = [0, 1, 2, 3, 4].map((i) => ({ start: i * 10, count: 10 }));
    const pending = new Map<number, (v: string) => void>();
    const asked: number[] = [];
    const got: string[] = [];
    const done = fetchSlabs(
      plan,
      (s) => {
        asked.push(s.start);
        const d = deferred<string>();
        pending.set(s.start, d.resolve);
        return d.promise;
      },
      (s, r) => got.push(`${s.start}:${r}`),
      () => false,
    );
    await settle();
    expect(asked).toEqual([0, 10]);
    pending.get(10)!('b');
    await settle();
    // One answered, so the next goes out; the earlier one still crosses the wire.
    expect(asked).toEqual([0, 10, 20]);
    expect(got).toEqual(['10:b']);
    for (const start of [0, 20]) pending.get(start)!('x');
    await settle();
    for (const start of [30, 40]) pending.get(start)!('y');
    await done;
    expect(asked).toEqual([0, 10, 20, 30, 40]);
    expect(got).toHaveLength(5);
  });

  it('asks for nothing more once cancelled, and drops what arrives after', async () => {
    let cancelled = false;
    const resolvers: ((v: number) => void)[] = [];
    const asked: number[] = [];
    const got: number[] = [];
    const done = fetchSlabs(
      [0, 1, 2, 3].map((i) => ({ start: i, count: 1 })),
      (s) => {
        asked.push(s.start);
        const d = deferred<number>();
        resolvers.push(d.resolve);
        return d.promise;
      },
      (s) => got.push(s.start),
      () => cancelled,
    );
    await settle();
    cancelled = true;
    for (const r of resolvers) r(0);
    await done;
    expect(asked).toEqual([0, 1]);
    expect(got).toEqual([]);
  });

  it('rejects when a request fails', async () => {
    await expect(
      fetchSlabs(
        [{ start: 0, count: 1 }],
        () => Promise.reject(new Error('the backend is gone')),
        () => {},
        () => false,
      ),
    ).rejects.toThrow('the backend is gone');
  });

  it('throttle runs at once, then at most once per interval however often it is asked, and not after cancel', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const fn = vi.fn();
    const t = throttle(fn, 100);
    t.request();
    expect(fn).toHaveBeenCalledTimes(1);
    t.request();
    t.request();
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(2);
    t.request();
    t.cancel();
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('throttle without a leading run waits a whole interval first, so work done sooner never runs it', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const fn = vi.fn();
    const t = throttle(fn, 1000, false);
    t.request();
    vi.advanceTimersByTime(999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    t.request();
    t.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
