import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertCommand } from '../../../electron/cli/commands/convert';
import { indexCommand } from '../../../electron/cli/commands/index-datasets';
import { infoCommand } from '../../../electron/cli/commands/info';
import { writeNifti } from '../../../electron/core/io/write/nifti-nrrd-writer';

type Cmd = (argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }) => Promise<number>;
function run(cmd: Cmd, argv: string[]) {
  let out = '';
  let err = '';
  return cmd(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) }).then((code) => ({ code, out, err }));
}
const index: Cmd = (argv, io) => indexCommand(argv, io, { version: 'test' });

// Issue 15 "Nothing escapes its folder", through the CLI: what it reads and where it writes.
describe('lungdesk CLI stays inside its folders', () => {
  let dir: string;
  let scan: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-cli-contain-'));
    fs.mkdirSync(path.join(dir, 'ds'));
    scan = path.join(dir, 'ds', 'a.nii.gz');
    await writeNifti({ dims: [6, 5, 4], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels: new Int16Array(120).fill(-1000) }, scan);
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, 'ds', `note${i}.txt`), 'x');
    fs.symlinkSync('/', path.join(dir, 'ds', 'disk'));
    fs.symlinkSync('/etc', path.join(dir, 'to-etc'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('index refuses / and /proc with dataset.refused-folder, one JSON document', async () => {
    const r = await run(index, ['/', '/proc', '--db', path.join(dir, 'x.sqlite'), '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.results.map((x: { error: { code: string } }) => x.error.code)).toEqual(['dataset.refused-folder', 'dataset.refused-folder']);
  });

  it('index stops past --max-files with dataset.too-many-files and says how to go on; a larger --max-files indexes', async () => {
    const db = path.join(dir, 'budget.sqlite');
    const r = await run(index, [path.join(dir, 'ds'), '--db', db, '--max-files', '3']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('dataset.too-many-files');
    expect(r.err).toContain('run again with a larger --max-files');
    const ok = await run(index, [path.join(dir, 'ds'), '--db', db, '--max-files', '100', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).results[0].scans).toBe(1);
  });

  it('info refuses / and does not follow the link to / inside a folder', async () => {
    const root = JSON.parse((await run(infoCommand, ['/', '--json'])).out);
    expect(root.error.code).toBe('dataset.refused-folder');
    const r = await run(infoCommand, [path.join(dir, 'ds'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.series).toHaveLength(1);
    expect(doc.issues.every((i: { file: string }) => !i.file.includes(`${path.sep}disk${path.sep}`))).toBe(true);
  });

  it('convert refuses an OUT in /proc or /dev, or through a link into /etc (io.outside-folder), and writes nothing', async () => {
    for (const out of ['/proc/scan.npy', '/dev/shm/scan.npy', path.join(dir, 'to-etc', 'scan.npy')]) {
      const r = await run(convertCommand, [scan, out, '--json']);
      expect(r.code, out).toBe(1);
      expect(JSON.parse(r.out).error.code, out).toBe('io.outside-folder');
    }
    expect(fs.existsSync('/etc/scan.npy')).toBe(false);
    const ok = await run(convertCommand, [scan, path.join(dir, 'out.npy'), '--json']);
    expect(ok.code).toBe(0);
  });
});
