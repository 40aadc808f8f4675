import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_NAMES, operations, type OpName } from '../../../electron/common';
import { FolderGrants, guardPaths, isInside, pathAllowed, PATH_FIELDS, type PathUse } from '../../../electron/main/folder-grants';

let dir: string;
let dataset: string;
let chosen: string;
let dataDir: string;

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-grants-')));
  dataset = path.join(dir, 'luna16');
  chosen = path.join(dir, 'chosen');
  dataDir = path.join(dir, 'data');
  for (const d of [dataset, chosen, dataDir, path.join(dir, 'elsewhere')]) fs.mkdirSync(d, { recursive: true });
  // A link inside a chosen folder that leads out of it.
  fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(chosen, 'escape'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const known = () => Promise.resolve([dataset, dataDir]);

describe('folder grants', () => {
  it('containment is by path segments, not string prefixes', () => {
    expect(isInside('/data/luna', '/data/luna')).toBe(true);
    expect(isInside('/data/luna', '/data/luna/subset0/a.mhd')).toBe(true);
    expect(isInside('/data/luna', '/data/luna16')).toBe(false);
    expect(isInside('/data/luna', '/data/luna/../etc')).toBe(false);
  });

  it('allows absolute paths inside a known root only, and not through a symlink that leads out', async () => {
    expect(await pathAllowed(path.join(dataset, 'subset0'), [dataset])).toBe(true);
    expect(await pathAllowed(path.join(dataset, 'new', 'not-yet'), [dataset])).toBe(true);
    expect(await pathAllowed('luna16/subset0', [dataset])).toBe(false);
    expect(await pathAllowed('/etc', [dataset])).toBe(false);
    expect(await pathAllowed(path.join(dataset, '..', 'elsewhere'), [dataset])).toBe(false);
    expect(await pathAllowed(path.join(chosen, 'escape', 'out'), [chosen])).toBe(false);
    expect(await pathAllowed(`${dataset}\0/x`, [dataset])).toBe(false);
  });

  it('refuses importDataset of a folder nobody chose when no dialog is available (contract.unauthorized naming the path)', async () => {
    const grants = new FolderGrants();
    await expect(guardPaths('importDataset', { path: '/etc' }, { grants, knownRoots: known })).rejects.toMatchObject({
      code: 'contract.unauthorized',
      file: '/etc',
      message: expect.stringContaining('importDataset: /etc'),
    });
  });

  it('asks in a dialog at the requested path, grants and uses the chosen folder; a cancelled dialog refuses', async () => {
    const grants = new FolderGrants();
    const asked: [PathUse, string, OpName][] = [];
    const ask = async (use: PathUse, requested: string, op: OpName) => {
      asked.push([use, requested, op]);
      return chosen;
    };
    await expect(guardPaths('importDataset', { path: '/home/someone/ct' }, { grants, knownRoots: known, ask })).resolves.toEqual({ path: chosen });
    expect(asked).toEqual([['read-folder', '/home/someone/ct', 'importDataset']]);
    // Granted now: the same folder and what is inside it pass without a second dialog.
    await expect(guardPaths('importDataset', { path: path.join(chosen, 'sub') }, { grants, knownRoots: known, ask })).resolves.toEqual({ path: path.join(chosen, 'sub') });
    expect(asked).toHaveLength(1);
    await expect(guardPaths('importDataset', { path: '/srv' }, { grants, knownRoots: known, ask: async () => null })).rejects.toMatchObject({ code: 'contract.unauthorized' });
  });

  it('lets outputs go inside the data folder or a chosen folder, and nested fields are checked too', async () => {
    const grants = new FolderGrants();
    const inData = { scanId: 1, params: { outDir: path.join(dataDir, 'preprocessed', '1') } };
    await expect(guardPaths('startPreprocess', inData, { grants, knownRoots: known })).resolves.toEqual(inData);
    await expect(guardPaths('startPreprocess', { scanId: 1 }, { grants, knownRoots: known })).resolves.toEqual({ scanId: 1 });
    await expect(guardPaths('startPreprocess', { scanId: 1, params: { outDir: '/tmp/x' } }, { grants, knownRoots: known })).rejects.toMatchObject({ code: 'contract.unauthorized' });
    await expect(guardPaths('exportSurface', { outPath: '/root/.bashrc' }, { grants, knownRoots: known })).rejects.toMatchObject({ code: 'contract.unauthorized' });
    const uses: PathUse[] = [];
    const out = await guardPaths('startExport', { outDir: '/var/export' }, { grants, knownRoots: known, ask: async (use) => (uses.push(use), chosen) });
    expect(out).toEqual({ outDir: chosen });
    expect(uses).toEqual(['write-folder']);
  });

  it('leaves inputs of ops without paths untouched', async () => {
    const input = { scanId: 3 };
    expect(await guardPaths('getScan', input, { grants: new FolderGrants(), knownRoots: known })).toBe(input);
  });

  it("every path-like string field of the contract's inputs is listed in PATH_FIELDS (a new op cannot slip past the guard)", () => {
    const found: Record<string, string[]> = {};
    const walk = (schema: unknown, at: string[], op: string): void => {
      if (schema === null || typeof schema !== 'object') return;
      const s = schema as { type?: string; properties?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const t = (v as { type?: string }).type;
        if (t === 'string' && /path|dir|folder|file/i.test(k)) (found[op] ??= []).push([...at, k].join('.'));
        walk(v, [...at, k], op);
      }
      for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(alt, at, op);
    };
    for (const op of OP_NAMES) walk(z.toJSONSchema(operations[op].input, { io: 'input', unrepresentable: 'any' }), [], op);
    const listed = Object.fromEntries(Object.entries(PATH_FIELDS).map(([op, fields]) => [op, fields!.map((f) => f.at.join('.'))]));
    expect(found).toEqual(listed);
  });
});
