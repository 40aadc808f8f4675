import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../electron/common/errors';
import { JobRunner } from '../../../electron/workers/job-runner';
import type { ProcessLauncher, WorkerExit, WorkerProcess } from '../../../electron/workers/process-launcher';

/** A scripted worker: the test plays the child's side of the protocol. */
class FakeWorker implements WorkerProcess {
  readonly pid = 4242;
  sent: unknown[] = [];
  killed = false;
  private msg: ((m: unknown) => void)[] = [];
  private out: ((s: 'stdout' | 'stderr', t: string) => void)[] = [];
  private exit: ((i: WorkerExit) => void)[] = [];
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  onMessage(cb: (m: unknown) => void) {
    this.msg.push(cb);
  }
  onOutput(cb: (s: 'stdout' | 'stderr', t: string) => void) {
    this.out.push(cb);
  }
  onExit(cb: (i: WorkerExit) => void) {
    this.exit.push(cb);
  }
  kill() {
    this.killed = true;
    this.end({ code: null, signal: 'SIGKILL' });
  }
  say(m: unknown) {
    for (const cb of this.msg) cb(m);
  }
  stderr(t: string) {
    for (const cb of this.out) cb('stderr', t);
  }
  end(i: WorkerExit) {
    const cbs = this.exit.splice(0);
    for (const cb of cbs) cb(i);
  }
}

function fakeRunner(): { runner: JobRunner; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const launcher: ProcessLauncher = {
    launch: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  };
  return { runner: new JobRunner({ launcher, entry: 'fake.js' }), workers };
}

async function failure(done: Promise<unknown>): Promise<LungDeskError> {
  try {
    await done;
  } catch (e) {
    return e as LungDeskError;
  }
  throw new Error('expected a failure');
}

describe('JobRunner (scripted worker)', () => {
  it('sends start only after the worker says ready, with the job id, type, params and budget', () => {
    const { runner, workers } = fakeRunner();
    const { jobId } = runner.startRaw('t', { a: 1 }, { budgetBytes: 1000 });
    expect(workers[0]!.sent).toEqual([]);
    workers[0]!.say({ kind: 'ready' });
    expect(workers[0]!.sent).toEqual([{ kind: 'start', jobId, jobType: 't', params: { a: 1 }, budgetBytes: 1000 }]);
  });

  it("a catalogue job's result that does not match its result schema fails the job as job.failed naming the field", async () => {
    const { runner, workers } = fakeRunner();
    const { jobId, done } = runner.start('makeDemo', { dir: '/tmp/demo' });
    workers[0]!.say({ kind: 'ready' });
    workers[0]!.say({ kind: 'result', jobId, result: { dir: '/tmp/demo', scans: 'three' } });
    const err = await failure(done);
    expect(err.code).toBe('job.failed');
    expect(err.message).toMatch(/makeDemo.*scans/);
  });

  it("a catalogue job's result that matches its schema arrives typed as the catalogue says", async () => {
    const { runner, workers } = fakeRunner();
    const { jobId, done } = runner.start('makeDemo', { dir: '/tmp/demo' });
    workers[0]!.say({ kind: 'ready' });
    workers[0]!.say({ kind: 'result', jobId, result: { dir: '/tmp/demo', scans: 3 } });
    const r = await done;
    expect(r.scans + 1).toBe(4);
  });

  it('a worker that exits 0 without a result fails its job as job.crashed saying so', async () => {
    const { runner, workers } = fakeRunner();
    const { done } = runner.startRaw('t', {});
    workers[0]!.end({ code: 0, signal: null });
    const err = await failure(done);
    expect(err.code).toBe('job.crashed');
    expect(err.message).toBe("worker for job 't' (pid 4242) exited with code 0 before reporting a result");
  });

  it('a non-zero exit names the code and the last stderr line', async () => {
    const { runner, workers } = fakeRunner();
    const { done } = runner.startRaw('t', {});
    workers[0]!.stderr('Error: Cannot find module fake.js\n');
    workers[0]!.end({ code: 1, signal: null });
    const err = await failure(done);
    expect(err.message).toBe("worker for job 't' (pid 4242) exited with code 1: Error: Cannot find module fake.js");
  });

  it('tells V8 heap exhaustion (stderr) apart from other crashes: job.oom', async () => {
    const { runner, workers } = fakeRunner();
    const { done } = runner.startRaw('t', {});
    workers[0]!.stderr('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n');
    workers[0]!.end({ code: null, signal: 'SIGABRT' });
    expect((await failure(done)).code).toBe('job.oom');
  });

  it('a message outside the protocol fails the job and kills the worker', async () => {
    const { runner, workers } = fakeRunner();
    const { done } = runner.startRaw('t', {});
    workers[0]!.say({ kind: 'progress', jobId: 'x', fraction: 7 });
    const err = await failure(done);
    expect(err.code).toBe('job.failed');
    expect(err.message).toContain('outside the protocol');
    await new Promise((r) => setTimeout(r, 10));
    expect(workers[0]!.killed).toBe(true);
  });

  it('a launcher that throws fails the job (job.crashed, launch-failed) and the queue moves on', async () => {
    let calls = 0;
    const w = new FakeWorker();
    const runner = new JobRunner({
      entry: 'x.js',
      launcher: {
        launch: () => {
          if (calls++ === 0) throw new Error('spawn ENOMEM');
          return w;
        },
      },
    });
    const first = runner.startRaw('t', {});
    const second = runner.startRaw('t', {});
    const err = await failure(first.done);
    expect(err).toMatchObject({ code: 'job.crashed', detail: { reason: 'launch-failed' } });
    expect(err.message).toContain('spawn ENOMEM');
    w.say({ kind: 'ready' });
    w.say({ kind: 'result', jobId: second.jobId, result: 5 });
    await expect(second.done).resolves.toBe(5);
  });

  it('cancelling a worker that has not said ready kills it at once', async () => {
    const { runner, workers } = fakeRunner();
    const { jobId, done } = runner.startRaw('t', {});
    expect(runner.cancel(jobId)).toBe(true);
    expect(workers[0]!.killed).toBe(true);
    expect((await failure(done)).code).toBe('job.cancelled');
  });

  it('a listener that throws does not break the runner or other listeners', async () => {
    const { runner, workers } = fakeRunner();
    const seen: string[] = [];
    runner.onDidUpdate(() => {
      throw new Error('bad listener');
    });
    const off = runner.onDidUpdate((s) => seen.push(s.status));
    const { jobId, done } = runner.startRaw('t', {});
    workers[0]!.say({ kind: 'ready' });
    workers[0]!.say({ kind: 'result', jobId, result: 'ok' });
    await expect(done).resolves.toBe('ok');
    off();
    expect(seen).toEqual(['queued', 'running', 'succeeded']);
  });
});

describe('JobRunner.runInline', () => {
  it('runs a light job in-process with the same events, progress and result', async () => {
    const runner = new JobRunner({ launcher: { launch: () => { throw new Error('no process for inline jobs'); } }, entry: 'x' });
    const seen: string[] = [];
    runner.onDidUpdate((s) => seen.push(s.status));
    const { jobId, done } = runner.runInlineRaw('check', async (ctx) => {
      ctx.progress('looking', 0.5);
      return 42;
    }, { label: 'Checking' });
    await expect(done).resolves.toBe(42);
    expect(seen[0]).toBe('running');
    expect(seen.at(-1)).toBe('succeeded');
    expect(runner.list().find((j) => j.id === jobId)).toMatchObject({ label: 'Checking', status: 'succeeded' });
    expect(runner.list().find((j) => j.id === jobId)!.result).toBeUndefined();
  });

  it('keeps a small result in the ended state only when asked (keepResult), so event-only clients see it', async () => {
    const runner = new JobRunner({ launcher: { launch: () => { throw new Error('unused'); } }, entry: 'x' });
    const ended: unknown[] = [];
    runner.onDidUpdate((s) => {
      if (s.status === 'succeeded') ended.push(s.result);
    });
    const { jobId, done } = runner.runInlineRaw('summary', async () => ({ casesWritten: 3 }), { keepResult: true });
    await done;
    expect(ended).toEqual([{ casesWritten: 3 }]);
    expect(runner.list().find((j) => j.id === jobId)!.result).toEqual({ casesWritten: 3 });
  });

  it('cancels an inline job through its signal, and reports its failures as job.failed', async () => {
    const runner = new JobRunner({ launcher: { launch: () => { throw new Error('unused'); } }, entry: 'x' });
    const slow = runner.runInlineRaw('check', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))));
    expect(runner.cancel(slow.jobId)).toBe(true);
    await expect(slow.done).rejects.toMatchObject({ code: 'job.cancelled' });
    const bad = runner.runInlineRaw('check', async () => { throw new Error('disk on fire'); });
    await expect(bad.done).rejects.toMatchObject({ code: 'job.failed', message: 'disk on fire' });
  });
});
