import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** Script the host injects into index.html; it defines `window.lungdesk` before the app runs. */
export const BRIDGE_SCRIPT_PATH = '/lungdesk-bridge.js';

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

/**
 * Puts the bridge script in <head>, before the page's first script, so `window.lungdesk`
 * exists when the app's module runs (a classic script placed earlier always runs first).
 */
export function injectBridge(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  if (html.includes(tag)) return html;
  const firstScript = html.search(/<script[\s>]/i);
  const headClose = html.search(/<\/head>/i);
  const at = firstScript >= 0 && (headClose < 0 || firstScript < headClose) ? firstScript : headClose;
  if (at >= 0) return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
  return `${tag}\n${html}`;
}

export interface StaticFile {
  status: number;
  body: Buffer;
  contentType: string;
}

/** Reads a static file, returning null when it does not exist or is not a regular file. */
export async function readStatic(root: string, pathname: string): Promise<StaticFile | null | 'forbidden'> {
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
  let body = await fsp.readFile(abs);
  const contentType = contentTypeOf(abs);
  if (path.basename(abs) === 'index.html' && path.dirname(abs) === path.resolve(root)) {
    body = Buffer.from(injectBridge(body.toString('utf8')), 'utf8');
  }
  return { status: 200, body, contentType };
}
