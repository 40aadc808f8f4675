/** Longest request target the host reads; the renderer's longest asset path is far below it. */
export const MAX_TARGET_LENGTH = 2048;

export type RequestTarget =
  | { ok: true; pathname: string; query: URLSearchParams }
  | { ok: false; status: 400 | 414; message: string };

/**
 * Reads a request target (`/path?query`) strictly, before anything else looks at it: only
 * origin-form (`/…`, not `//host/…`, `http://…` or `*`), bounded in length, with a pathname
 * that percent-decodes (decoded for the checks only; callers get it as sent). A target that
 * fails is the caller's mistake, answered 400 or 414, never an exception in the host.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '';
  if (target.length > MAX_TARGET_LENGTH) return { ok: false, status: 414, message: `request target longer than ${MAX_TARGET_LENGTH} characters` };
  if (!target.startsWith('/') || target.startsWith('//')) return { ok: false, status: 400, message: 'request target must be a path starting with a single /' };
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  const search = q < 0 ? '' : target.slice(q + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, message: 'request path is not valid percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, message: 'request path holds a NUL byte' };
  // URLSearchParams never throws: a malformed pair is read as best it can and then ignored.
  return { ok: true, pathname, query: new URLSearchParams(search) };
}

/** Decodes one path segment that `parseRequestTarget` already accepted. */
export function decodedPath(pathname: string): string {
  return decodeURIComponent(pathname);
}
