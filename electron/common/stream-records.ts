import { LungDeskError } from './errors';
import { encodeMessageParts } from './wire';

/**
 * How a streamed operation's items cross a byte stream (the browser host's HTTP response):
 * records one after the other, each a u32 little-endian byte length and a wire frame
 * (`wire.ts`) of
 *
 *   { ok: true, value: item }   an item,
 *   { ok: true, end: true }     the last record of a stream that ended well,
 *   { ok: false, error }        the backend's error (the last record too).
 *
 * A stream without its end record was cut off: the receiver says so rather than take what
 * came as the whole.
 */

export const STREAM_CONTENT_TYPE = 'application/x-lungdesk-stream';

/** The largest record accepted: a 512-slice slab of 1024×1024 int16 voxels, with room to spare. */
export const MAX_RECORD_BYTES = 2 ** 31;

const LENGTH_BYTES = 4;

/** A record's pieces, in order: its length, then the frame's pieces (buffers not copied). */
export function recordParts(value: unknown): Uint8Array[] {
  const parts = encodeMessageParts(value);
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  if (length > MAX_RECORD_BYTES) throw new LungDeskError('internal', `stream: a record of ${length} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit`);
  const head = new Uint8Array(LENGTH_BYTES);
  new DataView(head.buffer).setUint32(0, length, true);
  return [head, ...parts];
}

/**
 * Cuts a byte stream, pushed in chunks of any size, into whole records. Each record's frame
 * comes back in a buffer of its own start (so its typed arrays are views on it, aligned),
 * filled by one copy from the chunks.
 */
export class RecordSplitter {
  private readonly lengthBytes = new Uint8Array(LENGTH_BYTES);
  private lengthFilled = 0;
  private record: Uint8Array | null = null;
  private filled = 0;
  /** The buffer `records` fills again for the next record that fits in it. */
  private spare: ArrayBuffer | null = null;

  /** The records completed by `chunk`, in order, each in a buffer of its own. */
  push(chunk: Uint8Array): Uint8Array[] {
    return [...this.cut(chunk, false)];
  }

  /**
   * The records completed by `chunk`, one at a time: each is valid only until the next is
   * asked for, as the next that fits is written into the same buffer (a 300-slice volume
   * streamed in 8 MB records would otherwise leave ~150 MB for the page to collect).
   */
  records(chunk: Uint8Array): Generator<Uint8Array> {
    return this.cut(chunk, true);
  }

  private *cut(chunk: Uint8Array, reuse: boolean): Generator<Uint8Array> {
    let at = 0;
    while (at < chunk.length) {
      if (this.record === null) {
        const take = Math.min(LENGTH_BYTES - this.lengthFilled, chunk.length - at);
        this.lengthBytes.set(chunk.subarray(at, at + take), this.lengthFilled);
        this.lengthFilled += take;
        at += take;
        if (this.lengthFilled < LENGTH_BYTES) break;
        const length = new DataView(this.lengthBytes.buffer).getUint32(0, true);
        if (length === 0 || length > MAX_RECORD_BYTES) throw new LungDeskError('io.bad-header', `stream: a record announces ${length} bytes (1 to ${MAX_RECORD_BYTES} are possible)`);
        if (reuse && this.spare && this.spare.byteLength >= length) this.record = new Uint8Array(this.spare, 0, length);
        else {
          this.record = new Uint8Array(length);
          if (reuse) this.spare = this.record.buffer as ArrayBuffer;
        }
        this.filled = 0;
        this.lengthFilled = 0;
      }
      const take = Math.min(this.record.length - this.filled, chunk.length - at);
      this.record.set(chunk.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.record.length) {
        const done = this.record;
        this.record = null;
        yield done;
      }
    }
  }

  /** True when the stream stopped between records (not inside one). */
  get atBoundary(): boolean {
    return this.record === null && this.lengthFilled === 0;
  }
}
