import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../electron/core/phantom/prng';
import { LungDeskError } from '../../../electron/common/errors';
import { MAX_RECORD_BYTES, RecordSplitter, recordParts } from '../../../electron/common/stream-records';
import { decodeMessage } from '../../../electron/common/wire';

/** The bytes of records one after the other, as a stream carries them. */
function streamOf(values: readonly unknown[]): Uint8Array {
  return Buffer.concat(values.flatMap((v) => recordParts(v)));
}

/** Cuts `bytes` at the given sizes (the last piece takes what is left). */
function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const n of sizes) {
    if (at >= bytes.length) break;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  if (at < bytes.length) out.push(bytes.subarray(at));
  return out;
}

/** Every record completed by pushing the chunks in order, decoded. */
function decodeAll(splitter: RecordSplitter, chunks: readonly Uint8Array[]): unknown[] {
  return chunks.flatMap((c) => splitter.push(c)).map((r) => decodeMessage(r));
}

function lengthHeader(n: number): Uint8Array {
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, n, true);
  return head;
}

const slab = (start: number, n: number) => ({ ok: true, value: { start, count: 1, voxels: new Uint8Array(Int16Array.from({ length: n }, (_, i) => i * 7 - start).buffer) } });
const records = [slab(0, 12), { ok: true, value: { note: 'no buffers' } }, slab(1, 5), { ok: false, error: { code: 'internal', message: 'x' } }, { ok: true, end: true }];

describe('stream records', () => {
  it('come out whole when the stream arrives one byte at a time', () => {
    const bytes = streamOf(records);
    const splitter = new RecordSplitter();
    expect(decodeAll(splitter, cut(bytes, new Array<number>(bytes.length).fill(1)))).toEqual(records);
    expect(splitter.atBoundary).toBe(true);
  });

  it('come out whole when the stream is cut at every single position', () => {
    const bytes = streamOf(records);
    for (let k = 1; k < bytes.length; k++) {
      expect(decodeAll(new RecordSplitter(), [bytes.subarray(0, k), bytes.subarray(k)]), `cut at ${k}`).toEqual(records);
    }
  });

  it('come out several at once, in order, from one chunk that holds them all', () => {
    const splitter = new RecordSplitter();
    const out = splitter.push(streamOf(records));
    expect(out).toHaveLength(records.length);
    expect(out.map((r) => decodeMessage(r))).toEqual(records);
  });

  it('come out whole from chunks of random sizes, and the decoded voxels are aligned views on the record (no copy)', () => {
    const rand = mulberry32(11);
    const bytes = streamOf(records);
    const sizes = Array.from({ length: bytes.length }, () => 1 + Math.floor(rand() * 40));
    const splitter = new RecordSplitter();
    const raw = cut(bytes, sizes).flatMap((c) => splitter.push(c));
    const first = decodeMessage(raw[0]!) as { value: { voxels: Uint8Array } };
    expect(first.value.voxels.buffer).toBe(raw[0]!.buffer);
    expect(first.value.voxels.byteOffset % 8).toBe(0);
    const hu = new Int16Array(first.value.voxels.buffer, first.value.voxels.byteOffset, first.value.voxels.byteLength / 2);
    expect(Array.from(hu)).toEqual(Array.from({ length: 12 }, (_, i) => i * 7));
  });

  it('reuse one buffer for records one at a time (each whole while it is the current one), and take a larger one when a record does not fit', () => {
    const values = [slab(0, 500), slab(1, 500), slab(2, 100), slab(3, 900), slab(4, 900)];
    const splitter = new RecordSplitter();
    const buffers: ArrayBufferLike[] = [];
    const seen: unknown[] = [];
    // Several records complete in one chunk: each is decoded before the next is cut.
    for (const chunk of cut(streamOf(values), [3, 2500, 1, 7000])) {
      for (const record of splitter.records(chunk)) {
        buffers.push(record.buffer);
        seen.push(structuredClone(decodeMessage(record)));
      }
    }
    expect(seen).toEqual(values);
    expect(buffers[1]).toBe(buffers[0]);
    expect(buffers[2]).toBe(buffers[0]);
    expect(buffers[3]).not.toBe(buffers[0]);
    expect(buffers[4]).toBe(buffers[3]);
  });

  it('refuses a record that announces zero bytes with io.bad-header', () => {
    const err = (() => {
      try {
        new RecordSplitter().push(lengthHeader(0));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(LungDeskError);
    expect(err).toMatchObject({ code: 'io.bad-header', message: expect.stringContaining('0 bytes') as unknown });
  });

  it('refuses a record that announces more than the limit with io.bad-header, before allocating it', () => {
    const splitter = new RecordSplitter();
    // The header alone, split across two chunks: the refusal comes when its fourth byte does.
    const head = lengthHeader(MAX_RECORD_BYTES + 1);
    expect(splitter.push(head.subarray(0, 3))).toEqual([]);
    expect(() => splitter.push(head.subarray(3))).toThrow(expect.objectContaining({ code: 'io.bad-header' }));
  });

  it('says it is at a boundary between records and not inside one (in its length or its frame)', () => {
    const splitter = new RecordSplitter();
    expect(splitter.atBoundary).toBe(true);
    const one = streamOf([records[0]]);
    splitter.push(one.subarray(0, 2));
    expect(splitter.atBoundary).toBe(false); // inside the length
    splitter.push(one.subarray(2, 10));
    expect(splitter.atBoundary).toBe(false); // inside the frame
    expect(splitter.push(one.subarray(10))).toHaveLength(1);
    expect(splitter.atBoundary).toBe(true);
  });

  it('survive a seeded fuzz of 300 random record sets under random chunkings', () => {
    const rand = mulberry32(2026);
    const int = (n: number): number => Math.floor(rand() * n);
    for (let c = 0; c < 300; c++) {
      const values = Array.from({ length: 1 + int(6) }, (_, k) => {
        const kind = int(3);
        if (kind === 0) return { ok: true, value: { k, text: 'x'.repeat(int(50)) } };
        const n = int(300);
        const bytes = Uint8Array.from({ length: n }, () => int(256));
        return kind === 1 ? { ok: true, value: { k, voxels: bytes } } : { ok: true, value: { k, a: bytes, b: Uint8Array.from(bytes.subarray(0, int(n + 1))) } };
      });
      const bytes = streamOf(values);
      const sizes: number[] = [];
      for (let left = bytes.length; left > 0; ) {
        // Mostly small pieces, now and then a large one that holds several records.
        const n = rand() < 0.1 ? 1 + int(2000) : 1 + int(17);
        sizes.push(n);
        left -= n;
      }
      const splitter = new RecordSplitter();
      expect(decodeAll(splitter, cut(bytes, sizes)), `case ${c}`).toEqual(values);
      expect(splitter.atBoundary, `case ${c}`).toBe(true);
    }
  });
});
