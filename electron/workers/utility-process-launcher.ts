import type { UtilityProcess } from 'electron';
import type { LaunchOptions, ProcessLauncher, WorkerExit, WorkerProcess } from './process-launcher';

/**
 * Workers as Electron utility processes (the desktop app). Electron is required lazily so this
 * module loads in plain Node too (type-checks, tests); `launch` only works in Electron's main
 * process after `app` is ready. The worker side is the same worker-main: it talks over
 * `process.parentPort` there instead of `process.send`.
 */
export const utilityProcessLauncher: ProcessLauncher = {
  launch(opts: LaunchOptions): WorkerProcess {
    const { utilityProcess } = require('electron') as typeof import('electron');
    const execArgv = [...(opts.execArgv ?? [])];
    if (opts.maxOldSpaceMb !== undefined) execArgv.push(`--max-old-space-size=${Math.max(1, Math.round(opts.maxOldSpaceMb))}`);
    const child: UtilityProcess = utilityProcess.fork(opts.entry, [], {
      env: { ...process.env, ...opts.env },
      execArgv,
      cwd: opts.cwd,
      stdio: 'pipe',
      serviceName: 'LungDesk worker',
    });
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    const outputListeners: ((stream: 'stdout' | 'stderr', text: string) => void)[] = [];
    let exited = false;
    // V8 fatal errors (heap OOM among them) arrive here, not on stderr; pass them on as stderr
    // text so the runner tells OOM from other crashes the same way for both launchers.
    child.on('error', (type, location, report) => {
      const event = /"event"\s*:\s*"([^"]*)"/.exec(report)?.[1] ?? '';
      for (const cb of outputListeners) cb('stderr', `${type} at ${location}: ${event}\n`);
    });
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      postMessage(message) {
        if (!exited) child.postMessage(message);
      },
      onMessage(cb) {
        child.on('message', cb);
      },
      onOutput(cb) {
        outputListeners.push(cb);
        child.stdout?.on('data', (t: string) => cb('stdout', t));
        child.stderr?.on('data', (t: string) => cb('stderr', t));
      },
      onExit(cb) {
        // Electron reports only the waitpid code; a signal death shows up in it, not separately.
        child.once('exit', (code: number) => cb({ code, signal: null } satisfies WorkerExit));
      },
      kill() {
        if (!exited) child.kill();
      },
    };
  },
};
