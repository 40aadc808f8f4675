import { describe, expect, it } from 'vitest';
import { recordParts } from '../../../electron/common/stream-records';
import { decodeMessage } from '../../../electron/common/wire';
import { recordSource, type BodyLike } from '../../../electron/server/bridge/stream-reader';

/** The bytes of records one after the other, as a stream carries them. */
const streamOf = (values: readonly unknown[]): Uint8Array => Buffer.concat(values.flatMap((v) => recordParts(v)));

const slab = (start: number, n: number) => ({ ok: true, value: { start, voxels: new Uint8Array(Int16Array.from({ length: n }, (_, i) => i * 3 - start).buffer) } });
const values = [slab(0, 1000), slab(1, 1000), slab(2, 40), slab(3, 3000), { ok: true, end: true }];

/** A body that hands out `bytes` in pieces of the given sizes, in turn; a byte stream (readable into our buffers) or not. */
function bodyOf(bytes: Uint8Array, sizes: readonly number[], byteStream: boolean): BodyLike {
  let at = 0;
  let turn = 0;
  const nextSize = (): number => sizes[turn++ % sizes.length]!;
  const stream = byteStream
    ? new ReadableStream({
        type: 'bytes',
        pull(c) {
          if (at >= bytes.length) {
            // A read waiting on its own buffer is answered with nothing: the stream's end.
            c.close();
            return c.byobRequest?.respond(0);
          }
          const n = Math.min(nextSize(), bytes.length - at);
          const req = c.byobRequest;
          if (req?.view) {
            const m = Math.min(n, req.view.byteLength);
            new Uint8Array(req.view.buffer, req.view.byteOffset, m).set(bytes.subarray(at, at + m));
            at += m;
            req.respond(m);
          } else {
            c.enqueue(bytes.slice(at, at + n));
            at += n;
          }
        },
      })
    : new ReadableStream<Uint8Array>({
        pull(c) {
          if (at >= bytes.length) return c.close();
          const n = Math.min(nextSize(), bytes.length - at);
          c.enqueue(bytes.slice(at, at + n));
          at += n;
        },
      });
  return stream as unknown as BodyLike;
}

/** Every record the source gives, decoded and cloned while it is valid. */
async function drain(source: ReturnType<typeof recordSource>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of source.records) out.push(structuredClone(decodeMessage(r)));
  return out;
}

describe('stream reader', () => {
  for (const byteStream of [true, false]) {
    const kind = byteStream ? 'read into its own buffers (a byte stream)' : 'cut from chunks (not a byte stream)';
    it(`gives every record whole and in order, ${kind}, whatever the piece sizes`, async () => {
      const bytes = streamOf(values);
      for (const sizes of [[1], [3, 7000, 5], [bytes.length], [4096]]) {
        expect(await drain(recordSource(bodyOf(bytes, sizes, byteStream), async () => new ArrayBuffer(0))), `pieces ${sizes.join(',')}`).toEqual(values);
      }
    });

    it(`says a body cut inside a record was cut there, and one cut between records was not, ${kind}`, async () => {
      const bytes = streamOf(values);
      const firstEnds = recordParts(values[0]).reduce((n, p) => n + p.byteLength, 0);
      const between = recordSource(bodyOf(bytes.subarray(0, firstEnds), [1000], byteStream), async () => new ArrayBuffer(0));
      expect(await drain(between)).toEqual([values[0]]);
      expect(between.atBoundary()).toBe(true);
      for (const end of [firstEnds + 2, firstEnds + 4, firstEnds + 100]) {
        const inside = recordSource(bodyOf(bytes.subarray(0, end), [1000], byteStream), async () => new ArrayBuffer(0));
        expect(await drain(inside)).toEqual([values[0]]);
        expect(inside.atBoundary(), `cut at ${end}`).toBe(false);
      }
    });
  }

  it('reads a body it cannot read as it comes whole, and refuses a record that announces zero bytes', async () => {
    const bytes = streamOf(values);
    expect(await drain(recordSource(null, async () => bytes.slice().buffer))).toEqual(values);
    const zero = new Uint8Array(8);
    await expect(drain(recordSource(bodyOf(zero, [8], true), async () => new ArrayBuffer(0)))).rejects.toMatchObject({ code: 'io.bad-header' });
  });
});
