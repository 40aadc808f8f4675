import type { SkipReason } from '../../common/contract/datasets';
import type { ErrorCode } from '../../common/errors';
import type { VolumeGeometry } from '../../common/geometry';

/** One readable image series found on disk (a DICOM series, or one MetaImage, NIfTI or NRRD file). */
export interface SeriesDescriptor {
  format: 'dicom' | 'metaimage' | 'nifti' | 'nrrd';
  /** DICOM SeriesInstanceUID ('' when the files leave it empty); for MetaImage, NIfTI and NRRD the file name without extension (the LUNA16 convention). */
  seriesInstanceUid: string;
  studyInstanceUid: string;
  patientId: string;
  modality: string;
  description: string;
  /** Absolute paths in slice order; for MetaImage, NIfTI and NRRD the (header) file path. */
  files: string[];
  geometry: VolumeGeometry;
  /** Files found: the acquired slices (DICOM); 1 or the volume's nz for the other formats. */
  sliceCount: number;
  /**
   * Slots of the z axis (0 … dims[2]−1) that no file fills: the gaps of a DICOM series with
   * missing slices, read as padding (`PADDING_HU`). Empty for a complete series and for the
   * other formats.
   */
  missingSlices: number[];
  warnings: string[];
}

/** A file that could not be used, and why. */
export interface FileIssue {
  file: string;
  code: ErrorCode;
  message: string;
  /** Why the file is left out, when the code alone does not say (see `skipReasonOf`). */
  reason?: SkipReason;
}

/** The reason a file with this issue is left out: its own, else what its error code means. */
export function skipReasonOf(issue: FileIssue): SkipReason {
  if (issue.reason) return issue.reason;
  if (issue.code === 'io.not-dicom') return 'not-image';
  if (issue.code === 'io.unsupported') return 'unsupported';
  return 'unreadable';
}

export interface DiscoveryResult {
  series: SeriesDescriptor[];
  issues: FileIssue[];
}
