import { describe, expect, it } from 'vitest';
import { runScheduled, type Started } from '../../../../electron/app/export/case-scheduler';

/** Items that end when told to, recording how many ran at once and their memory together. */
function harness() {
  const running = new Map<string, { end(ok: boolean): void; mem: number }>();
  const log = { maxRunning: 0, maxBytes: 0, order: [] as string[], cancelled: [] as string[] };
  const start = (mem: Record<string, number>) => (id: string): Started<string> => {
    let end!: (ok: boolean) => void;
    const done = new Promise<string>((resolve, reject) => {
      end = (ok) => {
        running.delete(id);
        if (ok) resolve(id);
        else reject(new Error(`${id} failed`));
      };
    });
    running.set(id, { end, mem: mem[id]! });
    log.order.push(id);
    log.maxRunning = Math.max(log.maxRunning, running.size);
    log.maxBytes = Math.max(log.maxBytes, [...running.values()].reduce((n, r) => n + r.mem, 0));
    return { done, cancel: () => { log.cancelled.push(id); end(false); } };
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { running, log, start, tick };
}

describe('case scheduler', () => {
  it('runs at most `workers` at once within the memory budget, in order, and one item over the budget alone', async () => {
    const h = harness();
    const mem = { a: 4, b: 4, c: 9, d: 2, e: 2 };
    const ended: string[] = [];
    const all = runScheduled(Object.entries(mem).map(([id, m]) => ({ item: id, memoryBytes: m })), h.start(mem), { workers: 3, budgetBytes: 8, signal: new AbortController().signal }, (id) => ended.push(id));
    await h.tick();
    expect([...h.running.keys()]).toEqual(['a', 'b']); // c (9) waits: first come, first served
    h.running.get('a')!.end(true);
    await h.tick();
    expect([...h.running.keys()]).toEqual(['b']);
    h.running.get('b')!.end(false); // a failure ends only its item
    await h.tick();
    expect([...h.running.keys()]).toEqual(['c']); // over the budget: alone
    h.running.get('c')!.end(true);
    await h.tick();
    expect([...h.running.keys()]).toEqual(['d', 'e']);
    for (const id of ['d', 'e']) h.running.get(id)!.end(true);
    await all;
    expect(ended.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(h.log.maxRunning).toBe(2);
    expect(h.log.order).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('on abort starts nothing more and cancels what runs, then resolves', async () => {
    const h = harness();
    const mem = { a: 1, b: 1, c: 1 };
    const abort = new AbortController();
    const all = runScheduled(Object.keys(mem).map((id) => ({ item: id, memoryBytes: 1 })), h.start(mem), { workers: 2, budgetBytes: 10, signal: abort.signal }, () => {});
    await h.tick();
    abort.abort();
    await all;
    expect(h.log.cancelled).toEqual(['a', 'b']);
    expect(h.log.order).toEqual(['a', 'b']);
  });
});
