import { LungDeskError } from '../../common/errors';
import { MAX_RECORD_BYTES, RecordSplitter } from '../../common/stream-records';

/** The part of a body's stream reader the bridge uses. */
export interface BodyReaderLike {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}

/** A bring-your-own-buffer reader: fills the view it is given (its buffer comes back moved). */
export interface ByobReaderLike {
  read(view: Uint8Array): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}

/** The body as `fetch` gives it (DOM and Node both provide it). */
export interface BodyLike {
  getReader(): BodyReaderLike;
  getReader(options: { mode: 'byob' }): ByobReaderLike;
}

/** Where a cut-off stream stopped, for the io.truncated message; and how to stop reading. */
export interface RecordSource {
  records: AsyncGenerator<Uint8Array>;
  /** True while no record is half read. */
  atBoundary(): boolean;
  cancel(): Promise<void>;
}

const LENGTH_BYTES = 4;

/**
 * A stream's records (`common/stream-records.ts`) as they arrive, each valid until the next
 * is asked for. Where the body can be read into buffers of our own (a byte stream, as a
 * browser's fetch body is), each record is read straight into one reused buffer: no chunk is
 * allocated for the page to collect and none copied (~70 MB of each per CT volume). Else
 * chunks are cut into records; a body that cannot be read as it comes is read whole.
 */
export function recordSource(body: BodyLike | null | undefined, whole: () => Promise<ArrayBuffer>): RecordSource {
  let byob: ByobReaderLike | null = null;
  try {
    byob = body ? body.getReader({ mode: 'byob' }) : null;
  } catch {
    byob = null; // not a byte stream
  }
  if (byob) return byobRecords(byob);
  const splitter = new RecordSplitter();
  const reader = body ? body.getReader() : null;
  async function* records(): AsyncGenerator<Uint8Array> {
    if (!reader) {
      yield* splitter.records(new Uint8Array(await whole()));
      return;
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value && value.length > 0) yield* splitter.records(value);
    }
  }
  return { records: records(), atBoundary: () => splitter.atBoundary, cancel: async () => void (await reader?.cancel().catch(() => {})) };
}

function byobRecords(reader: ByobReaderLike): RecordSource {
  let inside = false;
  let lengthBuffer: ArrayBuffer = new ArrayBuffer(LENGTH_BYTES);
  let recordBuffer: ArrayBuffer | null = null;
  /**
   * Fills [0, length) of `buffer` and gives it back (moved), or null when the body ends
   * first: between records if no byte of this record came, inside one otherwise.
   */
  const fill = async (buffer: ArrayBuffer, length: number): Promise<ArrayBuffer | null> => {
    let got = 0;
    while (got < length) {
      const { done, value } = await reader.read(new Uint8Array(buffer, got, length - got));
      if (value) buffer = value.buffer as ArrayBuffer;
      if (done) return null;
      got += value?.byteLength ?? 0;
      inside = true;
    }
    return buffer;
  };
  async function* records(): AsyncGenerator<Uint8Array> {
    for (;;) {
      inside = false;
      const head = await fill(lengthBuffer, LENGTH_BYTES);
      if (!head) return;
      lengthBuffer = head;
      const length = new DataView(head).getUint32(0, true);
      if (length === 0 || length > MAX_RECORD_BYTES) throw new LungDeskError('io.bad-header', `stream: a record announces ${length} bytes (1 to ${MAX_RECORD_BYTES} are possible)`);
      const filled = await fill(recordBuffer && recordBuffer.byteLength >= length ? recordBuffer : new ArrayBuffer(length), length);
      if (!filled) return;
      recordBuffer = filled;
      inside = false;
      yield new Uint8Array(filled, 0, length);
    }
  }
  return { records: records(), atBoundary: () => !inside, cancel: async () => void (await reader.cancel().catch(() => {})) };
}
