import type { ErrorInfo } from '../electron/common/errors';

/** What the error banner shows; `code` is what the UI switches on, never the message. */
export interface DisplayError {
  code: ErrorInfo['code'] | 'renderer';
  message: string;
  file?: string;
}

/**
 * Any thrown value as a DisplayError. Errors crossing Electron's contextBridge lose their
 * class but keep own fields, so this reads fields, not `instanceof`.
 */
export function toDisplayError(e: unknown): DisplayError {
  if (e !== null && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; file?: unknown };
    const message = typeof o.message === 'string' ? o.message : String(e);
    const out: DisplayError = { code: typeof o.code === 'string' ? (o.code as DisplayError['code']) : 'renderer', message };
    if (typeof o.file === 'string') out.file = o.file;
    return out;
  }
  return { code: 'renderer', message: String(e) };
}
