// Test-side NIfTI-1 header writer and parser, written from the NIfTI-1 standard (nifti1.h)
// independently of electron/core/io, so the readers and writers are checked against it.
import { gunzipSync } from 'node:zlib';

export interface RawNifti1 {
  littleEndian: boolean;
  dim: number[];
  datatype: number;
  bitpix: number;
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  /** srow_x, srow_y, srow_z: the sform affine rows (RAS mm). */
  srow: number[][];
  quatern: number[];
  qoffset: number[];
  magic: string;
}

/** Parses the 348-byte NIfTI-1 header of a .nii or .nii.gz file's bytes. */
export function parseNifti1(fileBytes: Buffer): RawNifti1 {
  const b = fileBytes[0] === 0x1f && fileBytes[1] === 0x8b ? gunzipSync(fileBytes) : fileBytes;
  const littleEndian = b.readInt32LE(0) === 348;
  if (!littleEndian && b.readInt32BE(0) !== 348) throw new Error('not NIfTI-1');
  const i16 = (o: number) => (littleEndian ? b.readInt16LE(o) : b.readInt16BE(o));
  const f32 = (o: number) => (littleEndian ? b.readFloatLE(o) : b.readFloatBE(o));
  return {
    littleEndian,
    dim: Array.from({ length: 8 }, (_, k) => i16(40 + 2 * k)),
    datatype: i16(70),
    bitpix: i16(72),
    pixdim: Array.from({ length: 8 }, (_, k) => f32(76 + 4 * k)),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: [f32(256), f32(260), f32(264)],
    qoffset: [f32(268), f32(272), f32(276)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c))),
    magic: b.toString('latin1', 344, 348),
  };
}

/**
 * LPS geometry from a NIfTI-1 sform, the way the standard defines it: RAS world =
 * srow · [i, j, k, 1]; LPS negates x and y. Spacing is each column's length, direction the
 * column divided by it (row-major, column j = axis j).
 */
export function lpsFromSform(h: RawNifti1): { origin: number[]; spacing: number[]; direction: number[] } {
  const flip = [-1, -1, 1];
  const col = (j: number) => [0, 1, 2].map((r) => flip[r]! * h.srow[r]![j]!);
  const spacing = [0, 1, 2].map((j) => Math.hypot(...col(j)));
  const direction: number[] = new Array(9).fill(0);
  for (let j = 0; j < 3; j++) for (let r = 0; r < 3; r++) direction[r * 3 + j] = col(j)[r]! / spacing[j]!;
  return { origin: col(3), spacing, direction };
}

export interface NiftiSpec {
  dims: [number, number, number];
  datatype: number;
  bitpix: number;
  data: Buffer;
  pixdim?: [number, number, number];
  sclSlope?: number;
  sclInter?: number;
  srow?: number[][];
  sformCode?: number;
  bigEndian?: boolean;
  dim0?: number;
  dim4?: number;
}

/** A NIfTI-1 .nii file (header + 4 extension bytes + data), data already in the file's byte order. */
export function buildNifti1(s: NiftiSpec): Buffer {
  const h = Buffer.alloc(352);
  const le = !s.bigEndian;
  const w16 = (v: number, o: number) => (le ? h.writeInt16LE(v, o) : h.writeInt16BE(v, o));
  const wf = (v: number, o: number) => (le ? h.writeFloatLE(v, o) : h.writeFloatBE(v, o));
  if (le) h.writeInt32LE(348, 0);
  else h.writeInt32BE(348, 0);
  const dim = [s.dim0 ?? 3, ...s.dims, s.dim4 ?? 1, 1, 1, 1];
  dim.forEach((v, k) => w16(v, 40 + 2 * k));
  w16(s.datatype, 70);
  w16(s.bitpix, 72);
  const pd = s.pixdim ?? [1, 1, 1];
  [1, ...pd, 1, 1, 1, 1].forEach((v, k) => wf(v, 76 + 4 * k));
  wf(352, 108);
  wf(s.sclSlope ?? 1, 112);
  wf(s.sclInter ?? 0, 116);
  w16(0, 252);
  w16(s.sformCode ?? 2, 254);
  const srow = s.srow ?? [
    [pd[0], 0, 0, 0],
    [0, pd[1], 0, 0],
    [0, 0, pd[2], 0],
  ];
  srow.forEach((row, r) => row.forEach((v, c) => wf(v, 280 + 16 * r + 4 * c)));
  h.write('n+1\0', 344, 'latin1');
  return Buffer.concat([h, s.data]);
}
