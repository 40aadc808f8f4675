import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';

/** A temp folder for one test file (removed after it) and a writer of named files into it. */
export function scratchFolder(prefix: string): { dir: string; write: (name: string, content: string | Buffer) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, content) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    },
  };
}

/** The LungDeskError `p` rejects with (fails the test when it resolves or throws anything else). */
export async function errorOf(p: Promise<unknown>): Promise<LungDeskError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LungDeskError);
  return e as LungDeskError;
}
