import { promises as fsp } from 'node:fs';
import { LungDeskError } from '../../../common/errors';
import { NeedMoreBytes, parseDicom, type DicomFile } from './parse';

/**
 * File access for the DICOM parser. Header reads fetch only the first few KB of a file and
 * grow the window when the parser asks (`NeedMoreBytes`), so indexing never reads pixels.
 */

const FIRST_READ = 16 * 1024;

export function ioError(e: unknown, file: string): LungDeskError {
  if (e instanceof LungDeskError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new LungDeskError('io.not-found', `${file}: no such file`, { file, cause: e });
  const msg = e instanceof Error ? e.message : String(e);
  return new LungDeskError('io.read-failed', `${file}: cannot read (${msg})`, { file, cause: e });
}

/** Parses the header of a DICOM file (everything before the pixel data) reading as little as possible. */
export async function readDicomHeader(file: string): Promise<DicomFile> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(file, 'r');
    let buf = Buffer.allocUnsafe(FIRST_READ);
    // The size is needed to tell "read more" from "truncated" (pixel data past the end).
    const [stat, first] = await Promise.all([fh.stat(), fh.read(buf, 0, FIRST_READ, 0)]);
    let bytesRead = first.bytesRead;
    let fileSize = Math.max(stat.size, bytesRead);
    for (;;) {
      try {
        return parseDicom(buf.subarray(0, bytesRead), { file, headerOnly: true, fileSize });
      } catch (e) {
        if (!(e instanceof NeedMoreBytes)) throw e;
        if (bytesRead >= fileSize) {
          // The parser wants bytes the file does not have: re-parse as complete to get the typed error.
          return parseDicom(buf.subarray(0, bytesRead), { file, headerOnly: true });
        }
        const want = Math.min(fileSize, Math.max(e.needed + 4096, bytesRead * 2));
        const next = Buffer.allocUnsafe(want);
        buf.copy(next, 0, 0, bytesRead);
        const more = await fh.read(next, bytesRead, want - bytesRead, bytesRead);
        bytesRead += more.bytesRead;
        buf = next;
        if (more.bytesRead === 0) fileSize = bytesRead;
      }
    }
  } catch (e) {
    throw ioError(e, file);
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** Reads and fully parses a DICOM file (pixel data located, encapsulated fragments listed). */
export async function readDicomFile(file: string): Promise<DicomFile> {
  let buf: Buffer;
  try {
    buf = await fsp.readFile(file);
  } catch (e) {
    throw ioError(e, file);
  }
  return parseDicom(buf, { file });
}
