import os from 'node:os';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';

/** Folders an export never writes into or under (the system's own), per platform. */
// /var itself is not listed: temp folders live under it (/var/tmp, macOS's /var/folders).
const SYSTEM_POSIX = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/run', '/sbin', '/sys', '/usr',
  '/var/lib', '/var/log', '/var/cache', '/var/spool', '/var/run', '/var/db', '/var/mail',
  '/System', '/Library', '/Applications', '/private/etc', '/private/var/db', '/private/var/log',
];
const SYSTEM_WIN32 = ['C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)', 'C:\\ProgramData'];

const inside = (child: string, parent: string, caseless: boolean): boolean => {
  const c = caseless ? child.toLowerCase() : child;
  const p = caseless ? parent.toLowerCase() : parent;
  return c === p || c.startsWith(p.endsWith(path.sep) ? p : p + path.sep);
};

/** The system folder `abs` lies in or under, if any (an absolute, resolved path). */
export function systemFolderOf(abs: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const caseless = platform === 'win32' || platform === 'darwin';
  return (platform === 'win32' ? SYSTEM_WIN32 : SYSTEM_POSIX).find((sys) => inside(abs, sys, caseless));
}

/**
 * The export folder as an absolute path, or export.bad-folder saying why it is refused: it
 * must be given absolute (a relative path would depend on where the app was started), not a
 * file system root or the home folder itself, not a system folder or anything under one, not
 * the data folder or anything under it (the index and the saved masks live there), and not
 * inside a dataset (its next index would pick the exported images up as scans).
 */
export function confineOutDir(outDir: string, where: { dataDir: string; datasetRoots: readonly string[]; platform?: NodeJS.Platform; home?: string }): string {
  const platform = where.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const caseless = platform === 'win32' || platform === 'darwin';
  const refuse = (why: string): never => {
    throw new LungDeskError('export.bad-folder', `cannot export into ${outDir}: ${why}`, { file: outDir });
  };
  if (!p.isAbsolute(outDir)) refuse('give the export folder as an absolute path');
  const abs = p.resolve(outDir);
  if (abs === p.parse(abs).root) refuse('a file system root is not an export folder');
  const home = where.home ?? os.homedir();
  if (abs === p.resolve(home)) refuse('choose a folder inside your home folder, not the home folder itself');
  for (const sys of platform === 'win32' ? SYSTEM_WIN32 : SYSTEM_POSIX) {
    if (inside(abs, sys, caseless)) refuse(`${sys} is a system folder`);
  }
  const data = p.resolve(where.dataDir);
  if (inside(abs, data, caseless)) refuse(`it is inside LungDesk's data folder ${data}, which holds the index and the saved masks`);
  if (inside(data, abs, caseless)) refuse(`it holds LungDesk's data folder ${data}`);
  for (const root of where.datasetRoots) {
    const r = p.resolve(root);
    if (inside(abs, r, caseless)) refuse(`it is inside the dataset folder ${r}: indexing the dataset again would take the exported images for scans`);
  }
  return abs;
}
