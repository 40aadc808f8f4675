import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../../renderer/features/viewport/model/stream-schedule';

describe('throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
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
