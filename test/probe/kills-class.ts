import fs from 'node:fs';
import path from 'node:path';
import { prng } from '../fuzz/prng';
import { callOp, startHost, waitJob, type HostProcess } from './host-session';
import { HAS_PROC, orphanWorkers, procInfo, sleep, workerProcesses } from './proc';
import { Tally, type ClassResult, type ProbeOptions } from './report';

/**
 * Class 4: kills during writes. A real host saves mask versions and review decisions in a loop
 * while a lung-mask job runs in a worker; the probe SIGKILLs the worker and/or the host at a
 * random moment, restarts the host on the same data folder and checks: every save the client
 * got an OK for is there with its checksum and readable, every decision is the last one
 * answered (or one still in flight), no worker outlives its host, no temp file is left.
 */

interface SavedMask {
  id: number;
  sha256: string | null;
}
interface DecisionLog {
  /** The last decision the host answered OK; null: none yet (undecided). */
  lastOk: string | null;
  /** Decisions sent after it whose answer never came (the kill cut them). */
  inFlight: Set<string>;
}

const TEMP_NAME = /\.tmp-\d+/;

function tempFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (TEMP_NAME.test(e.name)) out.push(p);
    }
  }
  return out;
}

export async function killsClass(opts: ProbeOptions): Promise<ClassResult> {
  const t = new Tally('4 kills during writes');
  const dataDir = path.join(opts.tmpRoot, 'kills-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const tag = `${path.basename(opts.tmpRoot)}-kills`;
  const rnd = prng(opts.seed + 4);
  const rounds = opts.quick ? 5 : 10;
  const saved: SavedMask[] = [];
  const decisions = new Map<string, DecisionLog>();
  let orphans = 0;
  let workerKills = 0;
  let hostKills = 0;
  let lost = 0;
  const leftTemp = new Set<string>();
  let workersAtHostKill = 0;
  let okWrites = 0;

  let host = await startHost({ dataDir, tag });
  const scanList = ((await callOp(host, 'listScans', {})).value ?? []) as { id: number; dims: [number, number, number] }[];
  const scan = scanList[0];
  if (!scan) throw new Error('the demo dataset has no scans');
  const lesionKeys = (((await callOp(host, 'listLesions', { scanId: scan.id })).value as { lesions: { key: string }[] } | undefined)?.lesions ?? []).map((l) => l.key);
  const voxels = scan.dims[0] * scan.dims[1] * scan.dims[2];

  try {
    for (let round = 0; round < rounds; round++) {
      t.inputs++;
      // A worker to kill (and to orphan): a lung mask of the second scan, or of the first.
      const jobScan = scanList[1 + (round % Math.max(1, scanList.length - 1))] ?? scan;
      const job = await callOp(host, 'runLungMask', { scanId: jobScan.id });
      let stop = false;
      const writer = (async () => {
        let parentId = saved.at(-1)?.id ?? null;
        while (!stop) {
          if (rnd() < 0.6) {
            const start = Math.floor(rnd() * (voxels - 5000));
            const len = 1 + Math.floor(rnd() * 4000);
            const r = await callOp(
              host,
              'saveMaskVersion',
              { scanId: scan.id, parentId, kind: 'probe', note: `round ${round}`, tools: ['brush'], labels: [{ value: 1, name: 'lung', kind: 'lung' }], change: { runs: new Uint32Array([start, len]), values: new Uint8Array(len).fill(round % 2) } },
              { frame: true, timeoutMs: 30_000 },
            );
            if (r.ok) {
              const v = r.value as { id: number; sha256: string | null };
              saved.push({ id: v.id, sha256: v.sha256 });
              parentId = v.id;
              okWrites++;
            } else if (!r.dropped) t.fail(`round ${round}: saveMaskVersion refused: ${r.error?.code} ${r.error?.message?.slice(0, 120)}`);
          } else if (lesionKeys.length) {
            const key = lesionKeys[Math.floor(rnd() * lesionKeys.length)]!;
            const decision = ['accepted', 'rejected', 'second-read'][Math.floor(rnd() * 3)]!;
            const log = decisions.get(key) ?? { lastOk: null, inFlight: new Set<string>() };
            decisions.set(key, log);
            log.inFlight.add(decision);
            const r = await callOp(host, 'decideLesion', { scanId: scan.id, lesionKey: key, decision, ...(decision === 'rejected' ? { reason: 'vessel' } : {}) }, { timeoutMs: 30_000 });
            if (r.ok) {
              log.lastOk = decision;
              log.inFlight.clear();
              okWrites++;
            } else if (!r.dropped) {
              log.inFlight.delete(decision);
              t.fail(`round ${round}: decideLesion refused: ${r.error?.code} ${r.error?.message?.slice(0, 120)}`);
            }
          }
        }
      })();

      const mode = round % 3;
      // Worker-kill rounds (1) and orphan rounds (2) strike early, while the job's worker is
      // surely running (a demo lung mask takes about a second); rounds 0 kill the host at a
      // random moment.
      await sleep(mode === 0 ? 300 + rnd() * 1700 : 50 + rnd() * 250);
      if (mode === 2 && HAS_PROC) {
        // Kill the host while its worker runs: that worker must not outlive it (an orphan).
        for (let waited = 0; workerProcesses(tag).every((w) => w.ppid !== host.pid) && waited < 5000; waited += 50) await sleep(50);
      }
      if (mode === 1 && HAS_PROC) {
        // Kill the worker first: the host must live on and fail only that job.
        let workers = workerProcesses(tag).filter((w) => w.ppid === host.pid);
        for (let waited = 0; workers.length === 0 && waited < 5000; waited += 50) {
          await sleep(50);
          workers = workerProcesses(tag).filter((w) => w.ppid === host.pid);
        }
        for (const w of workers) process.kill(w.pid, 'SIGKILL');
        workerKills += workers.length;
        if (workers.length && job.ok) {
          const end = await waitJob(host, (job.value as { jobId: string }).jobId, 15_000);
          if (!end) t.fail(`round ${round}: the job whose worker was killed did not end within 15 s`);
          else if (end.status !== 'failed' || end.error?.code !== 'job.crashed') t.fail(`round ${round}: the job whose worker was killed ended ${end.status} ${end.error?.code ?? ''}, expected failed job.crashed`);
        }
        const alive = await callOp(host, 'getAppInfo', {});
        if (!alive.ok) t.fail(`round ${round}: the host did not answer after its worker was killed: ${alive.dropped ?? alive.error?.code}`);
        await sleep(200 + rnd() * 500);
      }
      const oldPid = host.pid;
      if (HAS_PROC) workersAtHostKill += workerProcesses(tag).filter((w) => w.ppid === oldPid).length;
      if (procInfo(host.pid)) process.kill(host.pid, 'SIGKILL');
      else t.fail(`round ${round}: the host died on its own before the kill: ${host.output().slice(-300)}`);
      hostKills++;
      stop = true;
      await host.exited;
      await writer;

      if (HAS_PROC) {
        // A worker gets a few seconds to notice its host is gone; after that it is an orphan.
        let left = orphanWorkers(tag, new Set());
        for (let i = 0; i < 30 && left.length; i++) {
          await sleep(100);
          left = orphanWorkers(tag, new Set());
        }
        if (left.length) {
          orphans += left.length;
          t.fail(`round ${round}: ${left.length} worker(s) outlived their killed host (pid ${oldPid}) by 3 s: ${left.map((w) => w.pid).join(', ')}`);
          for (const w of left) if (procInfo(w.pid)) process.kill(w.pid, 'SIGKILL'); // the probe's own tagged workers
        }
      }

      host = await startHost({ dataDir, tag });
      const broke = await verify(host, scan.id, saved, decisions);
      lost += broke.lost;
      for (const f of broke.findings) t.fail(`round ${round}: ${f}`);
      await sleep(500); // the restart's sweep, if it runs in the background
      const temps = tempFiles(dataDir).filter((f) => !leftTemp.has(f));
      for (const f of temps) leftTemp.add(f);
      if (temps.length) t.fail(`round ${round}: ${temps.length} temp file(s) left after the restart: ${temps.slice(0, 3).map((f) => path.relative(dataDir, f)).join(', ')}`);
    }
  } finally {
    if (procInfo(host.pid)) process.kill(host.pid, 'SIGTERM');
    const t0 = Date.now();
    while (procInfo(host.pid) && Date.now() - t0 < 5000) await sleep(50);
    if (procInfo(host.pid)) process.kill(host.pid, 'SIGKILL');
    await host.exited;
    for (const w of HAS_PROC ? workerProcesses(tag) : []) process.kill(w.pid, 'SIGKILL');
  }
  t.figures.rounds = rounds;
  t.figures.hostKills = hostKills;
  t.figures.workerKills = workerKills;
  // Worker kills are half of the class: a run that killed none checked nothing there.
  if (HAS_PROC && rounds > 1 && workerKills === 0) t.fail('no worker was running at any worker-kill round, so no worker was killed');
  if (HAS_PROC && rounds > 2 && workersAtHostKill === 0) t.fail('no host was killed while its worker ran, so orphans went unchecked');
  t.figures.okWrites = okWrites;
  t.figures.maskVersionsOk = saved.length;
  t.figures.lost = lost;
  t.figures.orphans = HAS_PROC ? orphans : 'n/a (no /proc)';
  t.figures.workersAtHostKill = HAS_PROC ? workersAtHostKill : 'n/a';
  t.figures.tempLeft = leftTemp.size;
  return t.result();
}

/** Everything answered OK before the kill is there after the restart. */
async function verify(host: HostProcess, scanId: number, saved: SavedMask[], decisions: Map<string, DecisionLog>): Promise<{ lost: number; findings: string[] }> {
  const findings: string[] = [];
  let lost = 0;
  const list = await callOp(host, 'listMaskVersions', { scanId });
  const byId = new Map(((list.value ?? []) as { id: number; sha256: string | null }[]).map((v) => [v.id, v]));
  for (const s of saved) {
    const v = byId.get(s.id);
    if (!v) {
      lost++;
      findings.push(`mask version ${s.id} was answered OK, and is gone after the restart`);
    } else if (v.sha256 !== s.sha256) {
      lost++;
      findings.push(`mask version ${s.id}: sha256 ${v.sha256} after the restart, ${s.sha256} when saved`);
    }
  }
  // The newest versions' bytes must read back (checksum verified by the store).
  for (const s of saved.slice(-2)) {
    const m = await callOp(host, 'getMask', { maskId: s.id }, { timeoutMs: 60_000 });
    if (!m.ok) {
      lost++;
      findings.push(`mask version ${s.id} does not read back after the restart: ${m.error?.code} ${m.error?.message?.slice(0, 120)}`);
    }
  }
  const lesions = ((await callOp(host, 'listLesions', { scanId })).value as { lesions: { key: string; decision: { decision: string } | null }[] } | undefined)?.lesions ?? [];
  for (const [key, log] of decisions) {
    const now = lesions.find((l) => l.key === key)?.decision?.decision ?? null;
    if (now === log.lastOk || (now !== null && log.inFlight.has(now))) {
      if (now !== log.lastOk) log.lastOk = now; // the cut request did land: it is the state now
      log.inFlight.clear();
      continue;
    }
    lost++;
    findings.push(`lesion ${key}: decision ${now ?? 'none'} after the restart, ${log.lastOk ?? 'none'} was answered OK`);
  }
  return { lost, findings };
}
