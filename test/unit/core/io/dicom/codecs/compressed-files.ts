import { parseDicom } from '../../../../../../electron/core/io/dicom/parse';
import { ctSlice, encapsulatedPixels, type SliceSpec } from '../build-dicom';

/** Test-side encoders and file surgery for compressed DICOM (RLE written here, others real files). */

export const RLE = '1.2.840.10008.1.2.5';

/** PackBits (PS3.5 G.3.1): repeat runs of 2–128 equal bytes, literal runs of up to 128. */
export function packBits(src: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let run = 1;
    while (i + run < src.length && run < 128 && src[i + run] === src[i]) run++;
    if (run >= 2) {
      out.push(257 - run, src[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (i < src.length && i - start < 128 && !(i + 1 < src.length && src[i + 1] === src[i])) i++;
    if (i === start) i++; // a lone byte before a run
    out.push(i - start - 1, ...src.subarray(start, i));
  }
  if (out.length % 2) out.push(0x80); // pad to even with the no-op code
  return Buffer.from(out);
}

/** An RLE Lossless frame: header + one PackBits segment per byte plane, most significant first. */
export function rleFrame(values: ArrayLike<number>, bytesPerSample: 1 | 2): Buffer {
  const planes: Buffer[] = [];
  for (let s = 0; s < bytesPerSample; s++) {
    const shift = 8 * (bytesPerSample - 1 - s);
    const plane = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) plane[i] = (values[i]! >> shift) & 0xff;
    planes.push(packBits(plane));
  }
  const header = Buffer.alloc(64);
  header.writeUInt32LE(planes.length, 0);
  let offset = 64;
  planes.forEach((p, s) => {
    header.writeUInt32LE(offset, 4 + 4 * s);
    offset += p.length;
  });
  return Buffer.concat([header, ...planes]);
}

/** `file` with its pixel data element (native or encapsulated, the last element) replaced by `fragments`. */
export function withFragments(file: Buffer, fragments: Buffer[]): Buffer {
  const f = parseDicom(file, { file: 'surgery.dcm', headerOnly: true });
  if (!f.pixelData) throw new Error('no pixel data');
  // Explicit VR OB/OW element header: tag 4 + VR 2 + reserved 2 + length 4.
  return Buffer.concat([file.subarray(0, f.pixelData.offset - 12), encapsulatedPixels(fragments)]);
}

/** The fragments of an encapsulated file, copied out. */
export function fragmentsOf(file: Buffer): Buffer[] {
  const f = parseDicom(file, { file: 'fragments.dcm' });
  return (f.pixelData?.fragments ?? []).map((fr) => Buffer.from(f.buffer.subarray(fr.offset, fr.offset + fr.length)));
}

/** A drawn CT slice stored as RLE Lossless (16-bit unless `bitsAllocated` is 8). */
export function rleSlice(spec: SliceSpec & { pixels: number[] }): Buffer {
  const ba = spec.bitsAllocated ?? 16;
  return withFragments(ctSlice({ ...spec, ts: RLE }), [rleFrame(spec.pixels, ba === 8 ? 1 : 2)]);
}
