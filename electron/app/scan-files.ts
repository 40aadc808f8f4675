import fs from 'node:fs';
import { LungDeskError } from '../common/errors';
import { isInside } from '../core/datasets/folder-policy';

/**
 * A scan's files, checked to lie inside their dataset's folder when they are read: the walk
 * that indexed them followed no link out of the root, but a file may have been swapped for a
 * symbolic link since. Checked results are kept briefly, so a viewer's many slab requests do
 * not repeat a realpath per slice.
 */
export class ScanFiles {
  private readonly checked = new Map<number, { at: number; files: string[] }>();

  constructor(
    private readonly rootOf: (datasetId: number) => string | undefined,
    private readonly keepMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `files` of scan `scanId` (dataset `datasetId`), or io.outside-folder naming the first that resolves out of the root. */
  confine(scanId: number, datasetId: number, files: string[]): string[] {
    const hit = this.checked.get(scanId);
    if (hit && this.now() - hit.at < this.keepMs && hit.files.length === files.length && hit.files.every((f, i) => f === files[i])) return files;
    const root = this.rootOf(datasetId);
    if (root !== undefined) assertFilesInside(root, files);
    this.checked.set(scanId, { at: this.now(), files });
    return files;
  }

  forget(scanId?: number): void {
    if (scanId === undefined) this.checked.clear();
    else this.checked.delete(scanId);
  }
}

/** Throws io.outside-folder when a file's real path is not under `root`'s. A missing file is left for its reader to report. */
export function assertFilesInside(root: string, files: readonly string[]): void {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync.native(root);
  } catch {
    return; // the dataset folder is gone: the readers name the missing files
  }
  for (const f of files) {
    let real: string;
    try {
      real = fs.realpathSync.native(f);
    } catch {
      continue;
    }
    if (!isInside(real, realRoot)) {
      throw new LungDeskError('io.outside-folder', `${f} now leads outside its dataset folder ${root} (to ${real}); it is not read. Re-index the dataset.`, {
        file: f,
        detail: { root, real },
      });
    }
  }
}
