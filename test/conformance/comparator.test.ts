// The shared test helpers every conformance suite relies on: .npy reading/writing and
// the compare modes of shared/conformance/README.md.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compareArrays, ConformanceCase, conformanceAvailable, dimsOfShape, expectConformant, listCases } from '../helpers/conformance';
import { formatNpy, type NpyArray, parseNpy, readNpy, writeNpy } from '../helpers/npy';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-npy-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function npy(data: NpyArray['data'], shape: number[]): NpyArray {
  return { dtype: 'uint8', shape, data };
}

describe('npy helper', () => {
  it('round-trips every supported dtype with its shape, data starting on a 64-byte boundary', () => {
    const arrays = [
      Uint8Array.of(0, 1, 255),
      Int16Array.of(-32768, 0, 32767),
      Uint16Array.of(0, 65535, 7),
      Int32Array.of(-1, 2 ** 31 - 1, 3),
      Float32Array.of(0.5, -1.25, 3),
      Float64Array.of(Math.PI, -0, 1e-300),
    ];
    for (const data of arrays) {
      const file = path.join(tmp, `${data.constructor.name}.npy`);
      writeNpy(file, { shape: [1, 3], data });
      const bytes = fs.readFileSync(file);
      expect((10 + bytes.readUInt16LE(8)) % 64).toBe(0);
      const back = readNpy(file);
      expect(back.shape).toEqual([1, 3]);
      expect(back.data).toEqual(data);
    }
  });

  it('writes 1D shapes with the Python trailing comma', () => {
    const text = formatNpy({ shape: [3], data: Uint8Array.of(1, 2, 3) }).toString('latin1');
    expect(text).toContain("'shape': (3,)");
    expect(parseNpy(formatNpy({ shape: [3], data: Uint8Array.of(1, 2, 3) })).shape).toEqual([3]);
  });

  it('rejects a bad magic, a truncated body and an unknown dtype with the file name', () => {
    expect(() => parseNpy(Buffer.from('not numpy at all'), 'x.npy')).toThrow(/x.npy: not a .npy file/);
    const good = formatNpy({ shape: [4], data: Int32Array.of(1, 2, 3, 4) });
    expect(() => parseNpy(good.subarray(0, good.length - 1), 'y.npy')).toThrow(/y.npy: truncated/);
    const weird = Buffer.from(good.toString('latin1').replace("'<i4'", "'>i4'"), 'latin1');
    expect(() => parseNpy(weird, 'z.npy')).toThrow(/z.npy: unsupported dtype >i4/);
  });

  it.skipIf(!conformanceAvailable())('reads a conformance case with the shape case.json gives', () => {
    const entry = listCases('label').find((c) => c.case === '3d_c3_blobs');
    expect(entry).toBeDefined();
    const c = new ConformanceCase(entry!);
    const image = c.input('image');
    expect(image.dtype).toBe('uint8');
    expect(image.shape).toEqual([32, 36, 40]);
    expect(dimsOfShape(image.shape)).toEqual([40, 36, 32]);
    expect(c.output('labels').dtype).toBe('int32');
  });
});

describe('conformance comparator', () => {
  it('exact: passes equal arrays and names the first difference by (z, y, x)', () => {
    const expected = npy(Uint8Array.of(0, 1, 1, 0, 0, 0, 0, 0), [2, 2, 2]);
    expect(compareArrays(Uint8Array.of(0, 1, 1, 0, 0, 0, 0, 0), expected, { mode: 'exact' })).toMatchObject({ ok: true, matched: 'exact' });
    const r = compareArrays(Uint8Array.of(0, 1, 1, 0, 0, 0, 1, 0), expected, { mode: 'exact' });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('index 6 (z, y, x = 1, 1, 0)');
  });

  it('exact with alternative partition: accepts a one-to-one renumbering only', () => {
    const expected = npy(Int32Array.of(1, 1, 0, 2, 3), [5]);
    const spec = { mode: 'exact', alternative: 'partition' } as const;
    expect(compareArrays(Int32Array.of(3, 3, 0, 1, 2), expected, spec)).toMatchObject({ ok: true, matched: 'partition' });
    expect(compareArrays(Int32Array.of(1, 1, 0, 1, 3), expected, spec).ok).toBe(false); // merged
    expect(compareArrays(Int32Array.of(1, 4, 0, 2, 3), expected, spec).ok).toBe(false); // split
    expect(compareArrays(Int32Array.of(1, 1, 5, 2, 3), expected, spec).ok).toBe(false); // background
    expect(compareArrays(Int32Array.of(3, 3, 0, 1, 2), expected, { mode: 'exact' }).ok).toBe(false);
  });

  it('integer_close: bounds both the difference and the fraction of differing elements', () => {
    const expected = npy(Int16Array.from({ length: 1000 }, (_, i) => i), [1000]);
    const oneOff = Int16Array.from(expected.data);
    oneOff[10] = 11;
    const spec = { mode: 'integer_close', max_abs_diff: 1, max_mismatch_fraction: 0.005 } as const;
    expect(compareArrays(oneOff, expected, spec)).toMatchObject({ ok: true, matched: 'close' });
    oneOff[20] = 22;
    expect(compareArrays(oneOff, expected, spec).ok).toBe(false);
    const many = Int16Array.from(expected.data, (v, i) => (i < 6 ? v + 1 : v));
    expect(compareArrays(many, expected, spec).ok).toBe(false);
  });

  it('allclose: |a - b| <= atol + rtol * |b|', () => {
    const expected = npy(Float64Array.of(1, 100), [2]);
    const spec = { mode: 'allclose', atol: 1e-3, rtol: 1e-5 } as const;
    expect(compareArrays(Float64Array.of(1.0009, 100.001), expected, spec).ok).toBe(true);
    expect(compareArrays(Float64Array.of(1.0011, 100), expected, spec).ok).toBe(false);
    expect(compareArrays(Float64Array.of(Number.NaN, 100), expected, spec).ok).toBe(false);
  });

  it('fails on a length mismatch and refuses mesh mode until it is written', () => {
    expect(compareArrays(Uint8Array.of(1), npy(Uint8Array.of(1, 2), [2]), { mode: 'exact' }).ok).toBe(false);
    expect(() => compareArrays(Uint8Array.of(1), npy(Uint8Array.of(1), [1]), { mode: 'mesh' })).toThrow(/mesh/);
  });

  it.skipIf(!conformanceAvailable())('logs an optional case that differs instead of failing it, and fails a required one', () => {
    const c = new ConformanceCase(listCases('largest_component')[0]!);
    const wrong = new Uint8Array(c.output('out').data.length);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => expectConformant(c, 'out', wrong)).toThrow(new RegExp(`${c.name} output out`));
      const optional = Object.create(c) as ConformanceCase;
      Object.defineProperty(optional, 'spec', { value: { ...c.spec, compare: { ...c.spec.compare, optional: true } } });
      expect(expectConformant(optional, 'out', wrong).ok).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('optional case differs'));
    } finally {
      warn.mockRestore();
    }
  });
});
