import fs from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';

/** What to tell someone who gave a file where a dataset folder was wanted. */
export function notAFolderMessage(file: string): string {
  return `${file} is a file, not a folder: a dataset is a folder of scans; import the folder that holds it (${path.dirname(file)})`;
}

/**
 * The absolute path of a folder to import as a dataset, checked before any job starts:
 * a missing path → io.not-found, a file (a .dcm, an .mhd, a CSV) → io.not-a-folder naming
 * the file and the folder that holds it, anything the OS refuses → io.read-failed.
 */
export function datasetRoot(input: string): string {
  const abs = path.resolve(input);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new LungDeskError('io.not-found', `no such folder: ${abs}`, { file: abs, cause: e });
    throw new LungDeskError('io.read-failed', `cannot open ${abs}: ${(e as Error).message}`, { file: abs, cause: e });
  }
  if (!st.isDirectory()) throw new LungDeskError('io.not-a-folder', notAFolderMessage(abs), { file: abs });
  return abs;
}
