import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LungDeskError, isLungDeskError } from '../../common/errors';
import { MaskJournalEntry } from '../../common/contract/mask-edit';
import { decodeMessage, encodeMessageParts } from '../../common/wire';
import { readWhole, writeDurably } from '../../core/masks/mask-file';

/**
 * A scan's unsaved strokes, one file per scan: <dataDir>/masks/<scanId>/unsaved-edits.journal.
 * The file is one wire frame (common/wire.ts) of `{ format, entry }`, so the change's runs
 * stay raw bytes; each write replaces it durably (temp file, fsync, rename), so a killed app
 * or host leaves the previous journal or the new one, never a mix. A damaged file is a typed
 * error naming it, never a crash: the reader can still discard it.
 */

const FORMAT = 'lungdesk-mask-journal/1';
const JournalFile = z.object({ format: z.literal(FORMAT), entry: MaskJournalEntry });

export function journalPath(dataDir: string, scanId: number): string {
  return path.join(dataDir, 'masks', String(scanId), 'unsaved-edits.journal');
}

export async function writeJournal(dataDir: string, entry: MaskJournalEntry): Promise<void> {
  await writeDurably(journalPath(dataDir, entry.scanId), encodeMessageParts({ format: FORMAT, entry }));
}

/** The scan's journal, or null when it has none. */
export async function readJournal(dataDir: string, scanId: number): Promise<MaskJournalEntry | null> {
  const file = journalPath(dataDir, scanId);
  let buf: Buffer;
  try {
    buf = await readWhole(file);
  } catch (e) {
    if (isLungDeskError(e) && e.code === 'io.not-found') return null;
    throw e;
  }
  let value: unknown;
  try {
    value = decodeMessage(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
  } catch (e) {
    const code = isLungDeskError(e) ? e.code : 'io.bad-header';
    throw new LungDeskError(code, `unsaved-edits journal ${file} is damaged: ${(e as Error).message}`, { file, cause: e });
  }
  const parsed = JournalFile.safeParse(value);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new LungDeskError('io.bad-header', `unsaved-edits journal ${file} is not a LungDesk journal: ${why}`, { file });
  }
  if (parsed.data.entry.scanId !== scanId) {
    throw new LungDeskError('io.bad-header', `unsaved-edits journal ${file} holds strokes of scan ${parsed.data.entry.scanId}, not ${scanId}`, { file });
  }
  return parsed.data.entry;
}

/** Removes the scan's journal; false when there was none. */
export async function discardJournal(dataDir: string, scanId: number): Promise<boolean> {
  const file = journalPath(dataDir, scanId);
  try {
    await fsp.rm(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new LungDeskError('io.write-failed', `could not remove the unsaved-edits journal ${file}: ${(e as Error).message}`, { file, cause: e });
  }
}
