import { describe, expect, it } from 'vitest';
import { hostMemoryBudgetBytes, MemoryBudget } from '../../../electron/app/memory-budget';
import { compactViews } from '../../../electron/common/wire';

const MB = 1024 * 1024;

describe('MemoryBudget: requests admitted within the host memory budget (issue 15)', () => {
  it('admits what fits at once and makes the next request wait until bytes come back, first come first served', async () => {
    const b = new MemoryBudget(100);
    const first = await b.admit(60, 'a');
    const order: string[] = [];
    const second = b.admit(60, 'b').then((r) => (order.push('b'), r));
    const third = b.admit(10, 'c').then((r) => (order.push('c'), r));
    await Promise.resolve();
    expect(b.waitingCount).toBe(2); // c fits, but waits behind b: no overtaking
    first();
    first(); // idempotent
    (await second)();
    (await third)();
    expect(order).toEqual(['b', 'c']);
    expect(b.usedBytes).toBe(0);
  });

  it('refuses with host.busy a request larger than the whole budget, and one that finds the queue full', async () => {
    const b = new MemoryBudget(100, () => 0, 1);
    await expect(b.admit(101, 'loading scan 3')).rejects.toMatchObject({ code: 'host.busy', message: expect.stringMatching(/loading scan 3 needs/) });
    const held = await b.admit(100, 'a');
    const waiting = b.admit(50, 'b');
    await expect(b.admit(50, 'c')).rejects.toMatchObject({ code: 'host.busy', message: expect.stringMatching(/1 requests already wait/) });
    held();
    (await waiting)();
  });

  it('asks the owner to spare held memory (cached volumes) before making a request wait', async () => {
    const asked: number[] = [];
    const b = new MemoryBudget(100, (bytes) => {
      asked.push(bytes);
      cachedVolume(); // the cache drops its volume, giving its bytes back while the budget decides
      return 80;
    });
    const cachedVolume = b.hold(80);
    const r = await b.admit(50, 'a');
    expect(asked).toEqual([30]);
    expect(b.usedBytes).toBe(50);
    r();
  });

  it('reads LUNGDESK_HOST_MEMORY_MB, and ignores a value that is not a positive number', () => {
    expect(hostMemoryBudgetBytes({ LUNGDESK_HOST_MEMORY_MB: '48' })).toBe(48 * MB);
    const fallback = hostMemoryBudgetBytes({});
    expect(hostMemoryBudgetBytes({ LUNGDESK_HOST_MEMORY_MB: '-3' })).toBe(fallback);
    expect(hostMemoryBudgetBytes({ LUNGDESK_HOST_MEMORY_MB: 'lots' })).toBe(fallback);
    expect(fallback).toBeGreaterThanOrEqual(512 * MB);
  });
});

describe('compactViews: what structured clone would send of a slab', () => {
  it('copies a view of part of a larger buffer to just its bytes, and leaves whole buffers alone', () => {
    const volume = new Uint8Array(1000).map((_, i) => i % 251);
    const whole = new Uint8Array(10);
    const slab = { start: 2, voxels: volume.subarray(100, 200), other: whole };
    const out = compactViews(slab);
    expect(out.voxels.buffer.byteLength).toBe(100);
    expect([...out.voxels]).toEqual([...volume.subarray(100, 200)]);
    expect(out.other).toBe(whole);
    expect(slab.voxels.buffer).toBe(volume.buffer); // the input is not changed
  });
});
