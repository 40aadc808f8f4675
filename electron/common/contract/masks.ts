import { z } from 'zod';
import { Bytes, op } from './define';
import { ScanId } from './scans';
import { JobId } from '../jobs';
import { Vec3, WorldPoint } from '../geometry';

export const MaskVersionInfo = z.object({
  id: z.number().int(),
  scanId: ScanId,
  /** lung | lung-dilated | nodule | ... */
  kind: z.string(),
  author: z.string(),
  reason: z.string(),
  parentId: z.number().int().nullable(),
  createdAt: z.number(),
  voxels: z.number().int().nullable(),
  /**
   * Set when the version's file cannot be used (missing, cut short, replaced, or failing its
   * checksum), as found at start or on load: the UI lists it as damaged and does not open it.
   */
  damaged: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type MaskVersionInfo = z.infer<typeof MaskVersionInfo>;

export const LungMaskParams = z.object({
  /** The tutorial's per-slice largest-tissue fill (default true). */
  fill: z.boolean().default(true),
  /** Dilation by a ball of this radius, mm (default 5, as the seed recommends); 0 = none. */
  dilateMm: z.number().min(0).max(50).default(5),
  /** Outside air: 'corner' as the seed, or 'sides' (its suggested improvement, the default here). */
  outsideAir: z.enum(['corner', 'sides']).default('sides'),
  threshold: z.number().min(-1200).max(500).default(-320),
});

export const NoduleSegmentationResult = z.object({
  voxels: z.number().int(),
  volumeMm3: z.number(),
  equivalentDiameterMm: z.number(),
  longAxisMm: z.number(),
  shortAxisMm: z.number(),
  centroid: Vec3,
});
export type NoduleSegmentationResult = z.infer<typeof NoduleSegmentationResult>;

export const PreprocessParams = z.object({
  /** Where the .npy files go (absolute); default <data folder>/preprocessed/<scan id>. */
  outDir: z.string().min(1).max(4096).optional(),
  spacingMm: z.number().min(0.1).max(10).default(1),
  interp: z.enum(['nearest', 'linear', 'cubic']).default('cubic'),
  dilateMm: z.number().min(0).max(50).default(5),
  outsideAir: z.enum(['corner', 'sides']).default('corner'),
});

export const maskOps = {
  startPreprocess: op({
    input: z.object({ scanId: ScanId, params: PreprocessParams.optional() }),
    output: z.object({ jobId: JobId, outDir: z.string() }),
    doc: "Runs the seed's DSB2017/LUNA16 preprocessing of a scan in a worker job and writes its .npy files (with the scan's LUNA16 nodules).",
  }),
  runLungMask: op({
    input: z.object({ scanId: ScanId, params: LungMaskParams.optional() }),
    output: z.object({ jobId: JobId }),
    doc: "Computes the scan's 3D lung mask on its own grid in a worker job; the result is stored as a new mask version.",
  }),
  runNoduleMask: op({
    input: z.object({ scanId: ScanId }),
    output: z.object({ jobId: JobId }),
    doc: "Segments every nodule annotated on the scan (LUNA16 rows, LIDC consensus, user marks) with the nodule segmentation, inside the newest lung mask when there is one, and stores the union (label 1) as a new mask version of kind 'nodules'.",
  }),
  listMasks: op({ input: z.object({ scanId: ScanId }), output: z.array(MaskVersionInfo), doc: "A scan's mask versions, newest first." }),
  getMask: op({
    input: z.object({ maskId: z.number().int().positive() }),
    output: z.object({ info: MaskVersionInfo, dims: z.tuple([z.number().int(), z.number().int(), z.number().int()]), voxels: Bytes }),
    binary: true,
    doc: 'A mask version as uint8 bytes on its scan grid (x fastest).',
  }),
  segmentNodule: op({
    input: z.object({ scanId: ScanId, center: WorldPoint, diameterMm: z.number().positive().max(100), huRange: z.tuple([z.number(), z.number()]).optional() }),
    output: NoduleSegmentationResult,
    doc: 'Semi-automatic nodule segmentation from a centre and a diameter (a worker job): volume, equivalent diameter, axial axes.',
  }),
};
