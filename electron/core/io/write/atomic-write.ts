import { promises as fsp } from 'node:fs';
import { LungDeskError } from '../../../common/errors';

/**
 * Writes `data` to `path` through `path.tmp-<pid>` and a rename, so a reader never sees a
 * half-written file and an interrupted run leaves only a stray temp file behind. No fsync:
 * these are exports and demo files that can be made again, not the user's edits.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => {});
    throw new LungDeskError('io.write-failed', `could not write ${path}: ${(e as Error).message}`, { file: path, cause: e });
  }
}
