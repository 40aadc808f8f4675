import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { legacyTempFileWriter, tempFileWriter } from './temp-file';

export interface TempSweepOptions {
  /**
   * A temp file untouched this long is a leftover even when a live process has its pid (pids
   * are reused; every write of ours touches its file far more often). Default one hour.
   */
  staleMs?: number;
  /** Folders deeper than this are not entered (0: the folder's own files only). Default 12. */
  maxDepth?: number;
  /**
   * Also the earlier naming, `<name>.tmp-<pid>` (not hidden): only for folders whose every
   * file LungDesk wrote (the demo dataset), as a user's file could be named so elsewhere.
   */
  legacy?: boolean;
}

export interface TempSweepReport {
  removed: string[];
  /** Leftovers that could not be removed, with why (logged by the caller). */
  failed: { file: string; message: string }[];
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files killed writes left under `root` (names as temp-file.ts gives them;
 * nothing else is touched): those whose writer pid is dead, and those untouched for
 * `staleMs`. This process's own writes in progress are kept, and so are a live process's
 * recent ones (another LungDesk on the same folder). Symlinks are neither followed nor
 * removed, so the sweep never reaches outside `root`.
 */
export async function sweepTempFiles(root: string, opts: TempSweepOptions = {}): Promise<TempSweepReport> {
  const staleMs = opts.staleMs ?? 3600_000;
  const maxDepth = opts.maxDepth ?? 12;
  const report: TempSweepReport = { removed: [], failed: [] };
  const now = Date.now();
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth) await walk(abs, depth + 1);
        continue;
      }
      if (!e.isFile()) continue;
      const pid = tempFileWriter(e.name) ?? (opts.legacy ? legacyTempFileWriter(e.name) : null);
      if (pid === null || pid === process.pid) continue;
      if (pidAlive(pid)) {
        const st = await fsp.lstat(abs).catch(() => null);
        if (!st || now - st.mtimeMs < staleMs) continue;
      }
      try {
        await fsp.rm(abs, { force: true });
        report.removed.push(abs);
      } catch (err) {
        report.failed.push({ file: abs, message: (err as Error).message });
      }
    }
  };
  await walk(path.resolve(root), 0);
  return report;
}
