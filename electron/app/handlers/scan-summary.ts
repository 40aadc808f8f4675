import type { ScanSummary } from '../../common';
import type { ScanRecord } from '../../db';

/** A scan as the contract shows it: the index record without its storage details. */
export function toScanSummary(s: ScanRecord): ScanSummary {
  return {
    id: s.id,
    datasetId: s.datasetId,
    seriesInstanceUid: s.seriesInstanceUid,
    patientId: s.patientId,
    description: s.description,
    modality: s.modality,
    format: s.format,
    dims: s.dims,
    spacing: s.spacing,
    origin: s.origin,
    direction: s.direction,
    sliceCount: s.sliceCount,
    missingSlices: s.missingSlices,
    path: s.path,
    warnings: s.warnings,
  };
}
