import { readFileSync, readdirSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';

/**
 * CPU time each process spent on one open, by kind: the host (`lungdesk serve` and its worker
 * processes) from /proc, Chromium's processes (renderer, GPU, network, browser) from
 * SystemInfo.getProcessInfo. On a shared 2-core machine wall times swing with other work;
 * CPU time says which process does the work.
 */

export type CpuSample = Record<string, number>;

/**
 * utime + stime of one process, ms (USER_HZ is 100 on Linux); with `reaped`, plus what its
 * children that already exited used (cutime + cstime), so a finished worker still counts.
 */
function procCpuMs(pid: number, reaped = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return (fields[11]! + fields[12]! + (reaped ? fields[13]! + fields[14]! : 0)) * 10;
  } catch {
    return null;
  }
}

/** `pid` and every process below it. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      // exited while listing
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** Cumulative CPU ms by process kind, now. */
export async function cpuSample(browserCdp: CDPSession, hostPid: number | undefined): Promise<CpuSample> {
  const sample: CpuSample = {};
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  for (const p of processInfo) sample[p.type] = (sample[p.type] ?? 0) + p.cpuTime * 1000;
  if (hostPid !== undefined) sample.host = processTree(hostPid).reduce((n, pid) => n + (procCpuMs(pid, pid === hostPid) ?? 0), 0);
  return sample;
}

/** CPU ms spent between two samples, by kind (processes that came and went count from 0). */
export function cpuSpent(before: CpuSample, after: CpuSample): CpuSample {
  const out: CpuSample = {};
  for (const [k, v] of Object.entries(after)) out[k] = Math.max(0, v - (before[k] ?? 0));
  return out;
}
