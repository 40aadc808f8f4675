import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';

/** Throws job.cancelled when the job's signal has fired; called between files. */
export function throwIfCancelled(ctx: JobContext | undefined): void {
  if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'cancelled');
}

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping result order. Stops
 * starting new work once cancelled; the first rejection rejects the whole run.
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>, ctx?: JobContext): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const runner = async (): Promise<void> => {
    for (;;) {
      throwIfCancelled(ctx);
      const i = next++;
      if (i >= items.length) return;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
  return out;
}
