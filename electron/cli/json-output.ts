import { toErrorInfo, type ErrorInfo } from '../common/errors';
import { UsageError, type CliIo } from './args';

/**
 * The `--json` promise: stdout holds exactly one JSON document, success or failure, for every
 * command. Commands print their own document; this wrapper buffers what they print and fixes
 * the rest: an error thrown past a command (a usage error from its argument parser, anything
 * unexpected) becomes `{ error }`, text that is not the document goes to stderr, and output
 * with no document at all becomes an `internal` error naming that.
 */

export const wantsJson = (argv: readonly string[]): boolean => argv.includes('--json');

/** The error document: `{ error: { code, message, file? } }`. */
export function errorDocument(e: unknown, usage?: string): { error: ErrorInfo } {
  if (e instanceof UsageError) return { error: { code: 'contract.bad-input', message: usage ? `${e.message}; ${usage}` : e.message } };
  const info = toErrorInfo(e);
  const error: ErrorInfo = { code: info.code, message: info.message };
  if (info.file !== undefined) error.file = info.file;
  return { error };
}

/**
 * Splits buffered stdout into the one JSON document it ends with and the text before it.
 * Tries the whole text, then each suffix that starts a line with `{` or `[` (pretty-printed
 * documents span lines), longest first.
 */
export function lastJsonDocument(text: string): { doc: unknown; text: string; before: string } | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return { doc: JSON.parse(trimmed), text: trimmed, before: '' };
  } catch {
    // fall through: look for a document at the end
  }
  const starts: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    const c = text[i + 1];
    if (c === '{' || c === '[') starts.push(i + 1);
  }
  for (const s of starts) {
    try {
      return { doc: JSON.parse(text.slice(s)), text: text.slice(s).trim(), before: text.slice(0, s) };
    } catch {
      // not a document from here
    }
  }
  return undefined;
}

/**
 * Runs `command` with its stdout buffered and prints exactly one JSON document on `io.stdout`
 * when it is done. Returns the command's exit code (1 for an error thrown past it, 2 for a
 * usage error).
 */
export async function withOneJsonDocument(io: CliIo, command: (io: CliIo) => Promise<number>, usage?: string): Promise<number> {
  let buffered = '';
  let said = '';
  const inner: CliIo = {
    stdout: (s) => (buffered += s),
    stderr: (s) => {
      said = (said + s).slice(-2000);
      io.stderr(s);
    },
  };
  let code: number;
  let doc: unknown;
  let docText: string | undefined; // the command's own text of its document (kept as it laid it out)
  try {
    code = await command(inner);
    const found = lastJsonDocument(buffered);
    if (found) {
      if (found.before.trim() !== '') io.stderr(found.before);
      doc = found.doc;
      docText = found.text;
    } else {
      // Text only (help, a usage message): carried inside the one document, never beside it.
      if (code === 0) doc = { output: buffered };
      else {
        if (buffered.trim() !== '') io.stderr(buffered);
        // What the command said on stderr (its first line) is the message; exit 2 is a usage error.
        const why = said.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? `the command failed (exit ${code})`;
        doc = { error: { code: code === 2 ? 'contract.bad-input' : 'internal', message: why } };
      }
    }
  } catch (e) {
    if (buffered.trim() !== '') io.stderr(buffered);
    doc = errorDocument(e, usage);
    code = e instanceof UsageError ? 2 : 1;
  }
  io.stdout((docText ?? JSON.stringify(doc)) + '\n');
  return code;
}

/**
 * For the real process: with --json, anything that writes to process.stdout directly (a
 * library's console.log, a wasm module's print) is sent to stderr instead, and the returned
 * writer is the only way to stdout. Uncaught errors print an `{ error }` document and exit 1.
 */
export function reserveStdoutForJson(): (s: string) => void {
  const realWrite = process.stdout.write.bind(process.stdout);
  const toStderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => (toStderr as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;
  let printed = false;
  const write = (s: string): void => {
    printed = true;
    realWrite(s);
  };
  const fatal = (e: unknown): void => {
    if (!printed) write(JSON.stringify(errorDocument(e)) + '\n');
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  return write;
}
