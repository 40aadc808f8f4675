/**
 * Rewrites one file again and again through the shared atomic write, 1 MiB at a time, so a
 * test can SIGKILL it mid-write. Each version is self-checking: 16 MiB of one byte value then
 * the sha256 of those bytes. Prints `WROTE <i>` after each rename.
 * Usage: node --import tsx test/helpers/write-loop.ts <target>
 */
import { createHash } from 'node:crypto';
import { writeChunksAtomic } from '../../electron/core/io/write/atomic-write';

const target = process.argv[2]!;
const CHUNKS = 16;

async function* version(i: number): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  for (let c = 0; c < CHUNKS; c++) {
    const chunk = new Uint8Array(1 << 20).fill(i % 251);
    hash.update(chunk);
    yield chunk;
    await new Promise((r) => setImmediate(r));
  }
  yield hash.digest();
}

void (async () => {
  for (let i = 0; ; i++) {
    await writeChunksAtomic(target, version(i));
    process.stdout.write(`WROTE ${i}\n`);
  }
})();
