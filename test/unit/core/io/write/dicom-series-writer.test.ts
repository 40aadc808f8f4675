import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directContext } from '../../../../../electron/common/jobs';
import {
  CT_IMAGE_STORAGE,
  EXPLICIT_VR_LE,
  IMPLICIT_VR_LE,
  formatDS,
  writeDicomSeries,
} from '../../../../../electron/core/io/write/dicom-series-writer';
import { isValidUid, uidFromKey } from '../../../../../electron/core/io/write/uid';
import { generateChestPhantom } from '../../../../../electron/core/phantom';
import type { Volume } from '../../../../../electron/core/volume/volume';
import { pythonMissing, runPythonJson } from '../../../../phantom/python-oracle';

const root = mkdtempSync(path.join(tmpdir(), 'ld-dicom-writer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ph = generateChestPhantom({ dims: [64, 48, 12], spacing: [5, 6, 10], seed: 5, noiseHu: 15 });
const outside = ph.fovMask.map((v) => (v ? 0 : 1));
const STUDY = uidFromKey('test/study');
const SERIES = uidFromKey('test/series');
const PAD_MARK = -32768;

/**
 * Reads a series with pydicom: validation errors and warnings raise; every element's VR must
 * be the dictionary's; the File Meta group length must be exact. Sorts slices by
 * ImagePositionPatient along the normal and writes HU (pixel_array * slope + intercept, with
 * PixelPaddingValue voxels as -32768) to out.raw. Prints tags of the first slice as JSON.
 */
const READ_SERIES = String.raw`
import sys, os, json, struct, warnings
import numpy as np
import pydicom
from pydicom.datadict import dictionary_VR
warnings.simplefilter('error')
pydicom.config.settings.reading_validation_mode = pydicom.config.RAISE
folder, out = sys.argv[1], sys.argv[2]
slices = []
for name in sorted(os.listdir(folder)):
    p = os.path.join(folder, name)
    with open(p, 'rb') as f:
        raw = f.read()
    assert raw[128:132] == b'DICM', 'no DICM magic'
    glen = struct.unpack('<I', raw[140:144])[0]
    after = raw[144 + glen:144 + glen + 2]
    assert struct.unpack('<H', after)[0] != 2, 'group length too short'
    assert struct.unpack('<H', raw[144 + glen - 0:144 + glen + 2])[0] == 8, 'group length does not end the meta group'
    ds = pydicom.dcmread(p)
    for el in ds.iterall():
        dv = dictionary_VR(el.tag)
        assert el.VR == dv or (dv == 'US or SS' and el.VR in ('US', 'SS')) or (dv == 'OB or OW' and el.VR in ('OB', 'OW')), (el.tag, el.VR, dv)
    for el in ds.file_meta:
        assert el.VR == dictionary_VR(el.tag), (el.tag, el.VR)
    str(ds)
    slices.append((name, ds))
iop = np.array(slices[0][1].ImageOrientationPatient, float)
normal = np.cross(iop[:3], iop[3:])
slices.sort(key=lambda s: float(np.dot(normal, np.array(s[1].ImagePositionPatient, float))))
hu = []
for name, ds in slices:
    a = ds.pixel_array.astype(np.int32)
    v = a * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    if 'PixelPaddingValue' in ds:
        v[a == int(ds.PixelPaddingValue)] = -32768
    hu.append(np.rint(v).astype('<i2'))
np.stack(hu).tofile(out)
d = slices[0][1]
m = d.file_meta
print(json.dumps({
  'n': len(slices),
  'names': [s[0] for s in slices],
  'sop': [str(s[1].SOPInstanceUID) for s in slices],
  'instance': [int(s[1].InstanceNumber) for s in slices],
  'ipp': [[float(x) for x in s[1].ImagePositionPatient] for s in slices],
  'sliceLocation': [float(s[1].SliceLocation) for s in slices],
  'implicit': d.is_implicit_VR if hasattr(d, 'is_implicit_VR') else None,
  'meta': {'ts': str(m.TransferSyntaxUID), 'sopClass': str(m.MediaStorageSOPClassUID), 'sopInstance': str(m.MediaStorageSOPInstanceUID), 'version': list(m.FileMetaInformationVersion), 'impl': str(m.ImplementationClassUID)},
  'tags': {
    'SOPClassUID': str(d.SOPClassUID), 'Modality': d.Modality, 'Manufacturer': d.Manufacturer,
    'PatientID': d.PatientID, 'PatientName': str(d.PatientName), 'StudyDate': d.StudyDate,
    'StudyInstanceUID': str(d.StudyInstanceUID), 'SeriesInstanceUID': str(d.SeriesInstanceUID),
    'FrameOfReferenceUID': str(d.FrameOfReferenceUID), 'SliceThickness': float(d.SliceThickness),
    'IOP': [float(x) for x in d.ImageOrientationPatient], 'PixelSpacing': [float(x) for x in d.PixelSpacing],
    'Rows': d.Rows, 'Columns': d.Columns, 'SamplesPerPixel': d.SamplesPerPixel,
    'Photometric': d.PhotometricInterpretation, 'BitsAllocated': d.BitsAllocated, 'BitsStored': d.BitsStored,
    'HighBit': d.HighBit, 'PixelRepresentation': d.PixelRepresentation,
    'PixelPaddingValue': int(d.PixelPaddingValue) if 'PixelPaddingValue' in d else None,
    'RescaleIntercept': float(d.RescaleIntercept), 'RescaleSlope': float(d.RescaleSlope), 'RescaleType': d.RescaleType,
    'WindowCenter': float(d.WindowCenter), 'WindowWidth': float(d.WindowWidth),
  },
}))
`;

interface SeriesInfo {
  n: number;
  names: string[];
  sop: string[];
  instance: number[];
  ipp: number[][];
  sliceLocation: number[];
  meta: { ts: string; sopClass: string; sopInstance: string; version: number[]; impl: string };
  tags: Record<string, unknown>;
}

function readWithPydicom(dir: string): { info: SeriesInfo; hu: Int16Array } {
  const out = path.join(dir, '..', `${path.basename(dir)}-hu.raw`);
  const info = runPythonJson<SeriesInfo>(READ_SERIES, [dir, out]);
  const b = readFileSync(out);
  return { info, hu: new Int16Array(b.buffer, b.byteOffset, b.length / 2) };
}

/** The HU a reader should get back: padding marked, other voxels clamped to the stored range. */
function expectedHu(v: Volume, mask: Uint8Array | undefined, lo: number, hi: number): Int16Array {
  const plane = v.dims[0] * v.dims[1];
  const out = new Int16Array(v.voxels.length);
  for (let p = 0; p < out.length; p++) {
    if (mask && mask[p % plane]) out[p] = PAD_MARK;
    else out[p] = Math.min(hi, Math.max(lo, v.voxels[p]!));
  }
  return out;
}

function firstDiff(a: Int16Array, b: Int16Array): string {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let p = 0; p < a.length; p++) if (a[p] !== b[p]) return `voxel ${p}: ${a[p]} vs ${b[p]}`;
  return 'none';
}

const skip = pythonMissing();

describe.skipIf(skip !== null)(`writeDicomSeries read back by pydicom${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('signed explicit-VR series: tags, geometry and HU round-trip with -2000 padding outside the FOV', async () => {
    const dir = path.join(root, 'signed');
    const files = await writeDicomSeries(ph.volume, dir, {
      patientId: 'P1', studyInstanceUid: STUDY, seriesInstanceUid: SERIES, pixelRepresentation: 1,
      paddingMask: outside, studyDate: '20260101',
    });
    expect(files.length).toBe(12);
    const { info, hu } = readWithPydicom(dir);
    expect(info.n).toBe(12);
    expect(info.meta).toMatchObject({ ts: EXPLICIT_VR_LE, sopClass: CT_IMAGE_STORAGE, version: [0, 1] });
    expect(info.meta.sopInstance).toBe(info.sop[0]);
    expect(isValidUid(info.meta.impl)).toBe(true);
    expect(info.tags).toMatchObject({
      SOPClassUID: CT_IMAGE_STORAGE, Modality: 'CT', Manufacturer: 'LungDesk phantom', PatientID: 'P1',
      StudyDate: '20260101', StudyInstanceUID: STUDY, SeriesInstanceUID: SERIES, SliceThickness: 10,
      IOP: [1, 0, 0, 0, 1, 0], PixelSpacing: [6, 5], Rows: 48, Columns: 64, SamplesPerPixel: 1,
      Photometric: 'MONOCHROME2', BitsAllocated: 16, BitsStored: 16, HighBit: 15, PixelRepresentation: 1,
      PixelPaddingValue: -2000, RescaleIntercept: -1024, RescaleSlope: 1, RescaleType: 'HU',
    });
    expect(new Set(info.sop).size).toBe(12);
    for (const s of info.sop) expect(s.startsWith(SERIES + '.')).toBe(true);
    expect(info.instance).toEqual(Array.from({ length: 12 }, (_, k) => k + 1));
    for (let k = 0; k < 12; k++) {
      expect(info.ipp[k]![0]).toBeCloseTo(ph.volume.origin[0], 4);
      expect(info.ipp[k]![1]).toBeCloseTo(ph.volume.origin[1], 4);
      expect(info.ipp[k]![2]).toBeCloseTo(ph.volume.origin[2] + 10 * k, 4);
      expect(info.sliceLocation[k]).toBeCloseTo(info.ipp[k]![2]!, 4);
    }
    expect(firstDiff(hu, expectedHu(ph.volume, outside, -32768, 32767))).toBe('none');
    // stored padding really is -2000 in the file
    const raw = readFileSync(files[0]!);
    expect(raw.readInt16LE(raw.length - 64 * 48 * 2)).toBe(-2000); // voxel (0,0) is outside the circle
  });

  it('unsigned 12-bit series with shuffled names: readers sorting by position get HU clamped to -1023..3071, padding stored as 0', async () => {
    const dir = path.join(root, 'unsigned');
    // a volume with out-of-range values to see the clamp
    const v: Volume = { ...ph.volume, voxels: ph.volume.voxels.slice() };
    v.voxels[32 + 64 * 24] = 5000;
    v.voxels[33 + 64 * 24] = -1024;
    const files = await writeDicomSeries(v, dir, {
      patientId: 'P2', studyInstanceUid: STUDY, seriesInstanceUid: uidFromKey('test/unsigned'), pixelRepresentation: 0,
      paddingMask: outside, shuffleFileNames: true, seed: 9,
    });
    const names = files.map((f) => path.basename(f));
    expect(names).not.toEqual([...names].sort()); // slice order differs from name order
    expect(new Set(names).size).toBe(12);
    const { info, hu } = readWithPydicom(dir);
    expect(info.names).toEqual(names); // pydicom, sorting by position, finds our slice order
    expect(info.tags).toMatchObject({ BitsStored: 12, HighBit: 11, PixelRepresentation: 0, PixelPaddingValue: 0 });
    expect(firstDiff(hu, expectedHu(v, outside, -1023, 3071))).toBe('none');
    expect(hu[32 + 64 * 24]).toBe(3071);
    expect(hu[33 + 64 * 24]).toBe(-1023); // moved off the padding value
  });

  it('implicit-VR little endian series reads back identically', async () => {
    const dir = path.join(root, 'implicit');
    await writeDicomSeries(ph.volume, dir, {
      patientId: 'P3', studyInstanceUid: STUDY, seriesInstanceUid: uidFromKey('test/implicit'), pixelRepresentation: 1,
      paddingMask: outside, transferSyntax: 'implicit-le',
    });
    const { info, hu } = readWithPydicom(dir);
    expect(info.meta.ts).toBe(IMPLICIT_VR_LE);
    expect(info.tags).toMatchObject({ PixelPaddingValue: -2000, Rows: 48, Columns: 64 });
    expect(firstDiff(hu, expectedHu(ph.volume, outside, -32768, 32767))).toBe('none');
  });

  it('derives ImagePositionPatient and ImageOrientationPatient from a non-identity direction', async () => {
    const dir = path.join(root, 'oblique');
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    // rotation about z, then the slice axis pointing inferior (feet first)
    const direction = [c, -s, 0, s, c, 0, 0, 0, -1];
    const v: Volume = { ...ph.volume, direction, origin: [10, -20, 300] };
    await writeDicomSeries(v, dir, {
      patientId: 'P4', studyInstanceUid: STUDY, seriesInstanceUid: uidFromKey('test/oblique'), pixelRepresentation: 1,
      rescaleIntercept: 0, rescaleSlope: 2,
    });
    const { info, hu } = readWithPydicom(dir);
    const iop = info.tags.IOP as number[];
    [c, s, 0, -s, c, 0].forEach((x, n) => expect(iop[n]).toBeCloseTo(x, 6));
    // pydicom sorted by position along the normal (0,0,1): last written slice comes first
    for (let k = 0; k < 12; k++) {
      const ipp = info.ipp[11 - k]!;
      expect(ipp[0]).toBeCloseTo(10, 4);
      expect(ipp[1]).toBeCloseTo(-20, 4);
      expect(ipp[2]).toBeCloseTo(300 - 10 * k, 4);
    }
    expect(info.tags.PixelPaddingValue).toBeNull(); // no mask, no padding value
    // slope 2: stored = round(HU / 2), back = 2 * stored, so within 1 HU
    const plane = 64 * 48;
    const k = 5;
    for (let p = 0; p < plane; p += 37) {
      const back = hu[(11 - k) * plane + p]!;
      expect(Math.abs(back - ph.volume.voxels[k * plane + p]!)).toBeLessThanOrEqual(1);
    }
  });
});

describe('writeDicomSeries (no Python needed)', () => {
  it('writes real Part 10 files: 128-byte preamble, DICM, meta group first, pixel data last', async () => {
    const dir = path.join(root, 'bytes');
    const files = await writeDicomSeries(ph.volume, dir, { patientId: 'B', studyInstanceUid: STUDY, seriesInstanceUid: SERIES, pixelRepresentation: 1 });
    const b = readFileSync(files[3]!);
    expect(b.subarray(0, 128).every((x) => x === 0)).toBe(true);
    expect(b.toString('latin1', 128, 132)).toBe('DICM');
    expect([b.readUInt16LE(132), b.readUInt16LE(134), b.toString('latin1', 136, 138)]).toEqual([2, 0, 'UL']);
    const glen = b.readUInt32LE(140);
    expect(b.readUInt16LE(144 + glen)).toBe(8); // dataset starts right after the meta group
    const pixOff = b.length - 64 * 48 * 2;
    expect(b.readUInt16LE(pixOff - 12)).toBe(0x7fe0);
    expect(b.toString('latin1', pixOff - 8, pixOff - 6)).toBe('OW');
    expect(b.readUInt32LE(pixOff - 4)).toBe(64 * 48 * 2);
    expect(b.length % 2).toBe(0);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('formats DS values in at most 16 characters', () => {
    for (const n of [0, -0, 1, -1024, 0.7, -178.65000000000001, 1 / 3, -123456.789012345, 1e-9, 123456789012345678]) {
      const s = formatDS(n);
      expect(s.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(s) - n)).toBeLessThanOrEqual(Math.abs(n) * 1e-9 + 1e-12);
    }
  });

  it('rejects invalid UIDs, a wrong-size padding mask and a voxel count that disagrees with dims (contract.bad-input)', async () => {
    const base = { patientId: 'X', studyInstanceUid: STUDY, seriesInstanceUid: SERIES, pixelRepresentation: 1 as const };
    const dir = path.join(root, 'bad');
    await expect(writeDicomSeries(ph.volume, dir, { ...base, seriesInstanceUid: '1.02.3' })).rejects.toMatchObject({ code: 'contract.bad-input' });
    await expect(writeDicomSeries(ph.volume, dir, { ...base, studyInstanceUid: 'x'.repeat(10) })).rejects.toMatchObject({ code: 'contract.bad-input' });
    await expect(writeDicomSeries(ph.volume, dir, { ...base, paddingMask: new Uint8Array(5) })).rejects.toMatchObject({ code: 'contract.bad-input' });
    await expect(writeDicomSeries({ ...ph.volume, dims: [64, 48, 13] }, dir, base)).rejects.toMatchObject({ code: 'contract.bad-input' });
  });

  it('accepts a whole-volume padding mask and stops with job.cancelled when aborted', async () => {
    const dir = path.join(root, 'mask3d');
    const mask = new Uint8Array(ph.volume.voxels.length);
    mask[5] = 1;
    const files = await writeDicomSeries(ph.volume, dir, { patientId: 'M', studyInstanceUid: STUDY, seriesInstanceUid: SERIES, pixelRepresentation: 1, paddingMask: mask });
    const b = readFileSync(files[0]!);
    expect(b.readInt16LE(b.length - 64 * 48 * 2 + 10)).toBe(-2000);
    const ac = new AbortController();
    ac.abort();
    await expect(writeDicomSeries(ph.volume, path.join(root, 'cancel'), { patientId: 'C', studyInstanceUid: STUDY, seriesInstanceUid: SERIES, pixelRepresentation: 1 }, directContext({ signal: ac.signal })))
      .rejects.toMatchObject({ code: 'job.cancelled' });
  });
});
