/** One unit of work and the memory its worker will need. */
export interface ScheduledItem<T> {
  item: T;
  memoryBytes: number;
}

export interface ScheduleOptions {
  /** At most this many at once. */
  workers: number;
  /** Their memory estimates together stay within this (one item alone may exceed it: it then runs by itself). */
  budgetBytes: number;
  signal: AbortSignal;
}

/** A started item: its outcome, and how to stop it. */
export interface Started<R> {
  done: Promise<R>;
  cancel(): void;
}

/**
 * Runs items in order, as many at once as `workers` allows and their memory estimates fit in
 * the budget (first come, first served: a large item waits for room rather than being
 * overtaken, so the order of work is the order given). Each outcome goes to `onEnd` as it
 * comes; a failure ends only its own item. On abort, nothing more starts and every running
 * item is cancelled; the returned promise resolves once every started item has ended.
 */
export function runScheduled<T, R>(
  items: readonly ScheduledItem<T>[],
  start: (item: T) => Started<R>,
  o: ScheduleOptions,
  onEnd: (item: T, outcome: { ok: true; value: R } | { ok: false; error: unknown }) => void,
): Promise<void> {
  const workers = Math.max(1, Math.floor(o.workers));
  return new Promise<void>((resolve) => {
    let next = 0;
    let usedBytes = 0;
    const running = new Set<Started<R>>();
    const finishIfIdle = () => {
      if (running.size === 0 && (next >= items.length || o.signal.aborted)) {
        o.signal.removeEventListener('abort', onAbort);
        resolve();
      }
    };
    const onAbort = () => {
      for (const r of running) r.cancel();
      finishIfIdle();
    };
    const pump = () => {
      while (!o.signal.aborted && next < items.length && running.size < workers) {
        const it = items[next]!;
        if (running.size > 0 && usedBytes + it.memoryBytes > o.budgetBytes) break;
        next++;
        usedBytes += it.memoryBytes;
        let started: Started<R>;
        try {
          started = start(it.item);
        } catch (error) {
          usedBytes -= it.memoryBytes;
          onEnd(it.item, { ok: false, error });
          continue;
        }
        running.add(started);
        const end = (outcome: { ok: true; value: R } | { ok: false; error: unknown }) => {
          running.delete(started);
          usedBytes -= it.memoryBytes;
          onEnd(it.item, outcome);
          pump();
          finishIfIdle();
        };
        started.done.then(
          (value) => end({ ok: true, value }),
          (error) => end({ ok: false, error }),
        );
      }
    };
    o.signal.addEventListener('abort', onAbort);
    pump();
    finishIfIdle();
  });
}
