import fs from 'node:fs';

/** What /proc says of one process (Linux only; elsewhere the probe's process checks are skipped). */
export interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
  rssKb: number;
}

export const HAS_PROC = fs.existsSync('/proc/self/status');

export function procInfo(pid: number): ProcInfo | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? '0');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? '0');
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    if (state === 'Z') return null; // a zombie holds no memory and no files: it is gone
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid, cmdline, rssKb };
  } catch {
    return null;
  }
}

export function allProcesses(): ProcInfo[] {
  if (!HAS_PROC) return [];
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = procInfo(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** The env variable the probe sets on every host it starts; workers inherit it, so the probe finds its own. */
export const PROBE_TAG_ENV = 'LUNGDESK_PROBE_TAG';

function environHas(pid: number, entry: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry);
  } catch {
    return false;
  }
}

/** LungDesk worker processes (their command line runs the worker entry) started under this probe tag. */
export function workerProcesses(tag: string): ProcInfo[] {
  return allProcesses().filter((p) => /worker-main\.(js|ts)/.test(p.cmdline) && environHas(p.pid, `${PROBE_TAG_ENV}=${tag}`));
}

/** Workers whose parent is gone: re-parented to init (or a subreaper), or to a dead pid. */
export function orphanWorkers(tag: string, hostPids: ReadonlySet<number>): ProcInfo[] {
  return workerProcesses(tag).filter((p) => !hostPids.has(p.ppid) || procInfo(p.ppid) === null);
}

/** RSS of a process and its descendants, kB. */
export function treeRssKb(root: number): { self: number; total: number } {
  const all = allProcesses();
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const self = all.find((p) => p.pid === root)?.rssKb ?? 0;
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += all.find((p) => p.pid === pid)?.rssKb ?? 0;
    for (const c of byParent.get(pid) ?? []) stack.push(c.pid);
  }
  return { self, total };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
