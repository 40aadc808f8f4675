import fs from 'node:fs';

/**
 * Whether process `pid` is running: a zombie (dead, not yet reaped by its parent) counts as
 * gone, since a worker whose host died is reaped only by init. Reads /proc (Linux), as the
 * orphan tests and the probe do.
 */
export function processAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The third field is the state; the command name before it may hold spaces and parens.
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
