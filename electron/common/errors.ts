import { z } from 'zod';

/**
 * Every error that crosses a boundary (IPC, HTTP, worker, CLI) carries one of these codes.
 * The renderer and the CLI switch on `code`, never on message text.
 */
export const ErrorCode = z.enum([
  'io.not-found', // a file or folder does not exist
  'io.not-dicom', // a file is not DICOM (no DICM magic, no parsable dataset)
  'io.no-series', // a folder holds no readable image series
  'io.not-a-folder', // a folder was asked for (a dataset to import) and the path is a file
  'io.truncated', // a file ends before the data its header announces
  'io.bad-header', // a header value is missing, malformed or out of range
  'io.size-mismatch', // data size disagrees with the header's dimensions
  'io.checksum-mismatch', // stored data does not hash to the sha256 recorded for it (damaged or replaced)
  'io.unsupported', // a valid file using a feature we do not read (transfer syntax, type)
  'io.read-failed', // the OS refused to read (permissions, EISDIR, ...)
  'io.write-failed', // the OS refused to write (disk full, permissions, ...)
  'io.too-large', // a declared volume (or inflated data) is above the configured size cap; refused before allocating
  'io.outside-folder', // a path leads outside the folder it must stay in (symlink escape, ElementDataFile, ../)
  'dataset.refused-folder', // a dataset folder that must never be walked: /, /proc, /sys, /dev, a file, the data folder
  'dataset.too-many-files', // a dataset walk passed its file-count budget; detail.count says how far; ask, then retry with a larger budget
  'host.busy', // the host's memory budget has no room for this request now; retry later
  'db.newer-schema', // the database was written by a newer LungDesk
  'db.failed', // any other database error
  'contract.bad-input', // input failed the contract's schema
  'contract.unknown-op', // no such operation
  'contract.unauthorized', // the browser host's token is missing or wrong
  'not-found', // an id that names nothing (scan, dataset, job)
  'export.not-empty', // the export folder holds files and resume was not asked for (or they are another export's)
  'export.bad-folder', // the export folder is refused: relative, a system folder, the data folder or a dataset
  'export.format-unavailable', // an export format this build has no exporter for
  'job.cancelled',
  'job.crashed', // the worker process died (signal, abort, native crash)
  'job.oom', // the worker ran out of memory
  'job.failed', // the job's own code threw
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  file: z.string().optional(),
  detail: z.unknown().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** An error with a code; serialise with `toErrorInfo`, rebuild with `fromErrorInfo`. */
export class LungDeskError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly detail?: unknown;
  constructor(code: ErrorCode, message: string, opts: { file?: string; detail?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'LungDeskError';
    this.code = code;
    if (opts.file !== undefined) this.file = opts.file;
    if (opts.detail !== undefined) this.detail = opts.detail;
  }
}

export function isLungDeskError(e: unknown): e is LungDeskError {
  return e instanceof LungDeskError;
}

/** Any thrown value as data; unknown errors become `internal` with their message kept. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof LungDeskError) {
    const info: ErrorInfo = { code: e.code, message: e.message };
    if (e.file !== undefined) info.file = e.file;
    if (e.detail !== undefined) info.detail = e.detail;
    return info;
  }
  const parsed = ErrorInfo.safeParse(e);
  if (parsed.success) return parsed.data;
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message };
}

export function fromErrorInfo(info: ErrorInfo): LungDeskError {
  return new LungDeskError(info.code, info.message, { file: info.file, detail: info.detail });
}
