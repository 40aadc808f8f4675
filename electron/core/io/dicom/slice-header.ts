import type { Vec3 } from '../../../common/geometry';
import { LungDeskError } from '../../../common/errors';
import { MAX_ABS_ORIGIN_MM, MAX_SPACING_MM, MIN_SPACING_MM, rescaleInterceptProblem, rescaleSlopeProblem } from '../limits';
import { getNumber, getNumbers, getString, getStrings } from './dataset';
import type { DicomFile } from './parse';
import { Tags, formatTag } from './tags';

/**
 * The typed header of one DICOM image: what series discovery, sorting, geometry and pixel
 * decoding need. Built from a parsed file by `sliceHeaderOf`, which validates every number
 * (missing geometry, NaN, non-finite, zero or negative spacing → io.bad-header).
 */
export interface SliceHeader {
  file: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  patientId: string;
  modality: string;
  seriesDescription: string;
  imageType: string[];
  /** World (LPS mm) position of the centre of the first transmitted pixel. */
  imagePositionPatient: Vec3;
  /** Row direction (IOP[0..2], along increasing column index) then column direction (IOP[3..5]), normalised. */
  imageOrientationPatient: [number, number, number, number, number, number];
  /** [row spacing (between rows, mm), column spacing (between columns, mm)], as DICOM orders it. */
  pixelSpacing: [number, number];
  sliceThickness: number | undefined;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** In the stored-value domain, signed per PixelRepresentation (LIDC's US 63536 reads as -2000). */
  pixelPaddingValue: number | undefined;
  smallestImagePixelValue: number | undefined;
  largestImagePixelValue: number | undefined;
  instanceNumber: number | undefined;
  transferSyntaxUid: string;
  transferSyntaxName: string;
  encapsulated: boolean;
  numberOfFrames: number;
  /** Location of pixel data in the file as parsed (for deflated files: in the inflated dataset). */
  pixelDataOffset: number | undefined;
  pixelDataLength: number | undefined;
  /** Human-readable notes about tolerated oddities (e.g. missing orientation). */
  notes: string[];
}

function bad(f: DicomFile, message: string, t?: number): LungDeskError {
  const where = t === undefined ? '' : ` ${formatTag(t)}`;
  return new LungDeskError('io.bad-header', `${f.file}:${where} ${message}`, { file: f.file });
}

function requiredInt(f: DicomFile, t: number, name: string, min: number, max: number): number {
  const v = getNumber(f, t);
  if (v === undefined) throw bad(f, `${name} is missing`, t);
  if (!Number.isInteger(v) || v < min || v > max) throw bad(f, `${name} is ${v}, expected an integer in ${min}..${max}`, t);
  return v;
}

function optionalInt(f: DicomFile, t: number, name: string, dflt: number, min: number, max: number): number {
  const v = getNumber(f, t);
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min || v > max) throw bad(f, `${name} is ${v}, expected an integer in ${min}..${max}`, t);
  return v;
}

function vec(f: DicomFile, t: number, name: string, n: number): number[] | undefined {
  const v = getNumbers(f, t);
  if (v === undefined) return undefined;
  if (v.length < n) throw bad(f, `${name} has ${v.length} values, expected ${n}`, t);
  return v.slice(0, n);
}

/** Builds and validates the header of one image. Throws io.bad-header on nonsense. */
export function sliceHeaderOf(f: DicomFile): SliceHeader {
  const notes: string[] = [];
  const str = (t: number): string => getString(f, t) ?? '';

  const rows = requiredInt(f, Tags.Rows, 'Rows', 1, 65535);
  const columns = requiredInt(f, Tags.Columns, 'Columns', 1, 65535);
  const bitsAllocated = requiredInt(f, Tags.BitsAllocated, 'BitsAllocated', 1, 64);
  const bitsStored = optionalInt(f, Tags.BitsStored, 'BitsStored', bitsAllocated, 1, bitsAllocated);
  const highBit = optionalInt(f, Tags.HighBit, 'HighBit', bitsStored - 1, bitsStored - 1, bitsAllocated - 1);
  const pixelRepresentation = optionalInt(f, Tags.PixelRepresentation, 'PixelRepresentation', 0, 0, 1);
  const samplesPerPixel = optionalInt(f, Tags.SamplesPerPixel, 'SamplesPerPixel', 1, 1, 4);
  const numberOfFrames = optionalInt(f, Tags.NumberOfFrames, 'NumberOfFrames', 1, 1, 1 << 20);

  const ipp = vec(f, Tags.ImagePositionPatient, 'ImagePositionPatient', 3);
  if (!ipp) throw bad(f, 'ImagePositionPatient is missing: the slice cannot be placed in a volume', Tags.ImagePositionPatient);
  if (ipp.some((v) => !Number.isFinite(v) || Math.abs(v) > MAX_ABS_ORIGIN_MM)) {
    throw bad(f, `ImagePositionPatient [${ipp.join(', ')}] is not a position (finite, within ±${MAX_ABS_ORIGIN_MM} mm)`, Tags.ImagePositionPatient);
  }
  let iop = vec(f, Tags.ImageOrientationPatient, 'ImageOrientationPatient', 6);
  if (!iop) {
    notes.push('ImageOrientationPatient missing, axial [1,0,0,0,1,0] assumed');
    iop = [1, 0, 0, 0, 1, 0];
  }
  const rowDir = iop.slice(0, 3);
  const colDir = iop.slice(3, 6);
  const rn = Math.hypot(rowDir[0]!, rowDir[1]!, rowDir[2]!);
  const cn = Math.hypot(colDir[0]!, colDir[1]!, colDir[2]!);
  if (rn < 1e-3 || cn < 1e-3) throw bad(f, `ImageOrientationPatient [${iop.join(', ')}] has a zero direction`, Tags.ImageOrientationPatient);
  const dot = (rowDir[0]! * colDir[0]! + rowDir[1]! * colDir[1]! + rowDir[2]! * colDir[2]!) / (rn * cn);
  if (Math.abs(dot) > 1e-2) throw bad(f, `ImageOrientationPatient [${iop.join(', ')}] is not orthogonal (cos = ${dot.toFixed(4)})`, Tags.ImageOrientationPatient);
  const normIop = [...rowDir.map((v) => v / rn), ...colDir.map((v) => v / cn)] as [number, number, number, number, number, number];

  let ps = vec(f, Tags.PixelSpacing, 'PixelSpacing', 2);
  if (!ps) {
    ps = vec(f, Tags.ImagerPixelSpacing, 'ImagerPixelSpacing', 2);
    if (ps) notes.push('PixelSpacing missing, ImagerPixelSpacing used');
  }
  if (!ps) throw bad(f, 'PixelSpacing is missing', Tags.PixelSpacing);
  if (ps.some((v) => !(v >= MIN_SPACING_MM && v <= MAX_SPACING_MM))) {
    throw bad(f, `PixelSpacing [${ps.join(', ')}] is not a pixel spacing (each must be ${MIN_SPACING_MM}…${MAX_SPACING_MM} mm)`, Tags.PixelSpacing);
  }

  const sliceThickness = getNumber(f, Tags.SliceThickness);
  const rescaleSlope = getNumber(f, Tags.RescaleSlope) ?? 1;
  const rescaleIntercept = getNumber(f, Tags.RescaleIntercept) ?? 0;
  const slopeProblem = rescaleSlopeProblem(rescaleSlope);
  if (slopeProblem) throw bad(f, `RescaleSlope ${slopeProblem}`, Tags.RescaleSlope);
  const interceptProblem = rescaleInterceptProblem(rescaleIntercept);
  if (interceptProblem) throw bad(f, `RescaleIntercept ${interceptProblem}`, Tags.RescaleIntercept);

  const signed16 = pixelRepresentation === 1;
  const pixelPaddingValue = getNumber(f, Tags.PixelPaddingValue, { signed16 });
  const smallest = getNumber(f, Tags.SmallestImagePixelValue, { signed16 });
  const largest = getNumber(f, Tags.LargestImagePixelValue, { signed16 });

  return {
    file: f.file,
    sopInstanceUid: str(Tags.SOPInstanceUID),
    seriesInstanceUid: str(Tags.SeriesInstanceUID),
    studyInstanceUid: str(Tags.StudyInstanceUID),
    patientId: str(Tags.PatientID),
    modality: str(Tags.Modality),
    seriesDescription: str(Tags.SeriesDescription),
    imageType: (getStrings(f, Tags.ImageType) ?? []).map((s) => s.toUpperCase()),
    imagePositionPatient: [ipp[0]!, ipp[1]!, ipp[2]!],
    imageOrientationPatient: normIop,
    pixelSpacing: [ps[0]!, ps[1]!],
    sliceThickness,
    rows,
    columns,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    samplesPerPixel,
    photometricInterpretation: str(Tags.PhotometricInterpretation) || 'MONOCHROME2',
    rescaleSlope,
    rescaleIntercept,
    pixelPaddingValue,
    smallestImagePixelValue: smallest,
    largestImagePixelValue: largest,
    instanceNumber: getNumber(f, Tags.InstanceNumber),
    transferSyntaxUid: f.transferSyntax.uid,
    transferSyntaxName: f.transferSyntax.name,
    encapsulated: f.transferSyntax.encapsulated,
    numberOfFrames,
    pixelDataOffset: f.pixelData?.offset,
    pixelDataLength: f.pixelData?.length,
    notes,
  };
}

/** Bytes of native pixel data one frame needs. */
export function frameBytes(h: SliceHeader): number {
  return Math.ceil((h.rows * h.columns * h.samplesPerPixel * h.bitsAllocated) / 8);
}

/**
 * Native pixel data that disagrees with NumberOfFrames: fewer bytes than the frames announce,
 * or (NumberOfFrames 1 or absent) room for two or more whole frames. A message naming the
 * field, or undefined when they agree (a trailing pad byte is fine).
 */
export function framesMismatch(h: SliceHeader): string | undefined {
  if (h.encapsulated || h.pixelDataLength === undefined) return undefined;
  const one = frameBytes(h);
  const held = Math.floor(h.pixelDataLength / one);
  if (h.numberOfFrames > 1 && held < h.numberOfFrames) {
    return `${h.file}: NumberOfFrames (0028,0008) is ${h.numberOfFrames} but the pixel data holds ${h.pixelDataLength} bytes, ${held} frame(s) of ${h.rows}×${h.columns}×${h.bitsAllocated} bits`;
  }
  if (h.numberOfFrames <= 1 && held >= 2) {
    return `${h.file}: NumberOfFrames (0028,0008) is ${h.numberOfFrames} but the pixel data holds ${held} frames of ${h.rows}×${h.columns}×${h.bitsAllocated} bits (${h.pixelDataLength} bytes)`;
  }
  return undefined;
}

/** Bytes of native pixel data one frame set needs. */
export function expectedPixelBytes(h: SliceHeader): number {
  return Math.ceil((h.rows * h.columns * h.samplesPerPixel * h.numberOfFrames * h.bitsAllocated) / 8);
}
