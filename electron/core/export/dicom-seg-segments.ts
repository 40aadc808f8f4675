import type { ExportLabelValues } from '../../common/contract/export';
import type { ExportCase } from './case-model';

/**
 * The segments of a case's DICOM SEG and which frames each one has.
 *
 * One segment per label present in the case's labelmap (lung, nodule), numbered from 1 in
 * that order without gaps (PS3.3 C.8.20.2: segment numbers start at 1 and increase by 1). A
 * segment is exactly the labelmap's voxels of its value, so the lung segment leaves out the
 * nodules the labelmap puts on top of it, as the nnU-Net labels do.
 *
 * Frames are written only for source images where the segment has voxels (as highdicom and
 * dcmqi do by default): an empty frame says nothing a missing one does not, and a lung SEG of
 * a 500-slice scan stays small. Voxels on a missing slot (no source image to reference) are
 * left out and counted, so the exporter can say so.
 */

export interface CodedConcept {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

export interface SegSegment {
  /** SegmentNumber, 1-based. */
  number: number;
  /** The labelmap value this segment is. */
  value: number;
  kind: 'lung' | 'nodule';
  label: string;
  description: string;
  algorithmType: 'MANUAL' | 'SEMIAUTOMATIC';
  category: CodedConcept;
  type: CodedConcept;
  anatomicRegion?: CodedConcept;
  /** sRGB 0..255, the colours the viewer's overlays use. */
  rgb: [number, number, number];
}

/** One frame: a segment on one source image (index into the source images, in slot order). */
export interface SegFrame {
  segment: SegSegment;
  image: number;
}

const SCT = 'SCT';
const ANATOMICAL_STRUCTURE: CodedConcept = { CodeValue: '123037004', CodingSchemeDesignator: SCT, CodeMeaning: 'Anatomical Structure' };
const LUNG: CodedConcept = { CodeValue: '39607008', CodingSchemeDesignator: SCT, CodeMeaning: 'Lung' };
const ABNORMAL: CodedConcept = { CodeValue: '49755003', CodingSchemeDesignator: SCT, CodeMeaning: 'Morphologically Abnormal Structure' };
const NODULE: CodedConcept = { CodeValue: '27925004', CodingSchemeDesignator: SCT, CodeMeaning: 'Nodule' };

/** The overlay colours of renderer/features/mask-editor/model/label-colours.ts (lung blue, first nodule orange). */
const LUNG_RGB: [number, number, number] = [60, 140, 255];
const NODULE_RGB: [number, number, number] = [255, 150, 40];

/** LO values are at most 64 characters. */
function lo(s: string): string {
  return s.length <= 64 ? s : `${s.slice(0, 61)}...`;
}

/**
 * MANUAL when every source of the label was drawn or corrected by hand (an edited mask
 * version, a reader's outline), else SEMIAUTOMATIC: a LungDesk job result (or a sphere from
 * a measured diameter) that a reviewer accepted.
 */
function algorithmOf(sources: readonly (number | 'outline' | 'sphere')[], c: ExportCase): SegSegment['algorithmType'] {
  const manual = (s: number | 'outline' | 'sphere'): boolean => s === 'outline' || (typeof s === 'number' && c.plan.masks.some((m) => m.versionId === s && m.edited === true));
  return sources.length > 0 && sources.every(manual) ? 'MANUAL' : 'SEMIAUTOMATIC';
}

function describe(what: string, sources: readonly (number | 'outline' | 'sphere')[]): string {
  const ids = sources.filter((s): s is number => typeof s === 'number');
  const parts: string[] = [];
  if (ids.length) parts.push(`mask version${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`);
  if (sources.includes('outline')) parts.push('reader outline');
  if (sources.includes('sphere')) parts.push('sphere of the measured diameter');
  return lo(parts.length ? `${what} from LungDesk ${parts.join('; ')}` : `${what} from LungDesk`);
}

/**
 * The segments of `c` (labels with at least one voxel) and its frames in SEG order: by
 * segment, then by source image (slot) ascending. `images[k]` is the source image index of
 * slot k, or -1 for a missing slot.
 */
export function planSegments(
  c: ExportCase,
  labels: ExportLabelValues,
  images: Int32Array,
): { segments: SegSegment[]; frames: SegFrame[]; droppedVoxels: number } {
  const [nx, ny, nz] = c.volume.dims;
  const plane = nx * ny;
  const lm = c.labelmap;
  // present[k * 256 + v]: slot k holds value v.
  const present = new Uint8Array(nz * 256);
  for (let k = 0; k < nz; k++) {
    const base = k * plane;
    const row = k * 256;
    for (let p = 0; p < plane; p++) present[row + lm[base + p]!] = 1;
  }
  const candidates: Omit<SegSegment, 'number'>[] = [];
  if (labels.lung > 0) {
    candidates.push({
      value: labels.lung,
      kind: 'lung',
      label: 'Lung',
      description: describe('Lungs', c.labelSources.lung),
      algorithmType: algorithmOf(c.labelSources.lung, c),
      category: ANATOMICAL_STRUCTURE,
      type: LUNG,
      rgb: LUNG_RGB,
    });
  }
  candidates.push({
    value: labels.nodule,
    kind: 'nodule',
    label: 'Nodule',
    description: describe('Accepted nodules', c.labelSources.nodule),
    algorithmType: algorithmOf(c.labelSources.nodule, c),
    category: ABNORMAL,
    type: NODULE,
    anatomicRegion: LUNG,
    rgb: NODULE_RGB,
  });

  const segments: SegSegment[] = [];
  const frames: SegFrame[] = [];
  let droppedVoxels = 0;
  for (const cand of candidates) {
    const onImages: number[] = [];
    for (let k = 0; k < nz; k++) {
      if (!present[k * 256 + cand.value]) continue;
      if (images[k]! >= 0) {
        onImages.push(images[k]!);
        continue;
      }
      const base = k * plane;
      for (let p = 0; p < plane; p++) if (lm[base + p] === cand.value) droppedVoxels++;
    }
    // A segment whose voxels all lie on missing slots would have no frame: it is left out.
    if (!onImages.length) continue;
    const segment: SegSegment = { ...cand, number: segments.length + 1 };
    segments.push(segment);
    for (const image of onImages) frames.push({ segment, image });
  }
  return { segments, frames, droppedVoxels };
}

/**
 * The frames' pixels as BINARY SEG Pixel Data (PS3.5 §8.1.1, BitsAllocated 1): one bit per
 * pixel, row by row, the first pixel in the least significant bit, frames following each other
 * without padding, the whole padded with zeros to an even length.
 */
export function packFrames(labelmap: Uint8Array, plane: number, frames: readonly { value: number; slot: number }[]): Uint8Array {
  const bits = frames.length * plane;
  const bytes = Math.ceil(bits / 8);
  const out = new Uint8Array(bytes + (bytes % 2));
  let bit = 0;
  for (const f of frames) {
    const base = f.slot * plane;
    for (let p = 0; p < plane; p++, bit++) {
      if (labelmap[base + p] === f.value) out[bit >>> 3]! |= 1 << (bit & 7);
    }
  }
  return out;
}
