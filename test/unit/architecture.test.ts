import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// VS Code reports a file no import rule covers; this does the same cheaply: every source
// file must sit in a layer that the lint table (eslint.config.js) knows.
const { LAYERS } = require('../../eslint.config.js') as { LAYERS: Record<string, string[]> };
const root = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'build') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return out;
}

/** Files allowed outside a layer; this list may only shrink. */
const KNOWN_EXCEPTIONS: string[] = [];

describe('architecture', () => {
  it('every file under electron/, renderer/ and native/ belongs to a layer of the import table', () => {
    const layers = Object.keys(LAYERS);
    const files = ['electron', 'renderer', 'native'].flatMap((d) => (fs.existsSync(path.join(root, d)) ? sources(path.join(root, d)) : []));
    expect(files.length).toBeGreaterThan(10);
    const orphans = files.filter((f) => !layers.some((l) => f.startsWith(l + '/')) && !KNOWN_EXCEPTIONS.includes(f));
    expect(orphans).toEqual([]);
  });

  it('the import table covers every folder ARCHITECTURE.md names', () => {
    for (const layer of ['electron/common', 'electron/core', 'electron/db', 'electron/app', 'electron/workers', 'electron/main', 'electron/preload', 'electron/server', 'electron/cli', 'renderer', 'native']) {
      expect(LAYERS).toHaveProperty([layer]);
    }
    expect(LAYERS['electron/common']).toEqual([]);
    expect(LAYERS['electron/core']).not.toContain('electron/db');
    expect(LAYERS['renderer']).toEqual(['electron/common']);
  });
});
