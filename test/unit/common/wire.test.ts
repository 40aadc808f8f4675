import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, encodeMessageParts, isWireFrame } from '../../../electron/common/wire';
import { LungDeskError } from '../../../electron/common/errors';

function filled<T extends { length: number; [i: number]: number }>(a: T, f: (i: number) => number): T {
  for (let i = 0; i < a.length; i++) a[i] = f(i);
  return a;
}

describe('wire codec', () => {
  it('round-trips nested objects holding several buffers of odd lengths and kinds', () => {
    const value = {
      ok: true,
      value: {
        header: { dims: [3, 5, 7], name: 'x', nested: [{ a: null }, 1.5, 'é✓'] },
        voxels: filled(new Uint8Array(13), (i) => i * 7),
        more: [filled(new Int16Array(5), (i) => -1000 + i), filled(new Float32Array(3), (i) => i / 3)],
        f64: filled(new Float64Array(1), () => Math.PI),
        empty: new Uint8Array(0),
      },
    };
    const decoded = decodeMessage(encodeMessage(value)) as typeof value;
    expect(decoded.ok).toBe(true);
    expect(decoded.value.header).toEqual(value.value.header);
    expect(decoded.value.voxels).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.value.voxels)).toEqual(Array.from(value.value.voxels));
    expect(decoded.value.more[0]).toBeInstanceOf(Int16Array);
    expect(Array.from(decoded.value.more[0]!)).toEqual(Array.from(value.value.more[0]!));
    expect(decoded.value.more[1]).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.value.more[1]!)).toEqual(Array.from(value.value.more[1]!));
    expect(decoded.value.f64[0]).toBe(Math.PI);
    expect(decoded.value.empty.length).toBe(0);
  });

  it('sends a Node Buffer and a sub-view as exactly their own bytes', () => {
    const big = filled(new Uint8Array(100), (i) => i);
    const sub = big.subarray(33, 50);
    const decoded = decodeMessage(encodeMessage({ sub, buf: Buffer.from([1, 2, 3]) })) as { sub: Uint8Array; buf: Uint8Array };
    expect(Array.from(decoded.sub)).toEqual(Array.from(sub));
    expect(Array.from(decoded.buf)).toEqual([1, 2, 3]);
    expect(decoded.buf.constructor).toBe(Uint8Array);
  });

  it('places every buffer on an 8-byte boundary and decodes typed arrays as views without copying', () => {
    const frame = encodeMessage({ a: new Uint8Array(3), b: new Int16Array(7), c: new Float64Array(2) });
    expect(isWireFrame(frame)).toBe(true);
    expect(frame.length % 8).toBe(0);
    const decoded = decodeMessage(frame) as { a: Uint8Array; b: Int16Array; c: Float64Array };
    for (const v of [decoded.a, decoded.b, decoded.c]) {
      expect(v.buffer).toBe(frame.buffer);
      expect(v.byteOffset % 8).toBe(0);
    }
  });

  it('copies a typed array whose absolute offset would be misaligned', () => {
    const frame = encodeMessage({ b: filled(new Int16Array(4), (i) => i - 2) });
    const shifted = new Uint8Array(frame.length + 1);
    shifted.set(frame, 1);
    const decoded = decodeMessage(shifted.subarray(1)) as { b: Int16Array };
    expect(Array.from(decoded.b)).toEqual([-2, -1, 0, 1]);
    expect(decoded.b.byteOffset % 2).toBe(0);
  });

  it('rejects a frame cut anywhere with io.truncated', () => {
    const frame = encodeMessage({ v: filled(new Uint8Array(21), (i) => i), w: new Int16Array(9) });
    for (const cut of [3, 10, 17, 40, frame.length - 30, frame.length - 1]) {
      let err: unknown;
      try {
        decodeMessage(frame.subarray(0, cut));
      } catch (e) {
        err = e;
      }
      expect(err, `cut at ${cut}`).toBeInstanceOf(LungDeskError);
      expect((err as LungDeskError).code, `cut at ${cut}`).toMatch(/^io\.(truncated|bad-header)$/);
      expect((err as LungDeskError).message).toMatch(/wire frame/);
    }
    expect(() => decodeMessage(frame.subarray(0, frame.length - 8))).toThrow(/truncated/);
  });

  it('rejects a wrong magic, corrupt JSON, a bad placeholder and trailing garbage with io.bad-header', () => {
    const frame = encodeMessage({ v: new Uint8Array(5) });
    const badMagic = frame.slice();
    badMagic[0] = 0x58;
    expect(() => decodeMessage(badMagic)).toThrow(/magic/);

    const badJson = frame.slice();
    badJson[16] = 0x7d; // '}' where '{' was
    expect(() => decodeMessage(badJson)).toThrow(/does not parse/);

    const json = new TextEncoder().encode('{"v":{"$bytes":4,"type":"Uint8Array"}}');
    const forged = encodeMessage({ v: new Uint8Array(5) });
    const dv = new DataView(forged.buffer);
    expect(dv.getUint32(4, true)).toBe(json.length); // same length, so the forgery fits
    forged.set(json, 16);
    expect(() => decodeMessage(forged)).toThrow(/buffer 4/);

    const trailing = new Uint8Array(frame.length + 8);
    trailing.set(frame);
    expect(() => decodeMessage(trailing)).toThrow(/unexpected bytes/);
    try {
      decodeMessage(trailing);
    } catch (e) {
      expect((e as LungDeskError).code).toBe('io.bad-header');
    }
  });

  it('refuses to encode an object whose own key is "$bytes" (would be ambiguous)', () => {
    expect(() => encodeMessage({ $bytes: 1 })).toThrow(/reserved/);
  });

  it('gives the frame in pieces whose concatenation is the frame, the buffers as the very views passed in', () => {
    const voxels = filled(new Uint8Array(21), (i) => i);
    const slab = filled(new Int16Array(9), (i) => -i);
    const value = { ok: true, value: { header: { dims: [3, 7, 1] }, voxels, slab } };
    const parts = encodeMessageParts(value);
    const joined = Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
    expect(new Uint8Array(joined)).toEqual(encodeMessage(value));
    expect(parts.some((p) => p.buffer === voxels.buffer && p.byteLength === voxels.byteLength)).toBe(true);
    expect(parts.some((p) => p.buffer === slab.buffer)).toBe(true);
    expect(decodeMessage(new Uint8Array(joined))).toEqual(value);
  });
});
