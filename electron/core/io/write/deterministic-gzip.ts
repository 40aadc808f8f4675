import zlib from 'node:zlib';
import { LungDeskError } from '../../../common/errors';

/** The gzip header's OS byte we always write: 3 (Unix), whatever platform compressed. */
const GZIP_OS_UNIX = 3;

/**
 * One gzip member of `chunks` (fed in this order, never concatenated, so a volume is not
 * copied), as a list of output buffers. Node writes mtime 0 and no name; the one byte that
 * varies by platform (the header's OS field: 3 on Unix, 10 on Windows builds of zlib) is set
 * to 3, so the same input and level give the same bytes on every OS.
 *
 * Node's zlib is Chromium's: its deflate hashes with CRC32C when the CPU has SSE4.2+PCLMUL or
 * ARMv8 CRC (any x86-64 since about 2010, every arm64), so its output differs from vanilla
 * zlib's and could differ on a CPU without those; it is stable for one Node/Electron build on
 * the machines we run on. Readers do not care: every such stream is valid gzip.
 */
export async function gzipDeterministic(chunks: readonly Uint8Array[], level: number): Promise<Buffer[]> {
  const gz = zlib.createGzip({ level, chunkSize: 1 << 20 });
  const out: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    gz.on('data', (b: Buffer) => out.push(b));
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  for (const c of chunks) gz.write(c);
  gz.end();
  try {
    await done;
  } catch (e) {
    throw new LungDeskError('internal', `gzip failed: ${(e as Error).message}`, { cause: e });
  }
  const head = out[0];
  // FLG 0: no optional fields and no header CRC, so byte 9 is the OS field and may be set.
  if (!head || head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b || head[3] !== 0) {
    throw new LungDeskError('internal', 'zlib wrote an unexpected gzip header');
  }
  head[9] = GZIP_OS_UNIX;
  return out;
}
