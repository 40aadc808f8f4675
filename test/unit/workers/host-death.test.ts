import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { processAlive } from '../../helpers/process-alive';

// A real host process (test/helpers/orphan-host.ts: a JobRunner with the Node fork launcher)
// is SIGKILLed while its worker runs a job; the worker must notice and end on its own.
const hostScript = path.resolve(__dirname, '../../helpers/orphan-host.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;

const hosts: ChildProcess[] = [];
const workerPids: number[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
  for (const pid of workerPids.splice(0)) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});


/** Starts a host running a diagnostic job; resolves with the host and its worker's pid. */
function startHost(params: object): Promise<{ host: ChildProcess; workerPid: number }> {
  const host = spawn(process.execPath, ['--import', tsx, hostScript, JSON.stringify(params)], { stdio: ['ignore', 'pipe', 'pipe'] });
  hosts.push(host);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the host did not start its worker in time: ${out} ${err}`)), 30_000);
    host.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    host.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /WORKER (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const workerPid = Number(m[1]);
      workerPids.push(workerPid);
      resolve({ host, workerPid });
    });
    host.once('exit', (code) => reject(new Error(`host exited (${code}) before its worker ran: ${err}`)));
  });
}

async function goneWithin(pid: number, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (!processAlive(pid)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`worker ${pid} still runs ${ms} ms after its host was killed`);
}

describe.runIf(process.platform === 'linux')('a worker whose host dies', () => {
  it('exits within a few seconds when its host is SIGKILLed mid-job', async () => {
    const { host, workerPid } = await startHost({ mode: 'sleep', ms: 120_000 });
    expect(processAlive(workerPid)).toBe(true);
    host.kill('SIGKILL');
    expect(await goneWithin(workerPid, 5000)).toBeLessThan(5000);
  });

  it('stops its write and removes the temp file when its host is SIGKILLed mid-write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-orphan-'));
    dirs.push(dir);
    const target = path.join(dir, 'out.bin');
    const { host, workerPid } = await startHost({ mode: 'write', path: target, bytes: 256 << 20, ms: 60_000 });
    // The write is under way: its temp file exists, the target does not yet.
    expect(fs.readdirSync(dir).some((n) => n.includes('.tmp-'))).toBe(true);
    host.kill('SIGKILL');
    await goneWithin(workerPid, 5000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('exits after a busy stretch that kept it from hearing the host die', async () => {
    const { host, workerPid } = await startHost({ mode: 'spin', ms: 1500 });
    host.kill('SIGKILL');
    // The spin ends by itself after 1.5 s; the worker must then not wait for a host that is gone.
    expect(await goneWithin(workerPid, 6000)).toBeLessThan(6000);
  });
});
