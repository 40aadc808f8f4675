import type { ErrorInfo } from '../common/errors';
import { httpStatusOf } from './status-of';

/** A ready-to-send HTTP answer: its body in one piece, or in pieces sent one after the other. */
export interface OpResponse {
  status: number;
  contentType: string;
  body: Buffer | readonly Uint8Array[];
  /** Call once the answer is sent: gives back the memory budget its buffers hold. */
  sent?: () => void;
}

export function jsonResponse(status: number, value: unknown): OpResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(value), 'utf8') };
}

export function errorResponse(info: ErrorInfo): OpResponse {
  return jsonResponse(httpStatusOf(info.code), { ok: false, error: info });
}
