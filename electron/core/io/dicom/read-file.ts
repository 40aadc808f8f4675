import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { LungDeskError } from '../../../common/errors';
import { NeedMoreBytes, parseDicom, type DicomFile } from './parse';

/**
 * File access for the DICOM parser. Header reads fetch only the first few KB of a file and
 * grow the window when the parser asks (`NeedMoreBytes`), so indexing never reads pixels.
 *
 * The reads are synchronous on purpose: a DICOM file is one small read (16 KB header, or one
 * slice of ~0.5 MB), and through the promise API each file costs four thread-pool round trips
 * (open, stat, read, close) that took 4–5× longer than the reads themselves (bench:
 * test/bench/dicom-read.bench.ts, index-headers.bench.ts). The functions stay async and hand
 * the event loop back every few milliseconds (`yieldSometimes`), so cancellation, progress and
 * worker messages still get through during a long scan. These readers run in workers, never
 * on a UI thread.
 */

const FIRST_READ = 16 * 1024;
const YIELD_EVERY_MS = 8;
let lastYield = performance.now();

/** Lets timers and I/O callbacks (an abort message, progress) run after ~8 ms of sync reads. */
async function yieldSometimes(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < YIELD_EVERY_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

export function ioError(e: unknown, file: string): LungDeskError {
  if (e instanceof LungDeskError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new LungDeskError('io.not-found', `${file}: no such file`, { file, cause: e });
  const msg = e instanceof Error ? e.message : String(e);
  return new LungDeskError('io.read-failed', `${file}: cannot read (${msg})`, { file, cause: e });
}

/** Parses the header of a DICOM file (everything before the pixel data) reading as little as possible. */
export async function readDicomHeader(file: string): Promise<DicomFile> {
  await yieldSometimes();
  return readDicomHeaderNow(file);
}

/**
 * {@link readDicomHeader} without letting other work run first: for one file that someone is
 * waiting on (a viewer's first slice), not for a loop over a series.
 */
export function readDicomHeaderNow(file: string): DicomFile {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    // The size is needed to tell "read more" from "truncated" (pixel data past the end).
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.min(FIRST_READ, Math.max(size, 1)));
    let bytesRead = readSync(fd, buf, 0, buf.length, 0);
    let fileSize = Math.max(size, bytesRead);
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
        const more = readSync(fd, next, bytesRead, want - bytesRead, bytesRead);
        bytesRead += more;
        buf = next;
        if (more === 0) fileSize = bytesRead;
      }
    }
  } catch (e) {
    throw ioError(e, file);
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // closing a read-only descriptor cannot lose data
      }
    }
  }
}

/** Reads and fully parses a DICOM file (pixel data located, encapsulated fragments listed). */
export async function readDicomFile(file: string): Promise<DicomFile> {
  await yieldSometimes();
  let buf: Buffer;
  try {
    // One read straight into one Buffer; the parser and decoder use views on it, no copies.
    buf = readFileSync(file);
  } catch (e) {
    throw ioError(e, file);
  }
  return parseDicom(buf, { file });
}
