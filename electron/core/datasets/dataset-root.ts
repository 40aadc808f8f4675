import fs from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import { refuseDatasetFolder, type DatasetFolderWhere } from './folder-policy';

/** What to tell someone who gave a file where a dataset folder was wanted. */
export function notAFolderMessage(file: string): string {
  return `${file} is a file, not a folder: a dataset is a folder of scans; import the folder that holds it (${path.dirname(file)})`;
}

/**
 * The absolute path of a folder to import as a dataset, checked before any job starts:
 * a missing path → io.not-found, a file (a .dcm, an .mhd, a CSV) → io.not-a-folder naming
 * the file and the folder that holds it, anything the OS refuses → io.read-failed, and a
 * folder no dataset can be (a file system root, /proc, /sys, /dev or under them, the data
 * folder; judged on the real path too, so a link to `/` is `/`) → dataset.refused-folder.
 */
export function datasetRoot(input: string, where: DatasetFolderWhere = {}): string {
  const abs = path.resolve(input);
  let st: fs.Stats;
  let real: string;
  try {
    st = fs.statSync(abs);
    real = fs.realpathSync.native(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new LungDeskError('io.not-found', `no such folder: ${abs}`, { file: abs, cause: e });
    throw new LungDeskError('io.read-failed', `cannot open ${abs}: ${(e as Error).message}`, { file: abs, cause: e });
  }
  refuseDatasetFolder(abs, real, where);
  if (!st.isDirectory()) throw new LungDeskError('io.not-a-folder', notAFolderMessage(abs), { file: abs });
  return abs;
}
