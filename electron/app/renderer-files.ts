import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Reading the built renderer's files for a host (the browser host over HTTP, the desktop
 * window over `lungdesk://app/`): one confinement rule for both, so no spelling of a URL
 * path reads a file outside the renderer folder.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL pathname to a file under `root`, or null when it would leave `root` (`..`,
 * encoded slashes, absolute paths, NUL bytes). The check is on the resolved path, so no
 * spelling of `..` gets through.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const absRoot = path.resolve(root);
  const abs = path.resolve(absRoot, rel);
  if (abs !== absRoot && !abs.startsWith(absRoot + path.sep)) return null;
  return abs;
}

export interface RendererFile {
  /** Absolute path of the file read (inside the root). */
  file: string;
  body: Buffer;
  contentType: string;
}

/**
 * Reads the file a URL pathname names under `root`: 'forbidden' when the path, or the real
 * path behind a symlink, leaves `root`; null when there is no regular file there.
 */
export async function readRendererFile(root: string, pathname: string): Promise<RendererFile | null | 'forbidden'> {
  const abs = resolveStaticPath(root, pathname);
  if (abs === null) return 'forbidden';
  let stat;
  try {
    stat = await fsp.stat(abs);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  // Symlinks inside the folder must not lead out of it either.
  const real = await fsp.realpath(abs);
  const realRoot = await fsp.realpath(path.resolve(root));
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return 'forbidden';
  return { file: abs, body: await fsp.readFile(real), contentType: contentTypeOf(abs) };
}
