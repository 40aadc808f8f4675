import { createHash } from 'node:crypto';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import { writeChunksAtomic } from '../io/write/npy-writer';
import type { ExportedFile } from './case-model';

/** A relative export path: POSIX segments of letters, digits, `._-` only, no `..`, no leading dot. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

/**
 * `rel` joined under `outDir`, or an `export.unsafe-path` error: every segment must be a plain
 * name, so no name taken from a scan or an annotation can climb out of the export folder
 * (callers build names from `caseId`s, which the planner makes safe).
 */
export function safeJoin(outDir: string, rel: string): string {
  const parts = rel.split('/');
  if (!parts.length || !parts.every((p) => SEGMENT.test(p) && p !== '..' && p !== '.')) {
    throw new LungDeskError('contract.bad-input', `export path ${JSON.stringify(rel)} is not a plain relative name`, { file: rel });
  }
  const root = path.resolve(outDir);
  const abs = path.resolve(root, ...parts);
  if (!abs.startsWith(root + path.sep)) throw new LungDeskError('contract.bad-input', `export path ${rel} leaves ${root}`, { file: abs });
  return abs;
}

/**
 * Writes `chunks` to `outDir/rel` atomically and returns the manifest entry (size, sha256).
 * `chunks` may be lazy (a generator producing a large array slab by slab): each chunk is
 * hashed and written before the next is asked for, so a producer may reuse its buffer.
 */
export async function writeExportFile(outDir: string, rel: string, chunks: Iterable<Uint8Array>, role: string): Promise<ExportedFile> {
  const abs = safeJoin(outDir, rel);
  const h = createHash('sha256');
  let bytes = 0;
  function* hashed(): Iterable<Uint8Array> {
    for (const c of chunks) {
      h.update(c);
      bytes += c.byteLength;
      yield c;
    }
  }
  await writeChunksAtomic(abs, hashed());
  return { path: rel, bytes, sha256: h.digest('hex'), role };
}
