/**
 * The entry of every worker process. Waits for one `start`, runs that job from the registry,
 * posts its result or error, and exits: one process per job, so a crash takes only its job.
 * Talks over `process.parentPort` in an Electron utility process, else over Node's IPC channel.
 */
import { LungDeskError, toErrorInfo, type ErrorInfo } from '../common/errors';
import type { JobContext } from '../common/jobs';
import { removeTempFilesInFlight } from '../core/io/write/temp-file';
import { watchHost } from './host-watch';
import { jobRegistry } from './jobs';
import { runRegisteredJob } from './job-definition';
import { HostToWorker, type WorkerToHost } from './protocol';

/** At most one progress message per this many ms (≤ 20/s): the UI cannot show more. */
const PROGRESS_INTERVAL_MS = 50;
/** How long a worker whose host died gives its job to stop and clean up before it exits anyway. */
const HOST_GONE_GRACE_MS = 1500;

interface Channel {
  /** Resolves once the message has left this process (so exiting after it is safe). */
  post(message: WorkerToHost): Promise<void>;
  onMessage(cb: (message: unknown) => void): void;
  /** Lets the process end: Electron needs a moment for the last message to leave. */
  exit(code: number): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}

function parentChannel(): Channel | undefined {
  const port = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      post: async (m) => port.postMessage(m),
      onMessage: (cb) => port.on('message', (e) => cb(e.data)),
      exit: (code) => setTimeout(() => process.exit(code), 100),
    };
  }
  const send = process.send?.bind(process);
  if (!send) return undefined;
  return {
    post: (m) =>
      new Promise((resolve, reject) => {
        try {
          send(m, undefined, {}, (err) => (err ? reject(err) : resolve()));
        } catch (e) {
          reject(e); // e.g. a result that structured clone cannot copy
        }
      }),
    onMessage: (cb) => process.on('message', cb),
    exit: (code) => process.exit(code),
  };
}

function errorOf(e: unknown, aborted: boolean): ErrorInfo {
  if (aborted) return { code: 'job.cancelled', message: e instanceof Error ? e.message : 'cancelled' };
  if (e instanceof LungDeskError) return toErrorInfo(e);
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'job.failed', message, detail: e instanceof Error && e.stack ? { stack: e.stack } : undefined };
}

function main(): void {
  const channel = parentChannel();
  if (!channel) {
    process.stderr.write('worker-main must be started by the LungDesk job runner (no IPC channel)\n');
    process.exit(2);
  }
  let current: { jobId: string; abort: AbortController } | undefined;
  let ending = false;
  let hostGone = false;

  // Cancels the job, gives it a moment to stop (its atomic writes remove their temp files as
  // they fail), then removes any temp file still open and exits; nothing is sent.
  const quit = () => {
    removeTempFilesInFlight();
    process.exit(1);
  };
  watchHost((why) => {
    if (hostGone) return;
    hostGone = true; // nothing is written: stdout and stderr went to the host, which is gone
    if (!current || ending) return quit();
    current.abort.abort(new LungDeskError('job.cancelled', `the host is gone (${why})`));
    setTimeout(quit, HOST_GONE_GRACE_MS);
  });

  const end = async (jobId: string, outcome: { result: unknown } | { error: ErrorInfo }) => {
    if (hostGone) return quit();
    if (ending) return;
    ending = true;
    try {
      await channel.post('result' in outcome ? { kind: 'result', jobId, result: outcome.result } : { kind: 'error', jobId, error: outcome.error });
    } catch (e) {
      // The result could not be sent (not cloneable): say so instead of vanishing.
      const message = `job result could not be sent to the host: ${e instanceof Error ? e.message : String(e)}`;
      await channel.post({ kind: 'error', jobId, error: { code: 'job.failed', message } }).catch(() => {});
    }
    channel.exit(0);
  };

  const fatal = (e: unknown) => {
    if (current) void end(current.jobId, { error: errorOf(e, current.abort.signal.aborted) });
    else {
      process.stderr.write(`worker failed outside a job: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    }
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);

  channel.onMessage((raw) => {
    const parsed = HostToWorker.safeParse(raw);
    if (!parsed.success) {
      void channel.post({ kind: 'log', level: 'error', message: `ignored a message outside the protocol: ${parsed.error.message}` });
      return;
    }
    const msg = parsed.data;
    if (msg.kind === 'cancel') {
      if (current?.jobId === msg.jobId) current.abort.abort(new LungDeskError('job.cancelled', 'cancelled'));
      else channel.exit(0); // nothing running yet: nothing to clean up
      return;
    }
    if (current) {
      void channel.post({ kind: 'log', level: 'warn', message: `ignored a second start (${msg.jobId}): one job per worker` });
      return;
    }
    const abort = new AbortController();
    current = { jobId: msg.jobId, abort };
    void runJob(msg, abort, channel).then((outcome) => end(msg.jobId, outcome));
  });

  void channel.post({ kind: 'ready' });
}

async function runJob(
  msg: Extract<HostToWorker, { kind: 'start' }>,
  abort: AbortController,
  channel: Channel,
): Promise<{ result: unknown } | { error: ErrorInfo }> {
  let lastSent = 0;
  let pending: { stage: string; fraction: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const send = (p: { stage: string; fraction: number }) => {
    lastSent = Date.now();
    void channel.post({ kind: 'progress', jobId: msg.jobId, ...p }).catch(() => {});
  };
  const flush = () => {
    timer = undefined;
    if (pending) send(pending);
    pending = undefined;
  };
  const ctx: JobContext = {
    signal: abort.signal,
    budgetBytes: msg.budgetBytes,
    progress(stage, fraction) {
      const p = { stage: String(stage), fraction: Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0 };
      const wait = lastSent + PROGRESS_INTERVAL_MS - Date.now();
      if (wait <= 0 && !timer) send(p);
      else {
        pending = p; // only the newest matters
        timer ??= setTimeout(flush, Math.max(0, wait));
      }
    },
  };
  try {
    return await runRegisteredJob(jobRegistry, msg.jobType, msg.params, ctx);
  } catch (e) {
    return { error: errorOf(e, abort.signal.aborted) };
  } finally {
    if (timer) clearTimeout(timer);
    flush(); // the last progress goes before the result, in order
  }
}

main();
