import type { Dirent } from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import { isInside } from './folder-policy';

/** How many files a dataset walk counts before it stops and asks (dataset.too-many-files). */
export const DEFAULT_FILE_BUDGET = 200_000;

export interface WalkGuardOptions {
  /** Files counted before the walk stops with dataset.too-many-files; Infinity for none. */
  fileBudget?: number;
}

/**
 * What keeps a dataset walk inside its folder and finite, shared by every walk of a dataset
 * (the layout walk, the file listing): symbolic links are followed only when their real
 * target lies inside the root's real path (a link to `/`, to a sibling folder or to a file
 * elsewhere is skipped and named in `outside`); every folder is entered once by device and
 * inode, so link loops and bind-mount loops end; files are counted against a budget.
 */
export class WalkGuard {
  /** Links whose target lies outside the root, as found (the dataset report names them). */
  readonly outside: string[] = [];
  files = 0;
  private readonly seen = new Set<string>();

  private constructor(
    readonly root: string,
    readonly rootReal: string,
    readonly fileBudget: number,
  ) {}

  /** A guard for a walk of `root` (resolved to its real path once, here). */
  static async open(root: string, opts: WalkGuardOptions = {}): Promise<WalkGuard> {
    const abs = path.resolve(root);
    const real = await fsp.realpath(abs).catch(() => abs);
    return new WalkGuard(abs, real, opts.fileBudget ?? Infinity);
  }

  /** True the first time a folder (by device and inode) is met; false for a folder already walked or gone. */
  async enter(dir: string): Promise<boolean> {
    const st = await fsp.stat(dir, { bigint: true }).catch(() => undefined);
    if (!st?.isDirectory()) return false;
    const key = `${st.dev}:${st.ino}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /**
   * What an entry of `dir` is for the walk: 'dir', 'file', or undefined (skip it: a dangling
   * link, a link out of the root, a socket or device).
   */
  async kind(dir: string, e: Dirent): Promise<'dir' | 'file' | undefined> {
    if (e.isDirectory()) return 'dir';
    if (e.isFile()) return 'file';
    if (!e.isSymbolicLink()) return undefined;
    const p = path.join(dir, e.name);
    const real = await fsp.realpath(p).catch(() => undefined);
    if (real === undefined) return undefined; // dangling, or a loop the OS refused
    if (!isInside(real, this.rootReal)) {
      this.outside.push(p);
      return undefined;
    }
    const st = await fsp.stat(real).catch(() => undefined);
    return st?.isDirectory() ? 'dir' : st?.isFile() ? 'file' : undefined;
  }

  /** Counts one file; past the budget the walk stops with dataset.too-many-files. */
  countFile(): void {
    this.files++;
    if (this.files > this.fileBudget) throw tooManyFiles(this.root, this.files, this.fileBudget);
  }
}

/** The error a walk stops with at its budget; `detail` lets the UI ask and retry with a larger one. */
export function tooManyFiles(root: string, counted: number, budget: number): LungDeskError {
  return new LungDeskError(
    'dataset.too-many-files',
    `${root} holds more than ${budget.toLocaleString('en-US')} files (the walk stopped after ${counted.toLocaleString('en-US')}): is it the folder you meant? Go on with a larger budget, or choose the folder that holds the scans`,
    { file: root, detail: { count: counted, budget } },
  );
}
