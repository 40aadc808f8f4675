import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeChunksAtomic, writeFileAtomic } from '../../../../../electron/core/io/write/atomic-write';
import { tempFileWriter } from '../../../../../electron/core/io/write/temp-file';
import { sweepTempFiles } from '../../../../../electron/core/io/write/temp-sweep';

const loopScript = path.resolve(__dirname, '../../../../helpers/write-loop.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-atomic-'));
  dirs.push(d);
  return d;
}

/** Whether a file written by write-loop.ts is whole: 16 MiB of one value, then their sha256. */
function whole(file: string): boolean {
  const b = fs.readFileSync(file);
  if (b.length !== (16 << 20) + 32) return false;
  const body = b.subarray(0, 16 << 20);
  return createHash('sha256').update(body).digest().equals(b.subarray(16 << 20)) && body.every((x) => x === body[0]);
}

describe('the atomic write', () => {
  it('writes through a temp file and leaves only the target', async () => {
    const dir = tempDir();
    await writeFileAtomic(path.join(dir, 'a', 'b.json'), '{"x":1}');
    await writeChunksAtomic(path.join(dir, 'c.bin'), [Uint8Array.of(1, 2), Uint8Array.of(3)], { syncFolder: true });
    expect(fs.readFileSync(path.join(dir, 'a', 'b.json'), 'utf8')).toBe('{"x":1}');
    expect([...fs.readFileSync(path.join(dir, 'c.bin'))]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(dir).sort()).toEqual(['a', 'c.bin']);
  });

  it('removes its temp file and keeps the old target when the data fails half-way', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'x.bin');
    fs.writeFileSync(target, 'old');
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(1 << 20);
      throw new Error('source went away');
    }
    await expect(writeChunksAtomic(target, failing())).rejects.toMatchObject({ code: 'io.write-failed' });
    expect(fs.readdirSync(dir)).toEqual(['x.bin']);
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });

  it.runIf(process.platform !== 'win32')('never leaves a half file at the target when its process is SIGKILLed mid-write', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'volume.bin');
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--import', tsx, loopScript, target], { stdio: ['ignore', 'pipe', 'inherit'] });
      let wrote = 0;
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          wrote += (d.toString().match(/WROTE/g) ?? []).length;
          if (wrote >= 2) resolve();
        });
        child.once('exit', (code) => reject(new Error(`write loop exited (${code})`)));
      });
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 30)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(whole(target)).toBe(true);
    }
    // What the kills left is the temp files of a dead writer: the start's sweep removes them.
    const left = fs.readdirSync(dir).filter((n) => n !== 'volume.bin');
    expect(left.every((n) => tempFileWriter(n) !== null)).toBe(true);
    await sweepTempFiles(dir);
    expect(fs.readdirSync(dir)).toEqual(['volume.bin']);
    expect(whole(target)).toBe(true);
  });
});
