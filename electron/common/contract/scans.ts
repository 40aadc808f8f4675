import { z } from 'zod';
import { Bytes, op, stream } from './define';
import { DatasetId } from './datasets';
import { Mat3, Vec3 } from '../geometry';

export const ScanId = z.number().int().positive();
export type ScanId = z.infer<typeof ScanId>;

export const ScanFormat = z.enum(['dicom', 'metaimage', 'nifti', 'nrrd']);
export type ScanFormat = z.infer<typeof ScanFormat>;

export const ScanSummary = z.object({
  id: ScanId,
  datasetId: DatasetId,
  seriesInstanceUid: z.string(),
  patientId: z.string(),
  description: z.string(),
  modality: z.string(),
  format: ScanFormat,
  dims: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  spacing: Vec3,
  origin: Vec3,
  direction: Mat3,
  /** Acquired slices (files) of a DICOM series; dims[2] for the other formats. */
  sliceCount: z.number().int(),
  /**
   * Slots k of the z axis that no file fills: a DICOM series with missing slices keeps every
   * acquired slice at its own position, and these slots hold padding (−2000 HU). Ascending;
   * empty for a complete series.
   */
  missingSlices: z.array(z.number().int().nonnegative()),
  path: z.string(),
  warnings: z.array(z.string()),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

export const ReviewStatus = z.enum(['unreviewed', 'in-progress', 'done']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

/** A scan in a dataset's list: the summary plus what a reader triages by. */
export const ScanListItem = ScanSummary.extend({
  /** Physical nodules: LUNA16 rows + LIDC consensus nodules + user marks. */
  noduleCount: z.number().int().nonnegative(),
  reviewStatus: ReviewStatus,
});
export type ScanListItem = z.infer<typeof ScanListItem>;

/** Header of a volume sent as bytes: int16 HU, x fastest (index = x + nx·(y + ny·z)). */
export const VolumeHeader = z.object({
  scanId: ScanId,
  dims: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  spacing: Vec3,
  origin: Vec3,
  direction: Mat3,
  dtype: z.literal('int16'),
  min: z.number(),
  max: z.number(),
  /** Slots k holding padding (−2000 HU) for missing slices, as the scan's `missingSlices`. */
  missingSlices: z.array(z.number().int().nonnegative()),
});
export type VolumeHeader = z.infer<typeof VolumeHeader>;

/** A run of axial slices [start, start+count). */
export const SliceRange = z.object({ start: z.number().int().nonnegative(), count: z.number().int().positive().max(512) });
export type SliceRange = z.infer<typeof SliceRange>;

export const VolumeSlab = z.object({ header: VolumeHeader, start: z.number().int(), count: z.number().int(), voxels: Bytes });
export type VolumeSlab = z.infer<typeof VolumeSlab>;

export const scanOps = {
  listScans: op({
    input: z.object({ datasetId: DatasetId.optional() }),
    output: z.array(ScanListItem),
    doc: 'Scans of one dataset, or of all, with nodule counts and review status.',
  }),
  getScan: op({ input: z.object({ scanId: ScanId }), output: ScanSummary, doc: 'One scan.' }),
  getVolume: op({
    input: z.object({ scanId: ScanId }),
    output: z.object({ header: VolumeHeader, voxels: Bytes }),
    binary: true,
    doc: "The scan's HU volume: the header, and the voxels as int16 little-endian bytes.",
  }),
  getVolumeSlices: op({
    input: z.object({ scanId: ScanId, start: z.number().int().nonnegative(), count: z.number().int().positive().max(512) }),
    output: VolumeSlab,
    binary: true,
    doc:
      "Axial slices [start, start+count) of the scan's HU volume as int16 bytes, with the volume's header. " +
      'A few slices of a DICOM scan not yet loaded are read straight from their files (the viewer shows its current slice first) ' +
      'while the whole volume loads in a worker; header.min/max then describe only those slices.',
  }),
  cancelVolumeLoad: op({
    input: z.object({ scanId: ScanId }),
    output: z.object({ cancelled: z.boolean() }),
    doc: "Stops loading a scan's volume (the viewer opened another scan); false when no load was running.",
  }),
};

export const scanStreams = {
  streamVolumeSlices: stream({
    input: z.object({ scanId: ScanId, slabs: z.array(SliceRange).min(1).max(4096) }),
    item: VolumeSlab,
    doc:
      "The scan's axial slices, slab after slab in the order asked for, each as getVolumeSlices answers it, sent as soon as it is read: " +
      'a viewer streams a scan in over one call. cancelVolumeLoad for the scan, or the receiver going away, stops it after the slab being sent.',
  }),
};

/** HU histogram of a scan with fixed-width bins, so scans compare (the seed plots one per scan). */
export const HuHistogram = z.object({
  scanId: ScanId,
  binWidth: z.number(),
  min: z.number(),
  max: z.number(),
  counts: z.array(z.number().int()),
  below: z.number().int(),
  above: z.number().int(),
  total: z.number().int(),
  /** null when no voxel was counted. */
  mean: z.number().nullable(),
  std: z.number().nullable(),
  percentiles: z.object({ p1: z.number().nullable(), p5: z.number().nullable(), p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
  /**
   * Voxels with no measurement, counted nowhere else: the slots of missing slices, and the
   * outside of the field of view (DICOM padding, and values below −1500 HU).
   */
  leftOut: z.object({ missingSlices: z.number().int(), outsideField: z.number().int() }),
});
export type HuHistogram = z.infer<typeof HuHistogram>;

export const histogramOps = {
  getHistogram: op({
    input: z.object({ scanId: ScanId, binWidth: z.number().positive().max(1000).optional() }),
    output: HuHistogram,
    doc: "The scan's HU histogram (default 10 HU bins from -1100 to 3100) of its measured voxels, computed in a worker; padding and the outside of the field of view are left out and counted.",
  }),
};
