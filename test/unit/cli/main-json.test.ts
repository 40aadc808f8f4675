import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { REPO_ROOT } from '../../helpers/conformance';

// `--json` prints exactly one JSON document on stdout, whatever happens: every command's error
// paths (usage, missing input, bad headers), and the messages name the problem.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

const missing = path.join(dir, 'missing.mhd');
const badMhd = file('bad.mhd', 'NDims = 3\nDimSize = 2 2 2\nElementSpacing = 0 1 1\nElementType = MET_SHORT\nElementDataFile = LOCAL\n');
const outsideMhd = file('outside.mhd', 'NDims = 3\nDimSize = 2 2 2\nElementSpacing = 1 1 1\nElementType = MET_SHORT\nElementDataFile = ../../etc/passwd\n');
const out = (name: string) => path.join(dir, name);

async function runJson(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let o = '';
  let e = '';
  const code = await main(argv, { stdout: (s) => (o += s), stderr: (s) => (e += s) });
  return { code, out: o, err: e };
}

/** stdout is one JSON document (and nothing else but its trailing newline). */
function oneDocument(stdout: string): unknown {
  expect(stdout.endsWith('\n')).toBe(true);
  return JSON.parse(stdout);
}

describe('--json: one JSON document on stdout on every error path', () => {
  const cases: Array<[string, string[], RegExp | string]> = [
    ['info, no PATH', ['info', '--json'], 'contract.bad-input'],
    ['info, missing file', ['info', missing, '--json'], 'io.not-found'],
    ['info, bad spacing', ['info', badMhd, '--json'], 'io.bad-header'],
    ['info, data file outside', ['info', outsideMhd, '--json'], 'io.outside-folder'],
    ['convert, no OUT', ['convert', badMhd, '--json'], 'contract.bad-input'],
    ['convert, bad header', ['convert', badMhd, out('x.npy'), '--json'], 'io.bad-header'],
    ['histogram, missing', ['histogram', missing, '--json'], 'io.not-found'],
    ['histogram, unknown option', ['histogram', badMhd, '--frob', '--json'], 'contract.bad-input'],
    ['index, no --db', ['index', dir, '--json'], 'contract.bad-input'],
    ['index, unknown option', ['index', dir, '--db', out('i.db'), '--nope', '--json'], 'contract.bad-input'],
    ['preprocess, no --out', ['preprocess', badMhd, '--json'], 'contract.bad-input'],
    ['preprocess, bad header', ['preprocess', badMhd, '--out', out('pp'), '--json'], 'io.bad-header'],
    ['segment, bad seed', ['segment', badMhd, '--seed', 'a,b', '--out', out('s.npy'), '--json'], 'contract.bad-input'],
    ['segment, bad header', ['segment', badMhd, '--seed', '0,0,0', '--out', out('s.npy'), '--json'], 'io.bad-header'],
    ['mesh, bad mask', ['mesh', badMhd, '--mask', 'liver', '--out', out('m.stl'), '--json'], 'contract.bad-input'],
    ['mesh, bad header', ['mesh', badMhd, '--mask', 'lung', '--out', out('m.stl'), '--json'], 'io.bad-header'],
    ['masks, no sub-command', ['masks', '--json'], 'contract.bad-input'],
    ['masks, unknown option', ['masks', 'list', '--frob', '--json'], 'contract.bad-input'],
    ['export, no --db', ['export', '--out', out('e'), '--format', 'npy', '--json'], 'contract.bad-input'],
    ['export, missing db', ['export', '--db', out('none.db'), '--out', out('e'), '--format', 'npy', '--json'], 'io.not-found'],
    ['serve, unknown option', ['serve', '--frob', '--json'], 'contract.bad-input'],
    ['unknown command', ['frobnicate', '--json'], 'contract.bad-input'],
  ];
  it.each(cases)('%s', async (_name, argv, code) => {
    const r = await runJson(argv);
    expect(r.code).not.toBe(0);
    const doc = oneDocument(r.out) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe(code);
    expect(doc.error.message).not.toMatch(/native exception|^\d+$/);
    expect(doc.error.message.length).toBeGreaterThan(10);
  });

  it('the error names the file and the field', async () => {
    const doc = oneDocument((await runJson(['info', badMhd, '--json'])).out) as { error: { message: string; file: string } };
    expect(doc.error.message).toContain(badMhd);
    expect(doc.error.message).toMatch(/ElementSpacing/);
  });
});

describe('--json in a real process', () => {
  function lungdesk(args: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli', 'main.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('an NRRD that itk-wasm fails on: stdout is one JSON document, whatever itk-wasm prints; the message is readable', () => {
    // Text-encoded data is decoded by itk-wasm; too few values makes its reader throw.
    const f = file('short-text.nrrd', 'NRRD0004\ntype: short\ndimension: 3\nsizes: 4 4 4\nspacings: 1 1 1\nencoding: text\n\n1 2 3\n');
    const r = lungdesk(['histogram', f, '--json']);
    expect(r.code).toBe(1);
    const doc = oneDocument(r.out) as { error: { code: string; message: string } };
    expect(doc.error.code).toMatch(/^io\./);
    expect(doc.error.message).toContain(f);
    expect(doc.error.message).not.toMatch(/native exception|exception \d+/);
  });

  it('usage errors from the argument parser before any command code still print one JSON document', () => {
    const r = lungdesk(['index', '--json']);
    expect(r.code).toBe(2);
    expect((oneDocument(r.out) as { error: { code: string } }).error.code).toBe('contract.bad-input');
  });
});
