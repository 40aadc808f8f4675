import fs from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';

/**
 * Which folders LungDesk may read as a dataset or write into, in one place: the dataset-root
 * refusal (adding `/` or `/proc` by mistake), the export folder and every CLI `--out`
 * confinement share these lists, so a folder refused to one is refused to all.
 * Every check runs on the real path too, so a symlink to `/` is refused like `/` itself.
 */

/** Pseudo file systems: walking them reads the kernel's state, never scans (and may never end). */
const NEVER_WALKED_POSIX = ['/proc', '/sys', '/dev'];

/** Folders nothing is ever written into or under (the system's own), per platform. */
// /var itself is not listed: temp folders live under it (/var/tmp, macOS's /var/folders).
const SYSTEM_POSIX = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/run', '/sbin', '/sys', '/usr',
  '/var/lib', '/var/log', '/var/cache', '/var/spool', '/var/run', '/var/db', '/var/mail',
  '/System', '/Library', '/Applications', '/private/etc', '/private/var/db', '/private/var/log',
];
const SYSTEM_WIN32 = ['C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)', 'C:\\ProgramData'];

const caselessOn = (platform: NodeJS.Platform): boolean => platform === 'win32' || platform === 'darwin';
const pathsOf = (platform: NodeJS.Platform): path.PlatformPath => (platform === 'win32' ? path.win32 : path.posix);

/** Whether `child` is `parent` or lies under it (both absolute and resolved). */
export function isInside(child: string, parent: string, caseless = caselessOn(process.platform), sep: string = path.sep): boolean {
  const c = caseless ? child.toLowerCase() : child;
  const p = caseless ? parent.toLowerCase() : parent;
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}

/** The system folder `abs` lies in or under, if any (an absolute, resolved path). */
export function systemFolderOf(abs: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const sep = pathsOf(platform).sep;
  return (platform === 'win32' ? SYSTEM_WIN32 : SYSTEM_POSIX).find((sys) => isInside(abs, sys, caselessOn(platform), sep));
}

/** The real path of `abs`, or of its deepest existing ancestor with the rest appended (a folder not made yet). */
export function realPathOf(abs: string): string {
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(p), ...missing.reverse());
    } catch {
      const up = path.dirname(p);
      if (up === p) return abs;
      missing.push(path.basename(p));
      p = up;
    }
  }
}

export interface DatasetFolderWhere {
  /** LungDesk's data folder (the index, the masks): never a dataset, never walked into. */
  dataDir?: string;
  platform?: NodeJS.Platform;
}

/**
 * Why `abs` (and its real path `real`) must never be walked as a dataset, or undefined: a file
 * system root (every disk, every user's files), /proc, /sys, /dev or a folder under them, or
 * LungDesk's data folder itself.
 */
export function datasetFolderRefusal(abs: string, real: string, where: DatasetFolderWhere = {}): string | undefined {
  const platform = where.platform ?? process.platform;
  const p = pathsOf(platform);
  const caseless = caselessOn(platform);
  const via = (x: string): string => (x === abs ? '' : ` (${abs} leads to ${x})`);
  for (const x of new Set([abs, real])) {
    if (x === p.parse(x).root) return `${x} is the root of the file system (the whole disk)${via(x)}, not a dataset; add the folder that holds your scans`;
    if (platform !== 'win32') {
      const sys = NEVER_WALKED_POSIX.find((s) => isInside(x, s, caseless, p.sep));
      if (sys) return `${x} is in ${sys}, a system folder of the running kernel, not a dataset${via(x)}`;
    }
    if (where.dataDir !== undefined && x === p.resolve(where.dataDir)) return `${x} is LungDesk's own data folder (the index and the saved masks)${via(x)}, not a dataset`;
  }
  return undefined;
}

/** Throws dataset.refused-folder when `datasetFolderRefusal` names a reason. */
export function refuseDatasetFolder(abs: string, real: string, where: DatasetFolderWhere = {}): void {
  const why = datasetFolderRefusal(abs, real, where);
  if (why) throw new LungDeskError('dataset.refused-folder', `cannot add ${abs} as a dataset: ${why}`, { file: abs, detail: { realPath: real } });
}

export interface OutputWhere {
  dataDir?: string;
  datasetRoots?: readonly string[];
  platform?: NodeJS.Platform;
  home?: string;
  /** The code of the refusal: export.bad-folder in the app, io.outside-folder for a CLI `--out`. */
  code?: 'export.bad-folder' | 'io.outside-folder';
  /** "export into" (a folder) or "write" (a file). */
  verb?: string;
  /** A folder: its root and the home folder itself are refused too. */
  folder?: boolean;
}

/**
 * Why writing at `abs` (resolved) is refused, or undefined. Checked on the path as given and on
 * its real path (a symlink that leads into /etc is /etc): not a system folder or under one,
 * not the data folder or under it, not a folder that holds the data folder, not inside a
 * dataset (its next index would take the output for scans); for a folder also not a file
 * system root or the home folder itself.
 */
export function outputRefusal(abs: string, where: OutputWhere = {}): string | undefined {
  const platform = where.platform ?? process.platform;
  const p = pathsOf(platform);
  const caseless = caselessOn(platform);
  const inside = (c: string, parent: string) => isInside(c, parent, caseless, p.sep);
  const real = platform === process.platform ? realPathOf(abs) : abs;
  for (const x of new Set([abs, real])) {
    const via = x === abs ? '' : ` (${abs} leads to ${x} through a symbolic link)`;
    if (where.folder && x === p.parse(x).root) return `a file system root is not an output folder${via}`;
    if (where.folder && where.home !== undefined && x === p.resolve(where.home)) return `choose a folder inside your home folder, not the home folder itself${via}`;
    const sys = systemFolderOf(x, platform);
    if (sys) return `${sys} is a system folder${via}`;
    if (where.dataDir !== undefined) {
      const data = p.resolve(where.dataDir);
      if (inside(x, data)) return `it is inside LungDesk's data folder ${data}, which holds the index and the saved masks${via}`;
      if (where.folder && inside(data, x)) return `it holds LungDesk's data folder ${data}${via}`;
    }
    for (const root of where.datasetRoots ?? []) {
      const r = p.resolve(root);
      const rReal = platform === process.platform ? realPathOf(r) : r;
      if (inside(x, r) || inside(x, rReal)) return `it is inside the dataset folder ${r}: indexing the dataset again would take the output for scans${via}`;
    }
  }
  return undefined;
}

/**
 * An output path (a CLI `--out`, a surface file) as an absolute path, or a typed refusal
 * naming it (see `outputRefusal`).
 */
export function confineOutput(out: string, where: OutputWhere = {}): string {
  const p = pathsOf(where.platform ?? process.platform);
  const abs = p.resolve(out);
  const why = outputRefusal(abs, where);
  if (why) throw new LungDeskError(where.code ?? 'io.outside-folder', `cannot ${where.verb ?? 'write'} ${out}: ${why}`, { file: abs });
  return abs;
}
