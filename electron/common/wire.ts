import { LungDeskError } from './errors';

/**
 * A binary-aware message codec for transports that cannot carry typed arrays natively
 * (HTTP bodies, sockets). Pixel buffers travel as raw bytes next to a JSON skeleton, never as
 * JSON number arrays (a 512×512×300 int16 volume would be ~400 MB of text).
 *
 * Frame layout (all integers little-endian, every section starts on an 8-byte boundary so
 * the receiver can view Int16Array/Float32Array/Float64Array data in place, without copying):
 *
 *   offset 0   "LDW1"                 magic, 4 ASCII bytes
 *   offset 4   u32 jsonLength         bytes of UTF-8 JSON that follow the 16-byte header
 *   offset 8   u32 bufferCount        number of buffer sections after the JSON
 *   offset 12  u32 reserved (0)
 *   offset 16  JSON (UTF-8), zero-padded to a multiple of 8
 *   then, per buffer i = 0..bufferCount-1:
 *              u64 byteLength (as two u32: low, high), the bytes, zero-padded to 8
 *
 * In the JSON, buffer i appears as the placeholder `{ "$bytes": i, "type": "<TypedArray>" }`.
 * A plain object that itself has a `$bytes` key cannot be encoded (it would be ambiguous).
 */

/** The HTTP content type of a request or answer that is one frame. */
export const WIRE_CONTENT_TYPE = 'application/x-lungdesk-frame';

const MAGIC = [0x4c, 0x44, 0x57, 0x31]; // "LDW1"
const HEADER_BYTES = 16;
const ALIGN = 8;

/** The typed-array kinds the codec knows, with their element size. */
const VIEW_TYPES = {
  Uint8Array: 1,
  Int8Array: 1,
  Uint8ClampedArray: 1,
  Int16Array: 2,
  Uint16Array: 2,
  Int32Array: 4,
  Uint32Array: 4,
  Float32Array: 4,
  Float64Array: 8,
  BigInt64Array: 8,
  BigUint64Array: 8,
  DataView: 1,
  ArrayBuffer: 1,
} as const;
export type WireBufferType = keyof typeof VIEW_TYPES;

const CONSTRUCTORS: Record<WireBufferType, (buf: ArrayBuffer, offset: number, length: number) => unknown> = {
  Uint8Array: (b, o, n) => new Uint8Array(b, o, n),
  Int8Array: (b, o, n) => new Int8Array(b, o, n),
  Uint8ClampedArray: (b, o, n) => new Uint8ClampedArray(b, o, n),
  Int16Array: (b, o, n) => new Int16Array(b, o, n / 2),
  Uint16Array: (b, o, n) => new Uint16Array(b, o, n / 2),
  Int32Array: (b, o, n) => new Int32Array(b, o, n / 4),
  Uint32Array: (b, o, n) => new Uint32Array(b, o, n / 4),
  Float32Array: (b, o, n) => new Float32Array(b, o, n / 4),
  Float64Array: (b, o, n) => new Float64Array(b, o, n / 8),
  BigInt64Array: (b, o, n) => new BigInt64Array(b, o, n / 8),
  BigUint64Array: (b, o, n) => new BigUint64Array(b, o, n / 8),
  DataView: (b, o, n) => new DataView(b, o, n),
  // An ArrayBuffer placeholder is rebuilt as its own copy: a buffer cannot be a view.
  ArrayBuffer: (b, o, n) => b.slice(o, o + n),
};

function isWireBufferType(t: unknown): t is WireBufferType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(VIEW_TYPES, t);
}

function bufferTypeOf(v: ArrayBufferView | ArrayBuffer): WireBufferType {
  if (v instanceof ArrayBuffer) return 'ArrayBuffer';
  if (v instanceof DataView) return 'DataView';
  // Node's Buffer is a Uint8Array subclass; it travels (and comes back) as a Uint8Array.
  if (v instanceof Uint8Array) return 'Uint8Array';
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
  if (isWireBufferType(name)) return name;
  throw new LungDeskError('internal', `wire: cannot encode a ${String(name)} view`);
}

function pad8(n: number): number {
  return (n + ALIGN - 1) & ~(ALIGN - 1);
}

function corrupt(message: string): LungDeskError {
  return new LungDeskError('io.bad-header', `wire frame is corrupt: ${message}`);
}

function truncated(message: string): LungDeskError {
  return new LungDeskError('io.truncated', `wire frame is truncated: ${message}`);
}

/** True when `bytes` starts with the frame magic (a frame, not plain JSON). */
export function isWireFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGIC.every((m, i) => bytes[i] === m);
}

/**
 * A frame as the pieces it is made of, in order: the header and JSON, then per buffer its
 * length field, its bytes (a view on the caller's buffer, not a copy) and its padding.
 * Written one after the other they are the frame {@link encodeMessage} returns; a host that
 * sends a 32 MB slab this way never copies it into a frame first.
 */
export function encodeMessageParts(value: unknown): Uint8Array[] {
  const buffers: Uint8Array[] = [];
  const seen = new Set<object>();

  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'bigint') throw new LungDeskError('internal', 'wire: cannot encode a bigint value');
      return v;
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      const type = bufferTypeOf(v);
      const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      buffers.push(bytes);
      return { $bytes: buffers.length - 1, type };
    }
    if (seen.has(v)) throw new LungDeskError('internal', 'wire: cannot encode a cyclic value');
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      out = v.map((x) => (x === undefined ? null : walk(x)));
    } else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      out = walk((v as { toJSON(): unknown }).toJSON());
    } else {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === '$bytes') throw new LungDeskError('internal', 'wire: an object key "$bytes" is reserved for buffers');
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        o[k] = walk(x);
      }
      out = o;
    }
    seen.delete(v);
    return out;
  };

  const json = new TextEncoder().encode(JSON.stringify(walk(value) ?? null));
  const head = new Uint8Array(HEADER_BYTES + pad8(json.length));
  const dv = new DataView(head.buffer);
  head.set(MAGIC, 0);
  dv.setUint32(4, json.length, true);
  dv.setUint32(8, buffers.length, true);
  dv.setUint32(12, 0, true);
  head.set(json, HEADER_BYTES);
  const parts: Uint8Array[] = [head];
  for (const b of buffers) {
    const length = new Uint8Array(8);
    const ldv = new DataView(length.buffer);
    ldv.setUint32(0, b.byteLength >>> 0, true);
    ldv.setUint32(4, Math.floor(b.byteLength / 2 ** 32), true);
    parts.push(length, b);
    const padding = pad8(b.byteLength) - b.byteLength;
    if (padding > 0) parts.push(new Uint8Array(padding));
  }
  return parts;
}

/** Encodes any JSON-like value, with typed arrays anywhere inside it, into one frame. */
export function encodeMessage(value: unknown): Uint8Array {
  const parts = encodeMessageParts(value);
  const frame = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    frame.set(p, off);
    off += p.byteLength;
  }
  return frame;
}

/**
 * Rebuilds a value from a frame. Typed arrays are views on `bytes`' buffer when their
 * absolute offset is aligned for their element size (always so when `bytes` starts its own
 * ArrayBuffer, as a fetch body does), and copies otherwise. Throws `io.truncated` or
 * `io.bad-header` LungDeskErrors on damaged frames.
 */
export function decodeMessage(bytes: Uint8Array): unknown {
  if (bytes.length < HEADER_BYTES) throw truncated(`${bytes.length} bytes, the header alone needs ${HEADER_BYTES}`);
  if (!isWireFrame(bytes)) throw corrupt('missing "LDW1" magic');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = dv.getUint32(4, true);
  const bufferCount = dv.getUint32(8, true);
  if (HEADER_BYTES + pad8(jsonLength) > bytes.length) {
    throw truncated(`JSON of ${jsonLength} bytes announced, ${bytes.length - HEADER_BYTES} present`);
  }

  // Locate every buffer section first, so a bad frame fails before any value is built.
  const sections: { start: number; length: number }[] = [];
  let off = HEADER_BYTES + pad8(jsonLength);
  for (let i = 0; i < bufferCount; i++) {
    if (off + 8 > bytes.length) throw truncated(`buffer ${i} of ${bufferCount}: length field missing at byte ${off}`);
    const length = dv.getUint32(off, true) + dv.getUint32(off + 4, true) * 2 ** 32;
    const start = off + 8;
    // The padding is part of the frame: a frame one byte short is damaged even if that byte is padding.
    if (start + pad8(length) > bytes.length) {
      throw truncated(`buffer ${i} of ${bufferCount}: ${length} bytes (+ padding) announced, ${bytes.length - start} present`);
    }
    sections.push({ start, length });
    off = start + pad8(length);
  }
  if (off < bytes.length) throw corrupt(`${bytes.length - off} unexpected bytes after the last buffer`);

  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + jsonLength));
  } catch {
    throw corrupt('JSON section is not valid UTF-8');
  }

  const used = new Set<number>();
  const revive = (_key: string, v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !('$bytes' in v)) return v;
    const { $bytes: index, type } = v as { $bytes: unknown; type: unknown };
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= sections.length) {
      throw corrupt(`placeholder refers to buffer ${String(index)}, the frame has ${sections.length}`);
    }
    if (!isWireBufferType(type)) throw corrupt(`placeholder has unknown type ${JSON.stringify(type)}`);
    if (used.has(index)) throw corrupt(`buffer ${index} is referenced twice`);
    used.add(index);
    const section = sections[index]!;
    const size = VIEW_TYPES[type];
    if (section.length % size !== 0) throw corrupt(`buffer ${index}: ${section.length} bytes is not a whole number of ${type} elements`);
    const absolute = bytes.byteOffset + section.start;
    if (absolute % size === 0 && type !== 'ArrayBuffer') {
      return CONSTRUCTORS[type](bytes.buffer as ArrayBuffer, absolute, section.length);
    }
    const copy = new ArrayBuffer(section.length);
    new Uint8Array(copy).set(bytes.subarray(section.start, section.start + section.length));
    return CONSTRUCTORS[type](copy, 0, section.length);
  };

  let value: unknown;
  try {
    value = JSON.parse(json, revive);
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    throw corrupt(`JSON section does not parse (${e instanceof Error ? e.message : String(e)})`);
  }
  if (used.size !== sections.length) throw corrupt(`${sections.length - used.size} buffer(s) are not referenced by the JSON`);
  return value;
}

/**
 * The value with each typed-array field (its own, one level down) that views part of a
 * larger buffer replaced by a copy of just its bytes: structured clone (Electron IPC) sends a
 * view's whole buffer, so a slab cut from a cached volume would carry the volume. The HTTP
 * wire sends views as they are and needs no copy.
 */
export function compactViews<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value)) {
    if (v instanceof Uint8Array && v.byteLength < v.buffer.byteLength) {
      out ??= { ...(value as Record<string, unknown>) };
      out[k] = v.slice();
    }
  }
  return (out ?? value) as T;
}
