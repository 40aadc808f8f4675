import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LungDeskError } from '../../../common/errors';
import { tempPathFor, trackTempFile, untrackTempFile } from './temp-file';

/**
 * The one atomic write of LungDesk: every file it writes goes through a temp file beside the
 * target (named as temp-file.ts says), fsync'd, then renamed over the target, so a reader
 * sees the old file or the whole new one and a killed write leaves only a temp file (which
 * the next start sweeps away). `chunks` may be a lazy (async) iterable, so a large output can
 * be produced slab by slab and never held whole. `syncFolder` also fsyncs the folder after the
 * rename, so the rename itself survives a power loss (the user's edits need that; outputs
 * that can be made again do not).
 */
export async function writeChunksAtomic(target: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, opts: { syncFolder?: boolean } = {}): Promise<void> {
  const abs = path.resolve(target);
  const tmp = tempPathFor(abs);
  let fh: fsp.FileHandle | undefined;
  trackTempFile(tmp);
  try {
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    fh = await fsp.open(tmp, 'w');
    for await (const c of chunks) {
      // Large writes in slices: one write() call is capped near 2 GB on Linux.
      for (let o = 0; o < c.byteLength; o += 1 << 30) await fh.write(c, o, Math.min(1 << 30, c.byteLength - o));
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fsp.rename(tmp, abs);
  } catch (e) {
    await fh?.close().catch(() => {});
    await fsp.rm(tmp, { force: true }).catch(() => {});
    if (e instanceof LungDeskError && e.code === 'job.cancelled') throw e;
    throw new LungDeskError('io.write-failed', `could not write ${abs}: ${(e as Error).message}`, { file: abs, cause: e });
  } finally {
    untrackTempFile(tmp);
  }
  if (opts.syncFolder) await syncFolder(path.dirname(abs));
}

/** Writes `data` to `target` atomically (see writeChunksAtomic). */
export async function writeFileAtomic(target: string, data: Uint8Array | string, opts: { syncFolder?: boolean } = {}): Promise<void> {
  await writeChunksAtomic(target, [typeof data === 'string' ? Buffer.from(data) : data], opts);
}

/** fsyncs a folder so a rename in it is durable. Best effort: some file systems (and Windows) cannot. */
export async function syncFolder(dir: string): Promise<void> {
  const d = await fsp.open(dir, 'r').catch(() => undefined);
  await d?.sync().catch(() => {});
  await d?.close().catch(() => {});
}
