import { formatDS } from '../io/write/dicom-series-writer';
import type { NaturalDataset } from './dcmjs';
import { dcmjs } from './dcmjs';
import type { SegSource } from './dicom-seg-source';
import type { CodedConcept, SegFrame, SegSegment } from './dicom-seg-segments';

/**
 * The Segmentation IOD (PS3.3 A.51) of one case as a dcmjs naturalized dataset: Patient,
 * General Study, General Series + Segmentation Series, Frame of Reference, General and
 * Enhanced General Equipment, General Image + Segmentation Image, Multi-frame Functional
 * Groups, Multi-frame Dimension, Common Instance Reference and SOP Common. Pure: the same
 * input gives the same dataset, so the file's bytes depend only on it.
 */

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

export interface SegDatasetInput {
  source: SegSource;
  segments: readonly SegSegment[];
  frames: readonly SegFrame[];
  /** Bit-packed frames (see `packFrames`). */
  pixelData: Uint8Array;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  dimensionOrganizationUid: string;
  /** YYYYMMDD and HHMMSS, UTC. */
  contentDate: string;
  contentTime: string;
  /** The reviewer, written as ContentCreatorName; empty when unknown. */
  creator: string;
  /** LungDesk version (SoftwareVersions). */
  version: string;
  /** The scan grid's slice step, mm (SpacingBetweenSlices). */
  sliceStepMm: number;
}

const SOURCE_IMAGE_PURPOSE: CodedConcept = { CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' };
const SEGMENTATION_DERIVATION: CodedConcept = { CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' };

/** (0062,000B) Referenced Segment Number in (0062,000A) Segment Identification Sequence; (0020,0032) in (0020,9113) Plane Position Sequence. */
const REFERENCED_SEGMENT_NUMBER = 0x0062000b;
const SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000a;
const IMAGE_POSITION_PATIENT = 0x00200032;
const PLANE_POSITION_SEQUENCE = 0x00209113;

/**
 * SeriesNumber of the SEG: the source's plus 1000, so it sorts after the images in a PACS and
 * the SEGs of two series of one study differ; 1000 when that would leave IS's 32-bit range.
 */
function segSeriesNumber(source: SegSource): number {
  const n = (source.seriesNumber ?? 0) + 1000;
  return n <= 2147483647 && n >= -2147483648 ? n : 1000;
}

function lab(rgb: readonly [number, number, number]): number[] {
  return dcmjs()
    .data.Colors.rgb2DICOMLAB([rgb[0] / 255, rgb[1] / 255, rgb[2] / 255])
    .map((v) => Math.min(65535, Math.max(0, Math.round(v))));
}

function segmentItem(s: SegSegment): NaturalDataset {
  const item: NaturalDataset = {
    SegmentNumber: s.number,
    SegmentLabel: s.label,
    SegmentDescription: s.description,
    SegmentAlgorithmType: s.algorithmType,
    SegmentedPropertyCategoryCodeSequence: [{ ...s.category }],
    SegmentedPropertyTypeCodeSequence: [{ ...s.type }],
    RecommendedDisplayCIELabValue: lab(s.rgb),
  };
  // Segment Algorithm Name is required unless the segment was drawn by hand (C.8.20.2).
  if (s.algorithmType !== 'MANUAL') item.SegmentAlgorithmName = 'LungDesk';
  if (s.anatomicRegion) item.AnatomicRegionSequence = [{ ...s.anatomicRegion }];
  return item;
}

function frameItem(f: SegFrame, source: SegSource): NaturalDataset {
  const image = source.images[f.image]!;
  return {
    DerivationImageSequence: [
      {
        SourceImageSequence: [
          {
            ReferencedSOPClassUID: image.sopClassUid,
            ReferencedSOPInstanceUID: image.sopInstanceUid,
            PurposeOfReferenceCodeSequence: [{ ...SOURCE_IMAGE_PURPOSE }],
          },
        ],
        DerivationCodeSequence: [{ ...SEGMENTATION_DERIVATION }],
      },
    ],
    // Dimension index values: the segment number, then the image's rank along the slice normal.
    FrameContentSequence: [{ DimensionIndexValues: [f.segment.number, f.image + 1] }],
    PlanePositionSequence: [{ ImagePositionPatient: [...image.imagePositionPatient] }],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: f.segment.number }],
  };
}

export function buildSegDataset(input: SegDatasetInput): NaturalDataset {
  const { source } = input;
  const ab = input.pixelData.buffer.slice(input.pixelData.byteOffset, input.pixelData.byteOffset + input.pixelData.byteLength);
  const pixelMeasures: NaturalDataset = {
    PixelSpacing: [...source.pixelSpacing],
    SliceThickness: source.sliceThickness ?? formatDS(input.sliceStepMm),
    SpacingBetweenSlices: formatDS(input.sliceStepMm),
  };
  return {
    // dcmjs writes every text value as UTF-8 (it decoded the source's own character set).
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: input.sopInstanceUid,
    ...source.patientStudy,
    SeriesDate: input.contentDate,
    SeriesTime: input.contentTime,
    ContentDate: input.contentDate,
    ContentTime: input.contentTime,
    TimezoneOffsetFromUTC: '+0000',
    Modality: 'SEG',
    Manufacturer: 'LungDesk',
    ManufacturerModelName: 'LungDesk',
    DeviceSerialNumber: 'LungDesk',
    SoftwareVersions: input.version,
    SeriesDescription: `LungDesk ${input.segments.map((s) => s.label.toLowerCase()).join(' + ')} segmentation`,
    StudyInstanceUID: source.studyInstanceUid,
    SeriesInstanceUID: input.seriesInstanceUid,
    SeriesNumber: segSeriesNumber(source),
    InstanceNumber: 1,
    FrameOfReferenceUID: source.frameOfReferenceUid,
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: source.seriesInstanceUid,
        ReferencedInstanceSequence: source.images.map((im) => ({ ReferencedSOPClassUID: im.sopClassUid, ReferencedSOPInstanceUID: im.sopInstanceUid })),
      },
    ],
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: input.dimensionOrganizationUid }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: input.dimensionOrganizationUid,
        DimensionIndexPointer: REFERENCED_SEGMENT_NUMBER,
        FunctionalGroupPointer: SEGMENT_IDENTIFICATION_SEQUENCE,
        DimensionDescriptionLabel: 'ReferencedSegmentNumber',
      },
      {
        DimensionOrganizationUID: input.dimensionOrganizationUid,
        DimensionIndexPointer: IMAGE_POSITION_PATIENT,
        FunctionalGroupPointer: PLANE_POSITION_SEQUENCE,
        DimensionDescriptionLabel: 'ImagePositionPatient',
      },
    ],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: input.frames.length,
    Rows: source.rows,
    Columns: source.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    ContentLabel: 'LUNGDESK_SEG',
    ContentDescription: 'Lung and nodule masks reviewed in LungDesk',
    ContentCreatorName: input.creator,
    SegmentSequence: input.segments.map(segmentItem),
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [pixelMeasures],
        PlaneOrientationSequence: [{ ImageOrientationPatient: [...source.imageOrientationPatient] }],
      },
    ],
    PerFrameFunctionalGroupsSequence: input.frames.map((f) => frameItem(f, source)),
    PixelData: ab,
    _vrMap: { PixelData: 'OB' },
  };
}
