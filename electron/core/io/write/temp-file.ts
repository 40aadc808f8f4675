import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The one naming convention of LungDesk's temp files: `.<name>.tmp-<pid>-<8 hex>[<ext>]`,
 * hidden, in the target's own folder (so the final rename stays on one file system). The pid
 * says who wrote it, so a sweep at start can tell a dead writer's leftover from a live one's
 * write in progress; the extension is kept only where a writer picks its format by it (ITK).
 */
const TEMP_NAME = /^\..*\.tmp-(\d+)-[0-9a-f]{8}(?:\.[A-Za-z0-9.]{1,12})?$/;

/** What writes of LungDesk before this naming left: `<name>.tmp-<pid>` beside the target. */
const LEGACY_TEMP_NAME = /^[^.].*\.tmp-(\d+)$/;

/** The temp file a write of `target` goes through. */
export function tempPathFor(target: string, ext = ''): string {
  const abs = path.resolve(target);
  return path.join(path.dirname(abs), `.${path.basename(abs).slice(0, 40)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}${ext}`);
}

/** The writer's pid when `fileName` (a base name) is one of our temp files, else null. */
export function tempFileWriter(fileName: string): number | null {
  const m = TEMP_NAME.exec(fileName);
  return m ? Number(m[1]) : null;
}

/** The writer's pid of a temp file in the earlier naming (`<name>.tmp-<pid>`), else null. */
export function legacyTempFileWriter(fileName: string): number | null {
  const m = LEGACY_TEMP_NAME.exec(fileName);
  return m ? Number(m[1]) : null;
}

/**
 * Temp files this process has open for writing. A worker told that its host died removes
 * them before it exits (`removeTempFilesInFlight`), so a killed job leaves no half file even
 * when its write was still going; a process killed outright leaves them to the next sweep.
 */
const inFlight = new Set<string>();

export function trackTempFile(tmp: string): void {
  inFlight.add(tmp);
}

export function untrackTempFile(tmp: string): void {
  inFlight.delete(tmp);
}

/** Removes every temp file still being written, synchronously (the process is about to end). */
export function removeTempFilesInFlight(): number {
  let removed = 0;
  for (const tmp of inFlight) {
    try {
      fs.rmSync(tmp, { force: true });
      removed++;
    } catch {
      // An unremovable temp file is left to the next start's sweep.
    }
  }
  inFlight.clear();
  return removed;
}
