import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { notAFolderMessage } from './dataset-root';
import { WalkGuard } from './walk-guard';

/**
 * A bounded, names-only walk of a dataset folder, breadth first (so when the budget runs out
 * the upper levels, which say most about the layout, have been seen everywhere).
 *
 * - reads directory listings only; file contents are left to the caller;
 * - follows symbolic links only inside the root's real path, and enters each folder once (by
 *   device and inode), so link loops end and a link to `/` is not followed (walk-guard.ts);
 *   the links it left out are in `outside`;
 * - skips hidden entries (`.git`, `.DS_Store`) and `__MACOSX`;
 * - stops listing below `maxDepth` and after `maxEntries` names (then `truncated` is set);
 * - stops with dataset.too-many-files past `fileBudget` files;
 * - checks `ctx.signal` before each folder (job.cancelled).
 * Missing root → io.not-found; a root that is a file → io.not-a-folder. A subfolder that
 * cannot be listed is skipped and named in `unreadable`.
 */

export interface WalkedDir {
  path: string;
  /** 0 for the root. */
  depth: number;
  /** Names of the subfolders that were (or would have been) listed. */
  subdirs: string[];
  /** Names of the regular files (and links to files). */
  files: string[];
}

export interface WalkResult {
  root: string;
  dirs: Map<string, WalkedDir>;
  entries: number;
  truncated: boolean;
  unreadable: string[];
  /** Symbolic links left out because they lead outside the root. */
  outside: string[];
}

export interface WalkOptions {
  ctx?: JobContext;
  /** Deepest folder level listed (root = 0). Default 8. */
  maxDepth?: number;
  /** Names seen before the walk stops. Default 250,000. */
  maxEntries?: number;
  /** Files counted before the walk stops with dataset.too-many-files. Default: no budget. */
  fileBudget?: number;
}

export async function walkTree(rootIn: string, opts: WalkOptions = {}): Promise<WalkResult> {
  const root = path.resolve(rootIn);
  const maxDepth = opts.maxDepth ?? 8;
  const maxEntries = opts.maxEntries ?? 250_000;
  let st;
  try {
    st = await fsp.stat(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new LungDeskError('io.not-found', `folder not found: ${root}`, { file: root, cause: e });
    throw new LungDeskError('io.read-failed', `cannot open ${root}: ${(e as Error).message}`, { file: root, cause: e });
  }
  if (!st.isDirectory()) throw new LungDeskError('io.not-a-folder', notAFolderMessage(root), { file: root });

  const guard = await WalkGuard.open(root, opts.fileBudget === undefined ? {} : { fileBudget: opts.fileBudget });
  const result: WalkResult = { root, dirs: new Map(), entries: 0, truncated: false, unreadable: [], outside: guard.outside };
  const queue: { path: string; depth: number }[] = [{ path: root, depth: 0 }];
  for (let qi = 0; qi < queue.length; qi++) {
    if (opts.ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'cancelled', { file: root });
    const { path: dir, depth } = queue[qi]!;
    if (!(await guard.enter(dir))) continue;
    let ents;
    try {
      ents = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      result.unreadable.push(dir);
      continue;
    }
    const node: WalkedDir = { path: dir, depth, subdirs: [], files: [] };
    result.dirs.set(dir, node);
    ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of ents) {
      if (e.name.startsWith('.') || e.name === '__MACOSX') continue;
      if (result.entries >= maxEntries) {
        result.truncated = true;
        break;
      }
      result.entries++;
      const kind = await guard.kind(dir, e);
      if (kind === 'dir') {
        node.subdirs.push(e.name);
        if (depth < maxDepth) queue.push({ path: path.join(dir, e.name), depth: depth + 1 });
      } else if (kind === 'file') {
        guard.countFile();
        node.files.push(e.name);
      }
    }
    if (opts.ctx) opts.ctx.progress('scan folders', Math.min(0.99, result.entries / maxEntries));
    if (result.truncated) break;
  }
  return result;
}

/** Reads at most `n` bytes from the start of a file; an unreadable file gives an empty buffer. */
export async function readHead(file: string, n: number): Promise<Buffer> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(file, 'r');
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return Buffer.alloc(0);
  } finally {
    await fh?.close().catch(() => {});
  }
}
