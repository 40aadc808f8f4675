import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The reference Python stack (numpy, pydicom), not the `python3` first on PATH. */
export const PYTHON = '/usr/bin/python3';

let cached: string | null | undefined;

/** Null when /usr/bin/python3 with numpy and pydicom is usable, else why not (for skip messages). */
export function pythonMissing(): string | null {
  if (cached !== undefined) return cached;
  if (!existsSync(PYTHON)) return (cached = `${PYTHON} not found`);
  const r = spawnSync(PYTHON, ['-c', 'import numpy, pydicom'], { encoding: 'utf8' });
  cached = r.status === 0 ? null : `${PYTHON} lacks numpy/pydicom: ${r.stderr.trim().split('\n').pop()}`;
  return cached;
}

/** Runs `script` with `args`, returns its stdout parsed as JSON; throws with stderr on failure. */
export function runPythonJson<T = unknown>(script: string, args: string[] = []): T {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
