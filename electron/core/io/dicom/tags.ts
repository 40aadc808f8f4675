/**
 * The DICOM tags LungDesk reads, as (group << 16 | element) numbers, and the value
 * representation of each one for Implicit VR files (where the file does not say it).
 * Only tags the readers use are listed: everything else is skipped by length.
 */

export const tag = (group: number, element: number): number => ((group << 16) | element) >>> 0;

export const Tags = {
  TransferSyntaxUID: tag(0x0002, 0x0010),
  SOPClassUID: tag(0x0008, 0x0016),
  ImageType: tag(0x0008, 0x0008),
  SOPInstanceUID: tag(0x0008, 0x0018),
  Modality: tag(0x0008, 0x0060),
  SeriesDescription: tag(0x0008, 0x103e),
  PatientID: tag(0x0010, 0x0020),
  SliceThickness: tag(0x0018, 0x0050),
  ImagerPixelSpacing: tag(0x0018, 0x1164),
  StudyInstanceUID: tag(0x0020, 0x000d),
  SeriesInstanceUID: tag(0x0020, 0x000e),
  InstanceNumber: tag(0x0020, 0x0013),
  ImagePositionPatient: tag(0x0020, 0x0032),
  ImageOrientationPatient: tag(0x0020, 0x0037),
  SamplesPerPixel: tag(0x0028, 0x0002),
  PhotometricInterpretation: tag(0x0028, 0x0004),
  NumberOfFrames: tag(0x0028, 0x0008),
  Rows: tag(0x0028, 0x0010),
  Columns: tag(0x0028, 0x0011),
  PixelSpacing: tag(0x0028, 0x0030),
  BitsAllocated: tag(0x0028, 0x0100),
  BitsStored: tag(0x0028, 0x0101),
  HighBit: tag(0x0028, 0x0102),
  PixelRepresentation: tag(0x0028, 0x0103),
  SmallestImagePixelValue: tag(0x0028, 0x0106),
  LargestImagePixelValue: tag(0x0028, 0x0107),
  PixelPaddingValue: tag(0x0028, 0x0120),
  RescaleIntercept: tag(0x0028, 0x1052),
  RescaleSlope: tag(0x0028, 0x1053),
  PixelData: tag(0x7fe0, 0x0010),
  Item: tag(0xfffe, 0xe000),
  ItemDelimitation: tag(0xfffe, 0xe00d),
  SequenceDelimitation: tag(0xfffe, 0xe0dd),
} as const;

/**
 * VR of the tags we read, for Implicit VR datasets. `xs` (US or SS) is resolved by
 * PixelRepresentation when the value is read. Tags absent here read as UN.
 */
export const IMPLICIT_VR: ReadonlyMap<number, string> = new Map<number, string>([
  [Tags.TransferSyntaxUID, 'UI'],
  [Tags.SOPClassUID, 'UI'],
  [Tags.ImageType, 'CS'],
  [Tags.SOPInstanceUID, 'UI'],
  [Tags.Modality, 'CS'],
  [Tags.SeriesDescription, 'LO'],
  [Tags.PatientID, 'LO'],
  [Tags.SliceThickness, 'DS'],
  [Tags.ImagerPixelSpacing, 'DS'],
  [Tags.StudyInstanceUID, 'UI'],
  [Tags.SeriesInstanceUID, 'UI'],
  [Tags.InstanceNumber, 'IS'],
  [Tags.ImagePositionPatient, 'DS'],
  [Tags.ImageOrientationPatient, 'DS'],
  [Tags.SamplesPerPixel, 'US'],
  [Tags.PhotometricInterpretation, 'CS'],
  [Tags.NumberOfFrames, 'IS'],
  [Tags.Rows, 'US'],
  [Tags.Columns, 'US'],
  [Tags.PixelSpacing, 'DS'],
  [Tags.BitsAllocated, 'US'],
  [Tags.BitsStored, 'US'],
  [Tags.HighBit, 'US'],
  [Tags.PixelRepresentation, 'US'],
  [Tags.SmallestImagePixelValue, 'xs'],
  [Tags.LargestImagePixelValue, 'xs'],
  [Tags.PixelPaddingValue, 'xs'],
  [Tags.RescaleIntercept, 'DS'],
  [Tags.RescaleSlope, 'DS'],
  [Tags.PixelData, 'OW'],
]);

/** "(0028,0030)" for messages. */
export function formatTag(t: number): string {
  const g = (t >>> 16).toString(16).padStart(4, '0').toUpperCase();
  const e = (t & 0xffff).toString(16).padStart(4, '0').toUpperCase();
  return `(${g},${e})`;
}
