import { LungDeskError } from '../../common/errors';
import { writeChunksAtomic } from '../../core/io/write/atomic-write';
import { defineJob } from '../job-definition';

/** Exercises every way a job can end; used by the runner's tests and by health checks. */
export const diagnosticJob = defineJob('diagnostic', async (params, ctx) => {
  switch (params.mode) {
    case 'sleep': {
      const ms = params.ms ?? 1000;
      const t0 = Date.now();
      for (;;) {
        const elapsed = Date.now() - t0;
        if (ctx.signal.aborted) throw new LungDeskError('job.cancelled', 'diagnostic sleep was cancelled');
        ctx.progress('sleeping', Math.min(1, ms === 0 ? 1 : elapsed / ms));
        if (elapsed >= ms) return { sleptMs: elapsed };
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    case 'spin': {
      ctx.progress('spinning', 0); // tells the host the job has started before the loop blocks
      const end = Date.now() + (params.ms ?? 1000);
      let x = 0;
      while (Date.now() < end) x++;
      return { spins: x };
    }
    case 'crash':
      process.kill(process.pid, 'SIGKILL');
      return await new Promise(() => {});
    case 'abort':
      process.abort();
      return undefined;
    case 'oom': {
      const hold: unknown[] = [];
      for (;;) hold.push(Array.from({ length: 10_000 }, (_, i) => ({ i, s: `item ${i}` })));
    }
    case 'throw':
      throw new LungDeskError('io.bad-header', 'diagnostic: header field DimSize is missing', { file: 'diagnostic.mhd' });
    case 'fail':
      throw new Error('diagnostic: plain failure');
    case 'write': {
      if (!params.path) throw new LungDeskError('contract.bad-input', 'diagnostic write needs a path');
      const total = params.bytes ?? 64 << 20;
      const chunk = 1 << 20;
      const pauseMs = Math.max(0, (params.ms ?? 1000) / Math.ceil(total / chunk));
      async function* slabs(): AsyncGenerator<Uint8Array> {
        for (let done = 0; done < total; done += chunk) {
          if (ctx.signal.aborted) throw new LungDeskError('job.cancelled', 'diagnostic write was cancelled');
          yield new Uint8Array(Math.min(chunk, total - done));
          ctx.progress('writing', (done + chunk) / total);
          await new Promise((r) => setTimeout(r, pauseMs));
        }
      }
      await writeChunksAtomic(params.path, slabs());
      return { bytes: total };
    }
    case 'echo':
      ctx.progress('echo', 1);
      return params.value ?? null;
  }
});
