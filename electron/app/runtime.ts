import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JobRunner } from '../workers/job-runner';
import { nodeForkLauncher, type ProcessLauncher } from '../workers/process-launcher';
import { utilityProcessLauncher } from '../workers/utility-process-launcher';
import { LungDeskService } from './service';

export interface RuntimeOptions {
  dataDir: string;
  dbFile?: string;
  host: 'electron' | 'browser';
  version: string;
  log?: (line: string) => void;
  /** Electron passes its utilityProcess launcher; elsewhere Node child processes. */
  launcher?: ProcessLauncher;
  /** The host's memory budget for volumes it serves, bytes (default: LUNGDESK_HOST_MEMORY_MB, else a share of the machine's). */
  memoryBudgetBytes?: number;
}

/**
 * Where the worker entry is: the compiled JavaScript next to this file, or, when this
 * file runs from TypeScript source (tests, tsx), the .ts entry loaded through tsx.
 */
export function workerEntry(): { entry: string; execArgv: string[] } {
  const fromSource = __filename.endsWith('.ts');
  const entry = path.join(__dirname, '..', 'workers', fromSource ? 'worker-main.ts' : 'worker-main.js');
  if (!fs.existsSync(entry)) throw new Error(`worker entry missing: ${entry} (run npm run build)`);
  if (!fromSource) return { entry, execArgv: [] };
  // Workers run in the temp folder, where the bare name 'tsx' would not resolve.
  const tsx = pathToFileURL(require.resolve('tsx')).toString();
  return { entry, execArgv: ['--import', tsx, ...hostPreloads(process.execArgv)] };
}

/**
 * The modules this (source-run) host was started with by path (`--import ./x.ts`, `-r x.js`),
 * as absolute `--import` URLs: its workers load them too, as Node's fork passes a parent's
 * flags by default (the explicit execArgv above would otherwise drop them). Bare names (tsx
 * itself, loaders) are left out: they would not resolve from the workers' folder.
 */
export function hostPreloads(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    const m = /^(--import|--require|-r)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const value = m[2] ?? execArgv[++i];
    if (!value || !/^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/]|file:)/.test(value)) continue;
    out.push('--import', value.startsWith('file:') ? value : pathToFileURL(path.resolve(value)).toString());
  }
  return out;
}

/** The service with its job runner: what every host starts. */
export function createRuntime(opts: RuntimeOptions): { service: LungDeskService; runner: JobRunner; close(): void } {
  const { entry, execArgv } = workerEntry();
  const runner = new JobRunner({
    launcher: opts.launcher ?? (process.versions.electron ? utilityProcessLauncher : nodeForkLauncher),
    entry,
    execArgv,
    // A worker that aborts may leave a core file in its working folder: not in the user's.
    cwd: os.tmpdir(),
    // Worker lifecycle lines are for debugging; failures reach the user through the job.
    log: process.env.LUNGDESK_VERBOSE ? opts.log : undefined,
  });
  const service = LungDeskService.open({ dataDir: opts.dataDir, dbFile: opts.dbFile, host: opts.host, runner, version: opts.version, log: opts.log, memoryBudgetBytes: opts.memoryBudgetBytes });
  return { service, runner, close: () => service.close() };
}
