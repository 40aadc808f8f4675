import { z } from 'zod';
import { Vec3 } from '../geometry';
import { NoduleSegmentationResult } from '../contract/masks';
import { jobSpec } from './define';
import { Dims, ScanFiles } from './shared-schemas';

/** One mask file a job wrote and its foreground voxel count. */
export const WrittenMaskSchema = z.object({ path: z.string(), voxels: z.number().int() });
export type WrittenMask = z.infer<typeof WrittenMaskSchema>;

/** The lung mask, and its dilation when one was asked for (dilateMm > 0 and outDilated). */
export const LungMaskJobResultSchema = WrittenMaskSchema.extend({ dims: Dims, dilated: WrittenMaskSchema.nullable() });
export type LungMaskJobResult = z.infer<typeof LungMaskJobResultSchema>;

export const PreprocessSummarySchema = z.object({
  shapeZyx: z.array(z.number().int()),
  spacingZyx: z.array(z.number()),
  resampledShapeZyx: z.array(z.number().int()),
  resampledSpacingZyx: z.array(z.number()),
  dilationRadiusVoxels: z.number(),
  lungVoxels: z.object({ nofill: z.number().int(), fill: z.number().int(), dilated: z.number().int() }),
  nodules: z.array(z.object({ index: z.number().int(), slices: z.array(z.number().int()), maskVoxels: z.number().int(), maskSeedVoxels: z.number().int() })),
  /** Slots of missing slices: padding in hu.npy, interpolated for every later output. */
  missingSlices: z.array(z.number().int()),
  timings: z.array(z.object({ step: z.string(), seconds: z.number() })),
});
export type PreprocessSummary = z.infer<typeof PreprocessSummarySchema>;

/** One nodule to segment: a seed point (LPS mm), optionally a size hint and an HU range; `id` is echoed back. */
export const NoduleSeedSchema = z.object({
  id: z.number().int().optional(),
  center: Vec3,
  diameterMm: z.number().positive().max(100).optional(),
  huRange: z.tuple([z.number(), z.number()]).optional(),
});

/** What the segmentation measured of one nodule. */
export const NoduleStatsSchema = NoduleSegmentationResult.extend({ kind: z.enum(['solid', 'subsolid']), thresholdHu: z.number() });

/** What became of one seed: segmented (with its measures), outside the scan, or nothing there to segment. */
export const NoduleReportSchema = z.object({
  id: z.number().int().nullable(),
  status: z.enum(['segmented', 'outside', 'empty']),
  stats: NoduleStatsSchema.nullable(),
  reason: z.string().nullable(),
});
export type NoduleReport = z.infer<typeof NoduleReportSchema>;

export const SegmentNodulesResultSchema = z.object({
  /** The union mask written (uint8 .npy, z, y, x, 1 = nodule); null when no `out` was asked for. */
  path: z.string().nullable(),
  dims: Dims,
  voxels: z.number().int(),
  nodules: z.array(NoduleReportSchema),
});
export type SegmentNodulesJobResult = z.infer<typeof SegmentNodulesResultSchema>;

export const PreprocessNoduleSchema = z.object({ index: z.number().int(), center: Vec3, diameterMm: z.number().positive() });

export const maskJobs = {
  lungMask: jobSpec({
    runs: 'worker',
    params: z.object({
      ...ScanFiles,
      out: z.string().min(1),
      /** Where the dilated mask goes; without it no dilation is written. */
      outDilated: z.string().min(1).optional(),
      fill: z.boolean(),
      dilateMm: z.number().min(0),
      outsideAir: z.enum(['corner', 'sides']),
      threshold: z.number(),
    }),
    result: LungMaskJobResultSchema,
    doc: "The 3D lung mask of a scan on its own grid, and its dilation, each written atomically as a uint8 .npy (z, y, x).",
  }),
  preprocess: jobSpec({
    runs: 'worker',
    params: z.object({
      ...ScanFiles,
      outDir: z.string().min(1),
      spacingMm: z.number().positive(),
      interp: z.enum(['nearest', 'linear', 'cubic']),
      dilateMm: z.number().min(0),
      outsideAir: z.enum(['corner', 'sides']),
      nodules: z.array(PreprocessNoduleSchema),
    }),
    result: PreprocessSummarySchema.extend({ outDir: z.string() }),
    doc: "The seed pipeline's preprocessing of one scan, writing its .npy files into outDir.",
  }),
  segmentNodules: jobSpec({
    runs: 'worker',
    params: z.object({
      ...ScanFiles,
      out: z.string().min(1).optional(),
      seeds: z.array(NoduleSeedSchema).min(1),
      /** A uint8 mask on the scan's grid (.npy, or the mask store's .ldmask); nodule voxels stay inside it. */
      lungMask: z.string().min(1).optional(),
    }),
    result: SegmentNodulesResultSchema,
    doc: 'Segments nodule seeds on a scan (one semi-automatic segmentation each, united on its grid), inside a lung mask when given; writes the union .npy when `out` is given.',
  }),
};
