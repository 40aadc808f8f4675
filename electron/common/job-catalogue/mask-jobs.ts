import { z } from 'zod';
import { NoduleSegmentationResult } from '../contract/masks';
import { Vec3 } from '../geometry';
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
  noduleMask: jobSpec({
    runs: 'host',
    params: z.object({ scanId: z.number().int().positive() }),
    result: z.number().int(),
    doc: "Segments a scan's nodules and stores the union as a 'nodules' mask version; the result is its id.",
  }),
  segmentNodule: jobSpec({
    runs: 'host',
    params: z.object({ scanId: z.number().int().positive(), center: Vec3, diameterMm: z.number().positive() }),
    result: NoduleSegmentationResult,
    doc: 'Semi-automatic segmentation of one nodule from a centre and a diameter.',
  }),
};
