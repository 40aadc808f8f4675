import { writeFileSync } from 'node:fs';
import { runPythonJson } from '../../../phantom/python-oracle';

/**
 * Reads a DICOM SEG back with pydicom and numpy alone and compares it with the labelmap it
 * was written from: frames are matched to source slices through the SOP Instance UID each
 * frame references (the source files are read with pydicom too), Pixel Data is unpacked with
 * numpy (one bit per pixel, least significant bit first, frames back to back) and checked
 * against pydicom's own `pixel_array`.
 */
const READ_SEG = String.raw`
import sys, json
import numpy as np
import pydicom
seg_path, lm_path, args_path = sys.argv[1:4]
a = json.load(open(args_path))
nx, ny, nz = a['dims']
lm = np.fromfile(lm_path, np.uint8).reshape(nz, ny, nx)
src = {}
for slot, p in a['files']:
    s = pydicom.dcmread(p, stop_before_pixels=True)
    src[s.SOPInstanceUID] = (slot, [float(v) for v in s.ImagePositionPatient], s.SOPClassUID)
ds = pydicom.dcmread(seg_path)
n, rows, cols = int(ds.NumberOfFrames), int(ds.Rows), int(ds.Columns)
raw = np.frombuffer(ds.PixelData, np.uint8)
bits = np.unpackbits(raw, bitorder='little')[: n * rows * cols].reshape(n, rows, cols)
pa = ds.pixel_array.reshape(n, rows, cols)
problems = []
if not np.array_equal(pa, bits):
    problems.append('pydicom pixel_array differs from the unpacked bits')
segs = {int(s.SegmentNumber): s for s in ds.SegmentSequence}
value_of = a['values']
seen = set()
for i, fg in enumerate(ds.PerFrameFunctionalGroupsSequence):
    num = int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
    ref = fg.DerivationImageSequence[0].SourceImageSequence[0]
    if ref.ReferencedSOPInstanceUID not in src:
        problems.append('frame %d references an unknown instance %s' % (i, ref.ReferencedSOPInstanceUID)); continue
    slot, ipp, cls = src[ref.ReferencedSOPInstanceUID]
    if ref.ReferencedSOPClassUID != cls:
        problems.append('frame %d: SOP class %s, source %s' % (i, ref.ReferencedSOPClassUID, cls))
    fipp = [float(v) for v in fg.PlanePositionSequence[0].ImagePositionPatient]
    if max(abs(x - y) for x, y in zip(fipp, ipp)) > 1e-6:
        problems.append('frame %d: position %s, source slice %s' % (i, fipp, ipp))
    value = value_of[str(segs[num].SegmentLabel)]
    expected = lm[slot] == value
    if not np.array_equal(bits[i].astype(bool), expected):
        problems.append('frame %d (segment %d, slot %d): %d pixels differ' % (i, num, slot, int((bits[i].astype(bool) != expected).sum())))
    if (num, slot) in seen:
        problems.append('segment %d has two frames on slot %d' % (num, slot))
    seen.add((num, slot))
for num, s in segs.items():
    v = value_of[str(s.SegmentLabel)]
    for slot, p in a['files']:
        if (lm[slot] == v).any() and (num, slot) not in seen:
            problems.append('segment %d has voxels on slot %d but no frame' % (num, slot))
refs = [r.ReferencedSOPInstanceUID for r in ds.ReferencedSeriesSequence[0].ReferencedInstanceSequence]
shared = ds.SharedFunctionalGroupsSequence[0]
print(json.dumps({
    'problems': problems,
    'frames': n,
    'sopClass': ds.SOPClassUID,
    'modality': ds.Modality,
    'segmentationType': ds.SegmentationType,
    'studyUid': ds.StudyInstanceUID,
    'frameOfReferenceUid': ds.FrameOfReferenceUID,
    'patientId': str(ds.PatientID),
    'contentDate': ds.ContentDate,
    'contentTime': ds.ContentTime,
    'referencedSeries': ds.ReferencedSeriesSequence[0].SeriesInstanceUID,
    'referencedInstances': sorted(refs) == sorted(src.keys()) and len(refs) == len(src),
    'orientation': [float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient],
    'pixelSpacing': [float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing],
    'segments': [{
        'number': int(s.SegmentNumber),
        'label': str(s.SegmentLabel),
        'algorithm': s.SegmentAlgorithmType,
        'category': s.SegmentedPropertyCategoryCodeSequence[0].CodeValue,
        'type': s.SegmentedPropertyTypeCodeSequence[0].CodeValue,
        'scheme': s.SegmentedPropertyTypeCodeSequence[0].CodingSchemeDesignator,
        'lab': [int(v) for v in s.RecommendedDisplayCIELabValue],
    } for s in ds.SegmentSequence],
}))
`;

export interface SegReadBack {
  problems: string[];
  frames: number;
  sopClass: string;
  modality: string;
  segmentationType: string;
  studyUid: string;
  frameOfReferenceUid: string;
  patientId: string;
  contentDate: string;
  contentTime: string;
  referencedSeries: string;
  referencedInstances: boolean;
  orientation: number[];
  pixelSpacing: number[];
  segments: { number: number; label: string; algorithm: string; category: string; type: string; scheme: string; lab: number[] }[];
}

/** `files`: [slot, path] of every source image; `values`: SegmentLabel → labelmap value. */
export function readSegBack(
  segFile: string,
  labelmap: Uint8Array,
  dims: readonly [number, number, number],
  files: readonly (readonly [number, string])[],
  values: Record<string, number>,
  scratch: string,
): SegReadBack {
  const lmPath = `${scratch}.labelmap.u8`;
  const argsPath = `${scratch}.args.json`;
  writeFileSync(lmPath, labelmap);
  writeFileSync(argsPath, JSON.stringify({ dims, files, values }));
  return runPythonJson<SegReadBack>(READ_SEG, [segFile, lmPath, argsPath]);
}
