import os from 'node:os';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import { confineOutput } from '../../core/datasets/folder-policy';

export { systemFolderOf } from '../../core/datasets/folder-policy';

/**
 * The export folder as an absolute path, or export.bad-folder saying why it is refused: it
 * must be given absolute (a relative path would depend on where the app was started), and
 * pass the shared output policy (core/datasets/folder-policy.ts): not a file system root or
 * the home folder itself, not a system folder or anything under one, not the data folder or
 * anything under it (the index and the saved masks live there), not inside a dataset (its
 * next index would pick the exported images up as scans), checked through symlinks too.
 */
export function confineOutDir(outDir: string, where: { dataDir: string; datasetRoots: readonly string[]; platform?: NodeJS.Platform; home?: string; verb?: string }): string {
  const platform = where.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const verb = where.verb ?? 'export into';
  if (!p.isAbsolute(outDir)) throw new LungDeskError('export.bad-folder', `cannot ${verb} ${outDir}: give the folder as an absolute path`, { file: outDir });
  return confineOutput(outDir, { ...where, platform, home: where.home ?? os.homedir(), code: 'export.bad-folder', verb, folder: true });
}
