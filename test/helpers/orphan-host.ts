/**
 * A minimal host for the no-orphans tests: starts one worker job through the real JobRunner
 * and Node fork launcher, prints `WORKER <pid>` once the worker runs it, then idles until the
 * test SIGKILLs it. Usage: node --import tsx test/helpers/orphan-host.ts '<job params JSON>'
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JobRunner } from '../../electron/workers/job-runner';
import { nodeForkLauncher } from '../../electron/workers/process-launcher';

const entry = path.resolve(__dirname, '../../electron/workers/worker-main.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;
const params: unknown = JSON.parse(process.argv[2] ?? '{"mode":"sleep","ms":60000}');

let announced = false;
let workerPid: number | undefined;
const runner = new JobRunner({
  launcher: nodeForkLauncher,
  entry,
  execArgv: ['--import', tsx],
  cwd: os.tmpdir(),
  // Every runner log line names the worker's pid: `[diagnostic job=<id> pid=<pid>] ...`.
  log: (line) => {
    const m = / pid=(\d+)\]/.exec(line);
    if (m) workerPid = Number(m[1]);
  },
});
const { jobId, done } = runner.startRaw('diagnostic', params);
done.catch((e: unknown) => {
  process.stderr.write(`job failed before the host was killed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(3);
});
runner.onDidUpdate((s) => {
  // The first progress means the job runs (and its first temp file, if any, is open).
  if (announced || s.id !== jobId || s.status !== 'running' || s.progress.stage === 'starting' || workerPid === undefined) return;
  announced = true;
  process.stdout.write(`WORKER ${workerPid}\n`);
});
setInterval(() => {}, 1 << 30);
