import fs from 'node:fs';
import path from 'node:path';

/**
 * Puts the file `src` at `dst` as a hard link (a copy when the two lie on different file
 * systems). Test datasets are made this way, not of symbolic links: a dataset walk follows no
 * symbolic link out of its folder (issue 15), and a hard link is the file itself, inside.
 */
export function placeFile(src: string, dst: string): void {
  const real = fs.realpathSync(src);
  try {
    fs.linkSync(real, dst);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EACCES') throw e;
    fs.copyFileSync(real, dst);
  }
}

/** Every file under the folder `src`, placed (`placeFile`) at the same relative path under `dst`. */
export function placeTree(src: string, dst: string): void {
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, e.name);
    const to = path.join(dst, e.name);
    if (fs.statSync(from).isDirectory()) placeTree(from, to);
    else placeFile(from, to);
  }
}
