import fs from 'node:fs';

/** Children of every process, from /proc (Linux): pid → its children's pids. */
function childrenOf(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which may hold spaces: split after its ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return kids;
}

function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the resident memory of `root`'s descendants (the export's worker processes) every
 * `everyMs` until stopped; answers each worker's peak. A sampled peak can miss a spike shorter
 * than the interval: it is a lower bound.
 */
export function watchWorkerRss(root: number, everyMs = 50): { stop(): number[] } {
  const peak = new Map<number, number>();
  const tick = (): void => {
    const kids = childrenOf();
    const stack = [...(kids.get(root) ?? [])];
    while (stack.length) {
      const pid = stack.pop()!;
      peak.set(pid, Math.max(peak.get(pid) ?? 0, rssBytes(pid)));
      stack.push(...(kids.get(pid) ?? []));
    }
  };
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return [...peak.values()].filter((b) => b > 0);
    },
  };
}
