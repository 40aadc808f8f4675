import path from 'node:path';
import { readRendererFile } from '../app/renderer-files';

// One confinement rule for both hosts: the desktop window's protocol reads through it too.
export { contentTypeOf, resolveStaticPath } from '../app/renderer-files';

/** Script the host injects into index.html; it defines `window.lungdesk` before the app runs. */
export const BRIDGE_SCRIPT_PATH = '/lungdesk-bridge.js';

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
  const found = await readRendererFile(root, pathname);
  if (found === null || found === 'forbidden') return found;
  let body = found.body;
  if (path.basename(found.file) === 'index.html' && path.dirname(found.file) === path.resolve(root)) {
    body = Buffer.from(injectBridge(body.toString('utf8')), 'utf8');
  }
  return { status: 200, body, contentType: found.contentType };
}
