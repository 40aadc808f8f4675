import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../electron/common/errors';
import type { JobState } from '../../../electron/common/jobs';
import { JobRunner, type JobRunnerOptions } from '../../../electron/workers/job-runner';
import { nodeForkLauncher } from '../../../electron/workers/process-launcher';

// Real child processes: worker-main.ts run through tsx, as the CLI and the browser host do.
const entry = path.resolve(__dirname, '../../../electron/workers/worker-main.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;

const runners: JobRunner[] = [];
afterEach(() => {
  for (const r of runners.splice(0)) r.dispose();
});

function makeRunner(over: Partial<JobRunnerOptions> = {}): { runner: JobRunner; lines: string[] } {
  const lines: string[] = [];
  const runner = new JobRunner({
    launcher: nodeForkLauncher,
    entry,
    execArgv: ['--import', tsx],
    cwd: os.tmpdir(), // an aborting worker may drop a core file: never in the repo
    log: (l) => lines.push(l),
    ...over,
  });
  runners.push(runner);
  return { runner, lines };
}

async function failure(done: Promise<unknown>): Promise<LungDeskError> {
  try {
    await done;
  } catch (e) {
    expect(e).toBeInstanceOf(LungDeskError);
    return e as LungDeskError;
  }
  throw new Error('expected the job to fail, it succeeded');
}

function waitFor(runner: JobRunner, jobId: string, pred: (s: JobState) => boolean, timeoutMs = 10_000): Promise<JobState> {
  return new Promise((resolve, reject) => {
    const now = runner.list().find((s) => s.id === jobId);
    if (now && pred(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting on job ${jobId}: ${JSON.stringify(runner.list().find((s) => s.id === jobId))}`));
    }, timeoutMs);
    const off = runner.onDidUpdate((s) => {
      if (s.id === jobId && pred(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    });
  });
}

async function until(pred: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function pidOf(lines: string[], jobId: string): number {
  for (const l of lines) {
    const m = new RegExp(`job=${jobId} pid=(\\d+)\\]`).exec(l);
    if (m) return Number(m[1]);
  }
  throw new Error(`no pid logged for ${jobId}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('JobRunner with real worker processes', () => {
  it('reports progress in order (at most ~20/s) and resolves with the result', async () => {
    const { runner, lines } = makeRunner();
    const { jobId, done } = runner.start('diagnostic', { mode: 'sleep', ms: 400 }, { label: 'nap' });
    const seen: JobState[] = [];
    runner.onDidUpdate((s) => s.id === jobId && seen.push(s));
    const result = (await done) as { sleptMs: number };
    expect(result.sleptMs).toBeGreaterThanOrEqual(400);

    const fractions = seen.filter((s) => s.progress.stage === 'sleeping').map((s) => s.progress.fraction);
    expect(fractions.length).toBeGreaterThanOrEqual(3);
    expect(fractions.length).toBeLessThanOrEqual(400 / 50 + 3); // throttled from one every 20 ms
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(seen[seen.length - 1]).toMatchObject({ status: 'succeeded', progress: { fraction: 1 }, label: 'nap' });
    expect(runner.list()[0]).toMatchObject({ id: jobId, status: 'succeeded' });
    // Results go only to `done`: states are broadcast and a result can be a whole volume.
    expect(runner.list()[0]).not.toHaveProperty('result');
    expect(lines.every((l) => l.startsWith(`[diagnostic job=${jobId} pid=`))).toBe(true);
  });

  it('passes binary values both ways: an echoed Uint8Array arrives as a Uint8Array', async () => {
    const { runner } = makeRunner();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const value = { bytes, f32: new Float32Array([1.5, -2]), n: 3 };
    const result = (await runner.start('diagnostic', { mode: 'echo', value }).done) as typeof value;
    expect(result.bytes).toBeInstanceOf(Uint8Array);
    expect([...result.bytes]).toEqual([...bytes]);
    expect(result.f32).toBeInstanceOf(Float32Array);
    expect([...result.f32]).toEqual([1.5, -2]);
    expect(result.n).toBe(3);
  });

  it('cancels a sleeping job: the worker stops on its signal and the job ends cancelled within the grace period', async () => {
    const { runner, lines } = makeRunner();
    const { jobId, done } = runner.start('diagnostic', { mode: 'sleep', ms: 20_000 });
    await waitFor(runner, jobId, (s) => s.progress.stage === 'sleeping');
    const t0 = Date.now();
    expect(runner.cancel(jobId)).toBe(true);
    const err = await failure(done);
    const ms = Date.now() - t0;
    expect(err.code).toBe('job.cancelled');
    expect(ms).toBeLessThan(400);
    expect(runner.list()[0]).toMatchObject({ status: 'cancelled', error: { code: 'job.cancelled' } });
    expect(runner.cancel(jobId)).toBe(false); // already ended
    // It stopped by itself (exit 0), not by the kill that follows the grace period.
    await until(() => lines.some((l) => l.includes('worker exited with code 0')), 3000);
    expect(lines.some((l) => l.includes('killing it'))).toBe(false);
  });

  it('kills a worker that ignores cancel once cancelGraceMs has passed, and still ends the job cancelled', async () => {
    const { runner, lines } = makeRunner({ cancelGraceMs: 200 });
    const { jobId, done } = runner.start('diagnostic', { mode: 'spin', ms: 15_000 });
    await waitFor(runner, jobId, (s) => s.progress.stage === 'spinning');
    const t0 = Date.now();
    runner.cancel(jobId);
    const err = await failure(done);
    const ms = Date.now() - t0;
    expect(err.code).toBe('job.cancelled');
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(1500);
    expect(lines.some((l) => l.includes('did not exit within 200 ms: killing it'))).toBe(true);
    expect(lines.some((l) => l.includes('was killed by SIGKILL'))).toBe(true);
  });

  it('a worker killed by SIGKILL fails only its job (job.crashed naming type, pid and signal); the next job runs', async () => {
    const { runner, lines } = makeRunner();
    const { jobId, done } = runner.start('diagnostic', { mode: 'crash' });
    const err = await failure(done);
    expect(err.code).toBe('job.crashed');
    expect(err.message).toBe(`worker for job 'diagnostic' (pid ${pidOf(lines, jobId)}) was killed by SIGKILL`);
    expect(err.detail).toMatchObject({ signal: 'SIGKILL', reason: 'killed' });
    await expect(runner.start('diagnostic', { mode: 'echo', value: 'still here' }).done).resolves.toBe('still here');
  });

  it('a worker that calls abort() is reported as job.crashed by SIGABRT', async () => {
    const { runner } = makeRunner();
    const err = await failure(runner.start('diagnostic', { mode: 'abort' }).done);
    expect(err.code).toBe('job.crashed');
    expect(err.message).toMatch(/^worker for job 'diagnostic' \(pid \d+\) was killed by SIGABRT/);
  });

  it('a worker past its V8 heap limit (maxOldSpaceMb 32) is reported as job.oom, not a plain crash', async () => {
    const { runner } = makeRunner();
    const err = await failure(runner.start('diagnostic', { mode: 'oom' }, { maxOldSpaceMb: 32 }).done);
    expect(err.code).toBe('job.oom');
    expect(err.message).toMatch(/^worker for job 'diagnostic' \(pid \d+\) ran out of memory \(V8 heap limit 32 MB\)/);
    expect(String((err.detail as { stderrTail: string }).stderrTail)).toMatch(/heap out of memory/i);
  });

  it("a job's own LungDeskError keeps its code and file (io.bad-header)", async () => {
    const { runner } = makeRunner();
    const err = await failure(runner.start('diagnostic', { mode: 'throw' }).done);
    expect(err.code).toBe('io.bad-header');
    expect(err.file).toBe('diagnostic.mhd');
    expect(err.message).toContain('DimSize');
  });

  it("a job's plain Error becomes job.failed with its message", async () => {
    const { runner } = makeRunner();
    const err = await failure(runner.start('diagnostic', { mode: 'fail' }).done);
    expect(err.code).toBe('job.failed');
    expect(err.message).toBe('diagnostic: plain failure');
  });

  it('rejects bad params and unknown job types with contract.bad-input naming the problem', async () => {
    const { runner } = makeRunner();
    const bad = runner.startRaw('diagnostic', { mode: 'dance' });
    const unknown = runner.startRaw('noSuchJob', {});
    const e1 = await failure(bad.done);
    expect(e1.code).toBe('contract.bad-input');
    expect(e1.message).toMatch(/^bad params for job 'diagnostic': mode: /);
    const e2 = await failure(unknown.done);
    expect(e2.code).toBe('contract.bad-input');
    expect(e2.message).toMatch(/^unknown job type 'noSuchJob' \(known: .*diagnostic.*\)$/);
  });

  it('queues jobs beyond maxConcurrent and cancels a queued job at once without a worker', async () => {
    const { runner } = makeRunner({ maxConcurrent: 1 });
    const first = runner.start('diagnostic', { mode: 'sleep', ms: 300 });
    const second = runner.start('diagnostic', { mode: 'echo', value: 2 });
    const third = runner.start('diagnostic', { mode: 'echo', value: 3 });
    expect(runner.list().map((s) => s.status)).toEqual(['queued', 'queued', 'running']);
    expect(runner.cancel(third.jobId)).toBe(true);
    expect((await failure(third.done)).code).toBe('job.cancelled');
    await first.done;
    await expect(second.done).resolves.toBe(2);
  });

  it('a failed job whose done nobody awaits does not become an unhandled rejection', async () => {
    const { runner } = makeRunner();
    const { jobId } = runner.start('diagnostic', { mode: 'throw' });
    await waitFor(runner, jobId, (s) => s.status === 'failed');
    await new Promise((r) => setTimeout(r, 50)); // let an unhandled rejection surface, if any
  });

  it('dispose kills every worker and ends running and queued jobs cancelled', async () => {
    const { runner, lines } = makeRunner({ maxConcurrent: 2 });
    const a = runner.start('diagnostic', { mode: 'sleep', ms: 20_000 });
    const b = runner.start('diagnostic', { mode: 'spin', ms: 20_000 });
    const c = runner.start('diagnostic', { mode: 'echo', value: 1 });
    await waitFor(runner, a.jobId, (s) => s.progress.stage === 'sleeping');
    await waitFor(runner, b.jobId, (s) => s.progress.stage === 'spinning');
    const pids = [pidOf(lines, a.jobId), pidOf(lines, b.jobId)];
    runner.dispose();
    for (const job of [a, b, c]) expect((await failure(job.done)).code).toBe('job.cancelled');
    await until(() => !pids.some(alive), 3000);
    expect(() => runner.start('diagnostic', { mode: 'echo' })).toThrow(/disposed/);
  });
});
