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
  sliceCount: number;
  warnings: string[];
}

/** A file that could not be used, and why. */
export interface FileIssue {
  file: string;
  code: ErrorCode;
  message: string;
}

export interface DiscoveryResult {
  series: SeriesDescriptor[];
  issues: FileIssue[];
}
