import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { LungDeskError, type OpName } from '../common';

/**
 * Which file-system paths the renderer may name over IPC. A path in an operation's input
 * reaches the disk only when it is a folder (or file) the user chose in a main-process
 * dialog, or lies inside a folder the user already chose: an imported dataset's root or the
 * app's data folder. Anything else is refused, or, where a dialog is available, shown to the
 * user in a native dialog opened at that path, whose choice is granted and used instead. A
 * compromised renderer therefore cannot point the backend at `/etc` or `~/.ssh` by itself.
 * (The browser host keeps its own rule: its page is the user's own browser on loopback.)
 */

/** How an operation uses a path: reads a folder, writes into a folder, or writes one file. */
export type PathUse = 'read-folder' | 'write-folder' | 'write-file';

export interface PathField {
  /** Where the path sits in the op's input, e.g. ['params', 'outDir']. */
  at: readonly string[];
  use: PathUse;
}

/**
 * Every path-bearing field of the contract's inputs. A test walks the contract's schemas and
 * fails when a path-like field is missing here, so a new op cannot slip past the guard.
 */
export const PATH_FIELDS: Partial<Record<OpName, readonly PathField[]>> = {
  importDataset: [{ at: ['path'], use: 'read-folder' }],
  previewExport: [{ at: ['outDir'], use: 'write-folder' }],
  startExport: [{ at: ['outDir'], use: 'write-folder' }],
  startPreprocess: [{ at: ['params', 'outDir'], use: 'write-folder' }],
  exportSurface: [{ at: ['outPath'], use: 'write-file' }],
};

/** True when `p` is `root` or inside it (both absolute; lexical, after resolving `..`). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`'s nearest existing ancestor joined with the rest (symlinks resolved). */
async function realish(p: string): Promise<string> {
  let head = path.resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(await fsp.realpath(head), ...tail.reverse());
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return path.resolve(p);
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

/** The folders and files the user chose in a dialog during this run. */
export class FolderGrants {
  private readonly granted = new Set<string>();

  grant(p: string): void {
    this.granted.add(path.resolve(p));
  }

  list(): string[] {
    return [...this.granted];
  }
}

export interface PathGuardOptions {
  grants: FolderGrants;
  /** Folders the user already chose earlier: imported dataset roots, the data folder. */
  knownRoots: () => Promise<readonly string[]>;
  /** Shows a native dialog at `requested`; the chosen path, or null when cancelled. */
  ask?: (use: PathUse, requested: string, op: OpName) => Promise<string | null>;
}

/**
 * Whether `p` may be used: absolute, and inside a granted path or a known root, both
 * lexically and after resolving symlinks (a link inside a chosen folder that points out of
 * it does not carry the grant with it).
 */
export async function pathAllowed(p: string, roots: readonly string[]): Promise<boolean> {
  if (!path.isAbsolute(p) || p.includes('\0')) return false;
  const real = await realish(p);
  for (const root of roots) {
    if (!isInside(root, p)) continue;
    if (isInside(await realish(root), real)) return true;
  }
  return false;
}

function getAt(input: unknown, at: readonly string[]): unknown {
  let v: unknown = input;
  for (const k of at) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function setAt(input: unknown, at: readonly string[], value: string): unknown {
  const [k, ...rest] = at;
  const obj = { ...(input as Record<string, unknown>) };
  obj[k!] = rest.length === 0 ? value : setAt(obj[k!], rest, value);
  return obj;
}

/**
 * Checks the paths in one (already schema-validated) input. Returns the input to run: as it
 * was, or with a path the user picked in the dialog. Throws `contract.unauthorized` naming
 * the op and the path when a path is neither granted nor known and the user does not choose.
 */
export async function guardPaths(name: OpName, input: unknown, opts: PathGuardOptions): Promise<unknown> {
  const fields = PATH_FIELDS[name];
  if (!fields) return input;
  let out = input;
  for (const field of fields) {
    const p = getAt(out, field.at);
    if (p === undefined) continue; // optional and absent: the backend's default folder
    if (typeof p !== 'string') throw new LungDeskError('contract.bad-input', `${name}: ${field.at.join('.')} is not a path`);
    const roots = [...opts.grants.list(), ...(await opts.knownRoots())];
    if (await pathAllowed(p, roots)) continue;
    const chosen = opts.ask ? await opts.ask(field.use, p, name) : null;
    if (chosen === null) {
      throw new LungDeskError(
        'contract.unauthorized',
        `${name}: ${p} was not chosen in a LungDesk folder dialog nor lies in a dataset or the data folder; choose it in the dialog`,
        { file: p },
      );
    }
    opts.grants.grant(chosen);
    out = setAt(out, field.at, chosen);
  }
  return out;
}
