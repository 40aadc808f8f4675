import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSlicesToHu, type HuRule } from '../../../native';

const rule: HuRule = { bitsStored: 16, highBit: 15, signed: true, padding: null, slope: 1, intercept: -1024 };

function sliceFile(dir: string, name: string, header: number, values: number[]): string {
  const buf = Buffer.alloc(header + values.length * 2, 0xee);
  values.forEach((v, i) => buf.writeInt16LE(v, header + i * 2));
  const p = path.join(dir, name);
  fs.writeFileSync(p, buf);
  return p;
}

describe('readSlicesToHu', () => {
  it('reads each slice at its offset into its place in the volume, with the HU rule, and counts its padding pixels', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-slices-'));
    const a = sliceFile(dir, 'a', 132, [0, 1, 2, 3]);
    const b = sliceFile(dir, 'b', 7, [-2000, 1024, 2048, 100]);
    const out = new Int16Array(12).fill(99);
    const r = readSlicesToHu([a, b], [132, 7], [rule, { ...rule, slope: 2 }], out, 1, 4);
    expect(r.errors).toEqual([null, null]);
    expect([...out]).toEqual([99, 99, 99, 99, -1024, -1023, -1022, -1021, -1024, 1024, 3072, -824]);
    expect(r.min).toEqual([0, -2000]);
    expect(r.max).toEqual([3, 2048]);
    expect(r.huMin).toEqual([-1024, -1024]);
    expect(r.huMax).toEqual([-1021, 3072]);
    // Stored -2000 (the tutorial's outside-the-field value) in slice b only.
    expect(r.padded).toEqual([0, 1]);
    const c = sliceFile(dir, 'c', 0, [5, 5, 7, 5]);
    expect(readSlicesToHu([c], [0], [{ ...rule, padding: 5 }], new Int16Array(4), 0, 4).padded).toEqual([3]);
  });

  it('reports a missing or short file for that slice only, and reads the others', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-slices-'));
    const good = sliceFile(dir, 'good', 0, [1, 1, 1, 1]);
    const short = sliceFile(dir, 'short', 0, [1, 1]);
    const out = new Int16Array(12);
    const r = readSlicesToHu([path.join(dir, 'missing'), short, good], [0, 0, 0], [rule, rule, rule], out, 0, 4);
    expect(r.errors[0]).toMatch(/cannot open/);
    expect(r.errors[1]).toMatch(/file ends after 4 of 8 pixel bytes/);
    expect(r.errors[2]).toBeNull();
    expect([...out.subarray(8)]).toEqual([-1023, -1023, -1023, -1023]);
  });

  it('refuses slices that do not fit the output and mismatched arrays (RangeError)', () => {
    expect(() => readSlicesToHu(['x'], [0], [rule], new Int16Array(4), 1, 4)).toThrow(RangeError);
    expect(() => readSlicesToHu(['x', 'y'], [0], [rule, rule], new Int16Array(8), 0, 4)).toThrow(/same length/);
    expect(() => readSlicesToHu(['x'], [-1], [rule], new Int16Array(8), 0, 4)).toThrow(/offsets\[0\]/);
  });
});
