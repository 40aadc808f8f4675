import { fork } from 'node:child_process';

/** How a worker process ended: an exit code, or the signal that killed it. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
}

/**
 * A started worker process, whatever launched it (Electron utilityProcess or Node fork).
 * Callbacks registered before the process ends are called; `onExit` fires once, after the
 * output streams have been read to the end so the stderr tail is complete.
 */
export interface WorkerProcess {
  readonly pid?: number;
  postMessage(message: unknown): void;
  onMessage(cb: (message: unknown) => void): void;
  /** stdout/stderr text as it arrives (for logs, and to tell an out-of-memory death). */
  onOutput(cb: (stream: 'stdout' | 'stderr', text: string) => void): void;
  onExit(cb: (info: WorkerExit) => void): void;
  /** Ends the process now (SIGKILL on POSIX). Safe to call after it has exited. */
  kill(): void;
}

export interface LaunchOptions {
  /** The worker entry script (worker-main.js, or worker-main.ts with a TS loader in execArgv). */
  entry: string;
  execArgv?: string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /** V8 old-space limit; the worker dies with an OOM report instead of swapping the machine. */
  maxOldSpaceMb?: number;
  /** Working directory; a crashing worker may leave a core file there. */
  cwd?: string;
}

export interface ProcessLauncher {
  launch(opts: LaunchOptions): WorkerProcess;
}

export function nodeExecArgv(opts: LaunchOptions): string[] {
  const args = [...(opts.execArgv ?? [])];
  if (opts.maxOldSpaceMb !== undefined) args.push(`--max-old-space-size=${Math.max(1, Math.round(opts.maxOldSpaceMb))}`);
  return args;
}

/** Workers as Node child processes (CLI, browser host, tests). */
export const nodeForkLauncher: ProcessLauncher = {
  launch(opts) {
    const child = fork(opts.entry, [], {
      execArgv: nodeExecArgv(opts),
      env: { ...process.env, ...opts.env },
      cwd: opts.cwd,
      // Structured clone instead of JSON, so typed arrays and Buffers cross as themselves.
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    // A message to a worker that just died must not take the host down.
    child.on('error', () => {});
    return {
      get pid() {
        return child.pid;
      },
      postMessage(message) {
        if (child.connected) child.send(message as never, (err) => void err);
      },
      onMessage(cb) {
        child.on('message', cb);
      },
      onOutput(cb) {
        child.stdout?.on('data', (t: string) => cb('stdout', t));
        child.stderr?.on('data', (t: string) => cb('stderr', t));
      },
      onExit(cb) {
        // 'close' rather than 'exit': it waits for stdout/stderr to end.
        child.once('close', (code, signal) => cb({ code, signal }));
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  },
};
