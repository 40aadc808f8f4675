import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostPreloads } from '../../../electron/app/runtime';

describe('worker flags from the host', () => {
  it("passes the host's preloads given by path on to its workers as --import URLs, and leaves bare names (tsx) out", () => {
    const abs = path.resolve('/opt/x/preload.ts');
    expect(hostPreloads(['--import', 'tsx', '--import', abs, '-r', './local.js', '--require=/a/b.cjs', '--max-old-space-size=100', `--import=${pathToFileURL(abs).href}`])).toEqual([
      '--import', pathToFileURL(abs).href,
      '--import', pathToFileURL(path.resolve('./local.js')).href,
      '--import', pathToFileURL('/a/b.cjs').href,
      '--import', pathToFileURL(abs).href,
    ]);
    expect(hostPreloads([])).toEqual([]);
  });
});
