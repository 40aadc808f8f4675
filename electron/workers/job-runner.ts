import { randomBytes } from 'node:crypto';
import { fromErrorInfo, LungDeskError, toErrorInfo, type ErrorInfo } from '../common/errors';
import type { JobContext, JobState, JobStatus } from '../common/jobs';
import type { ProcessLauncher, WorkerExit, WorkerProcess } from './process-launcher';
import { WorkerToHost } from './protocol';
import { jobCatalogue, type HostJobType, type JobParamsIn, type JobResult, type JobResultIn, type JobType, type WorkerJobType } from '../common/job-catalogue';

/** A job's result as its catalogue entry says it is, or job.failed naming what is off. */
function checkedResult<K extends JobType>(jobType: K, raw: unknown): JobResult<K> {
  const parsed = jobCatalogue[jobType].result.safeParse(raw);
  // The one place a job type chosen at run time meets its static result type: TypeScript
  // cannot narrow the catalogue's union by a generic key, the schema just checked it.
  if (parsed.success) return parsed.data as JobResult<K>;
  const why = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'result'}: ${i.message}`).join('; ');
  throw new LungDeskError('job.failed', `job '${jobType}' returned a result that does not match its catalogue schema (${why})`);
}

export interface JobRunnerOptions {
  launcher: ProcessLauncher;
  /** The worker entry (worker-main.js; worker-main.ts with a TS loader in execArgv). */
  entry: string;
  execArgv?: string[];
  env?: Record<string, string>;
  /** Working directory of the workers (where a crashing one may drop a core file). */
  cwd?: string;
  /** Workers running at once; more jobs wait in a queue. Default 2. */
  maxConcurrent?: number;
  /** How long a cancelled worker may take to stop before it is killed. Default 200 ms. */
  cancelGraceMs?: number;
  /** Receives every log line, each starting with `[<jobType> job=<id> pid=<pid>]`. */
  log?: (line: string) => void;
}

export interface InlineOptions {
  label?: string;
  /**
   * Keep the result in the job's ended state (listJobs, onDidUpdateJob) as well as in `done`,
   * for a small result a client that only sees job events needs (an export's summary).
   */
  keepResult?: boolean;
}

export interface StartOptions {
  label?: string;
  /** Memory the job may plan for (ctx.budgetBytes): typed arrays, outside V8's heap. */
  budgetBytes?: number;
  /** V8 heap limit of the worker; past it the job ends `job.oom` instead of the machine swapping. */
  maxOldSpaceMb?: number;
}

/** Default ctx.budgetBytes: 2 GiB. */
const DEFAULT_BUDGET_BYTES = 2 * 1024 ** 3;
/** How many ended jobs list() remembers. */
const MAX_ENDED_JOBS = 100;

/** After its result, a worker that does not exit within this is killed. */
const EXIT_AFTER_RESULT_MS = 2000;
/** How much of a worker's stderr is kept to explain its death. */
const STDERR_TAIL_CHARS = 8192;
const OOM_PATTERN = /heap out of memory|ERR_WORKER_OUT_OF_MEMORY|Reached heap limit/i;

interface JobRecord {
  state: JobState;
  params: unknown;
  budgetBytes: number;
  maxOldSpaceMb?: number;
  proc?: WorkerProcess;
  pid?: number;
  ready: boolean;
  cancelRequested: boolean;
  exited: boolean;
  stderrTail: string;
  killTimer?: NodeJS.Timeout;
  /** Set for a light job run in this process (see runInline). */
  inline?: AbortController;
  /** The (small) result goes into the ended state too (see InlineOptions.keepResult). */
  keepResult?: boolean;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * Runs jobs in worker processes, one fresh process per job (VS Code's UtilityProcess habits):
 * a crash, an abort or an out-of-memory death fails only its own job, and says which it was
 * (`job.crashed` / `job.oom`) with the pid and the signal or exit code.
 */
export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: JobRecord[] = [];
  private readonly active = new Set<JobRecord>();
  private readonly listeners = new Set<(s: JobState) => void>();
  private readonly maxConcurrent: number;
  private readonly cancelGraceMs: number;
  private readonly log: (line: string) => void;
  private seq = 0;
  private disposed = false;

  /** The options it was made with: a caller can make a sibling runner (another concurrency) from them. */
  constructor(readonly opts: JobRunnerOptions) {
    this.maxConcurrent = Math.max(1, opts.maxConcurrent ?? 2);
    this.cancelGraceMs = Math.max(0, opts.cancelGraceMs ?? 200);
    this.log = opts.log ?? (() => {});
  }

  /**
   * Queues a job of the catalogue. `done` resolves with its result, checked against the
   * catalogue's result schema where it enters this process, or rejects with a LungDeskError
   * (job.cancelled, job.crashed, job.oom, job.failed for a result off its schema, or the
   * job's own code); ignoring it is safe.
   */
  start<K extends WorkerJobType>(jobType: K, params: JobParamsIn<K>, opts: StartOptions = {}): { jobId: string; done: Promise<JobResult<K>> } {
    const { jobId, done } = this.startRaw(jobType, params, opts);
    const checked = done.then((r) => checkedResult(jobType, r));
    checked.catch(() => {}); // as startRaw's: callers may never look at `done`
    return { jobId, done: checked };
  }

  /**
   * Runs light work of a host job type in this process (a few milliseconds of async I/O,
   * such as checking a folder for changes), so it costs no worker start yet shows up like
   * any other job: same events, progress and cancel. Its result is checked against the
   * catalogue like a worker's. Anything that decodes pixels or may crash goes to `start`.
   */
  runInline<K extends HostJobType>(jobType: K, fn: (ctx: JobContext) => Promise<JobResultIn<K>>, opts: InlineOptions = {}): { jobId: string; done: Promise<JobResult<K>> } {
    return this.runInlineRaw(jobType, async (ctx) => checkedResult(jobType, await fn(ctx)), opts);
  }

  /**
   * `start` for any job type name, unchecked: for the protocol's own tests (unknown types,
   * bad params) and tools that relay a type they do not know. Product code uses `start`.
   */
  startRaw(jobType: string, params: unknown, opts: StartOptions = {}): { jobId: string; done: Promise<unknown> } {
    if (this.disposed) throw new LungDeskError('internal', `cannot start job '${jobType}': the job runner was disposed`);
    const id = `${jobType.slice(0, 40)}-${++this.seq}-${randomBytes(3).toString('hex')}`;
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Callers may never look at `done`; a failed job must not become an unhandled rejection.
    done.catch(() => {});
    const rec: JobRecord = {
      state: {
        id,
        type: jobType,
        label: opts.label ?? jobType,
        status: 'queued',
        progress: { stage: 'queued', fraction: 0 },
        startedAt: Date.now(),
      },
      params,
      budgetBytes: opts.budgetBytes ?? DEFAULT_BUDGET_BYTES,
      ready: false,
      cancelRequested: false,
      exited: false,
      stderrTail: '',
      resolve,
      reject,
    };
    if (opts.maxOldSpaceMb !== undefined) rec.maxOldSpaceMb = opts.maxOldSpaceMb;
    this.jobs.set(id, rec);
    this.forgetOldJobs();
    this.queue.push(rec);
    this.emit(rec);
    this.pump();
    return { jobId: id, done };
  }

  /** `runInline` for any job type name, unchecked (tests of the runner itself). */
  runInlineRaw<T>(jobType: string, fn: (ctx: JobContext) => Promise<T>, opts: InlineOptions = {}): { jobId: string; done: Promise<T> } {
    if (this.disposed) throw new LungDeskError('internal', `cannot start job '${jobType}': the job runner was disposed`);
    const id = `${jobType.slice(0, 40)}-${++this.seq}-${randomBytes(3).toString('hex')}`;
    const controller = new AbortController();
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => {});
    const rec: JobRecord = {
      state: { id, type: jobType, label: opts.label ?? jobType, status: 'running', progress: { stage: 'started', fraction: 0 }, startedAt: Date.now() },
      params: undefined,
      budgetBytes: DEFAULT_BUDGET_BYTES,
      ready: true,
      cancelRequested: false,
      exited: true,
      stderrTail: '',
      inline: controller,
      keepResult: opts.keepResult === true,
      resolve,
      reject,
    };
    this.jobs.set(id, rec);
    this.forgetOldJobs();
    this.emit(rec);
    let lastEmit = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      budgetBytes: DEFAULT_BUDGET_BYTES,
      progress: (stage, fraction) => {
        if (isEnded(rec.state.status)) return;
        rec.state = { ...rec.state, progress: { stage, fraction: Math.min(1, Math.max(0, fraction)) } };
        const now = Date.now();
        if (now - lastEmit >= 50) {
          lastEmit = now;
          this.emit(rec);
        }
      },
    };
    fn(ctx).then(
      (v) => (controller.signal.aborted ? this.finish(rec, 'cancelled', { error: cancelledInfo(rec) }) : this.finish(rec, 'succeeded', { result: v })),
      (e) => {
        const info = toErrorInfo(e);
        if (controller.signal.aborted || info.code === 'job.cancelled') this.finish(rec, 'cancelled', { error: cancelledInfo(rec) });
        else this.finish(rec, 'failed', { error: info.code === 'internal' ? { ...info, code: 'job.failed' } : info });
      },
    );
    return { jobId: id, done: done as Promise<T> };
  }

  /**
   * Asks a job to stop: a queued job ends at once; a running one gets `cancel` and is killed
   * if its worker has not exited within cancelGraceMs. Either way it ends 'cancelled'.
   * False if the job is unknown or already ended.
   */
  cancel(jobId: string): boolean {
    const rec = this.jobs.get(jobId);
    if (!rec || isEnded(rec.state.status)) return false;
    if (rec.inline) {
      rec.inline.abort();
      this.finish(rec, 'cancelled', { error: cancelledInfo(rec) });
      return true;
    }
    if (!rec.proc) {
      this.queue.splice(this.queue.indexOf(rec), 1);
      this.finish(rec, 'cancelled', { error: cancelledInfo(rec) });
      return true;
    }
    if (rec.cancelRequested) return true;
    rec.cancelRequested = true;
    this.logJob(rec, 'cancel requested');
    if (rec.ready) rec.proc.postMessage({ kind: 'cancel', jobId });
    else rec.proc.kill(); // still starting: nothing of the job's to clean up
    this.armKill(rec, this.cancelGraceMs);
    return true;
  }

  /** Every job of this runner, newest first. */
  list(): JobState[] {
    return [...this.jobs.values()].reverse().map((r) => ({ ...r.state }));
  }

  /** Called on every change of a job (queued, started, progress, ended). Returns unsubscribe. */
  onDidUpdate(listener: (s: JobState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Kills every worker; running and queued jobs end 'cancelled'. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const rec of this.queue.splice(0)) this.finish(rec, 'cancelled', { error: cancelledInfo(rec, 'the job runner was disposed') });
    for (const rec of this.active) {
      rec.cancelRequested = true;
      this.finish(rec, 'cancelled', { error: cancelledInfo(rec, 'the job runner was disposed') });
      rec.proc?.kill();
    }
    this.listeners.clear();
  }

  private pump(): void {
    while (!this.disposed && this.active.size < this.maxConcurrent) {
      const rec = this.queue.shift();
      if (!rec) return;
      this.launch(rec);
    }
  }

  private launch(rec: JobRecord): void {
    let proc: WorkerProcess;
    try {
      proc = this.opts.launcher.launch({
        entry: this.opts.entry,
        ...(this.opts.execArgv ? { execArgv: this.opts.execArgv } : {}),
        ...(this.opts.env ? { env: this.opts.env } : {}),
        ...(this.opts.cwd ? { cwd: this.opts.cwd } : {}),
        ...(rec.maxOldSpaceMb !== undefined ? { maxOldSpaceMb: rec.maxOldSpaceMb } : {}),
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.finish(rec, 'failed', {
        error: { code: 'job.crashed', message: `worker for job '${rec.state.type}' could not be launched: ${why}`, detail: { reason: 'launch-failed' } },
      });
      return;
    }
    rec.proc = proc;
    if (proc.pid !== undefined) rec.pid = proc.pid;
    this.active.add(rec);
    rec.state = { ...rec.state, status: 'running', progress: { stage: 'starting', fraction: 0 } };
    this.logJob(rec, `started ${this.opts.entry}`);
    this.emit(rec);

    proc.onOutput((stream, text) => {
      if (stream === 'stderr') rec.stderrTail = (rec.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      for (const line of text.split('\n')) if (line.trim() !== '') this.logJob(rec, `${stream}: ${line}`);
    });
    proc.onMessage((raw) => this.onMessage(rec, raw));
    proc.onExit((info) => this.onExit(rec, info));
  }

  private onMessage(rec: JobRecord, raw: unknown): void {
    if (rec.pid === undefined && rec.proc?.pid !== undefined) rec.pid = rec.proc.pid;
    const parsed = WorkerToHost.safeParse(raw);
    if (!parsed.success) {
      this.logJob(rec, `message outside the protocol: ${parsed.error.message}`);
      this.finish(rec, 'failed', {
        error: { code: 'job.failed', message: `worker for job '${rec.state.type}' (pid ${rec.pid ?? '?'}) sent a message outside the protocol` },
      });
      this.armKill(rec, 0);
      return;
    }
    const msg = parsed.data;
    switch (msg.kind) {
      case 'ready':
        rec.ready = true;
        rec.proc?.postMessage({ kind: 'start', jobId: rec.state.id, jobType: rec.state.type, params: rec.params, budgetBytes: rec.budgetBytes });
        return;
      case 'log':
        this.logJob(rec, `${msg.level}: ${msg.message}`);
        return;
      case 'progress':
        if (msg.jobId !== rec.state.id || isEnded(rec.state.status)) return;
        rec.state = { ...rec.state, progress: { stage: msg.stage, fraction: msg.fraction } };
        this.emit(rec);
        return;
      case 'result':
        if (msg.jobId !== rec.state.id) return;
        // A result that races a cancel is dropped: the user asked for the job to stop.
        if (rec.cancelRequested) return;
        this.finish(rec, 'succeeded', { result: msg.result });
        this.armKill(rec, EXIT_AFTER_RESULT_MS);
        return;
      case 'error':
        if (msg.jobId !== rec.state.id) return;
        if (rec.cancelRequested || msg.error.code === 'job.cancelled') this.finish(rec, 'cancelled', { error: cancelledInfo(rec) });
        else this.finish(rec, 'failed', { error: msg.error });
        this.armKill(rec, EXIT_AFTER_RESULT_MS);
        return;
    }
  }

  private onExit(rec: JobRecord, info: WorkerExit): void {
    rec.exited = true;
    if (rec.killTimer) clearTimeout(rec.killTimer);
    this.active.delete(rec);
    const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
    this.logJob(rec, `worker ${how}`);
    if (!isEnded(rec.state.status)) {
      if (rec.cancelRequested) this.finish(rec, 'cancelled', { error: cancelledInfo(rec) });
      else this.finish(rec, 'failed', { error: this.deathInfo(rec, info, how) });
    }
    this.pump();
  }

  /** Why a worker died without reporting: out of memory, or any other crash. */
  private deathInfo(rec: JobRecord, info: WorkerExit, how: string): ErrorInfo {
    const who = `worker for job '${rec.state.type}' (pid ${rec.pid ?? '?'})`;
    const stderrTail = rec.stderrTail.slice(-2000);
    const detail = { exitCode: info.code, signal: info.signal, stderrTail };
    if (OOM_PATTERN.test(rec.stderrTail)) {
      const limit = rec.maxOldSpaceMb !== undefined ? ` (V8 heap limit ${rec.maxOldSpaceMb} MB)` : '';
      return { code: 'job.oom', message: `${who} ran out of memory${limit} and ${how}`, detail: { ...detail, reason: 'oom' } };
    }
    const reason = info.signal === 'SIGKILL' ? 'killed' : 'crashed';
    const tail = info.code !== null && info.code !== 0 && stderrTail ? `: ${lastLine(stderrTail)}` : '';
    const message = info.code === 0 ? `${who} exited with code 0 before reporting a result` : `${who} ${how}${tail}`;
    return { code: 'job.crashed', message, detail: { ...detail, reason } };
  }

  private finish(rec: JobRecord, status: JobStatus, outcome: { result?: unknown; error?: ErrorInfo }): void {
    if (isEnded(rec.state.status)) return;
    const next: JobState = { ...rec.state, status, endedAt: Date.now() };
    if (status === 'succeeded') {
      // The result goes only to `done` unless the job asked otherwise: job states are
      // broadcast as events and kept in list(), and a result can be a whole volume.
      next.progress = { stage: 'done', fraction: 1 };
      if (rec.keepResult) next.result = outcome.result;
    }
    if (outcome.error) next.error = outcome.error;
    rec.state = next;
    const line = outcome.error ? `${status}: ${outcome.error.code}: ${outcome.error.message}` : status;
    this.logJob(rec, line);
    if (status === 'succeeded') rec.resolve(outcome.result);
    else rec.reject(fromErrorInfo(outcome.error ?? cancelledInfo(rec)));
    this.emit(rec);
  }

  /** Keeps the newest MAX_ENDED_JOBS ended jobs in list(); running ones are never dropped. */
  private forgetOldJobs(): void {
    let ended = 0;
    for (const [id, r] of [...this.jobs].reverse()) {
      if (!isEnded(r.state.status)) continue;
      if (++ended > MAX_ENDED_JOBS) this.jobs.delete(id);
    }
  }

  private armKill(rec: JobRecord, ms: number): void {
    if (rec.exited || !rec.proc) return;
    if (rec.killTimer) clearTimeout(rec.killTimer);
    const proc = rec.proc;
    rec.killTimer = setTimeout(() => {
      if (rec.exited) return;
      this.logJob(rec, `worker did not exit within ${ms} ms: killing it`);
      proc.kill();
    }, ms);
  }

  private emit(rec: JobRecord): void {
    const snapshot = { ...rec.state };
    for (const l of this.listeners) {
      try {
        l(snapshot);
      } catch (e) {
        this.logJob(rec, `an onDidUpdate listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private logJob(rec: JobRecord, message: string): void {
    this.log(`[${rec.state.type} job=${rec.state.id} pid=${rec.pid ?? rec.proc?.pid ?? '-'}] ${message}`);
  }
}

function isEnded(s: JobStatus): boolean {
  return s === 'succeeded' || s === 'failed' || s === 'cancelled';
}

function cancelledInfo(rec: JobRecord, why = 'it was cancelled'): ErrorInfo {
  return { code: 'job.cancelled', message: `job '${rec.state.type}' (${rec.state.id}) ended because ${why}` };
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines[lines.length - 1] ?? '';
}
