import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadVolume } from '../../core/io';
import { npyFileSink, preprocessVolume, type PreprocessSummary } from '../../core/pipelines/preprocess';
import { defineJob } from '../job-definition';

/** The seed pipeline's preprocessing of one scan, writing its .npy files into `outDir`. */
export const preprocessJob = defineJob({
  type: 'preprocess',
  params: z.object({
    format: z.enum(['dicom', 'metaimage', 'nifti', 'nrrd']),
    files: z.array(z.string().min(1)).min(1),
    outDir: z.string().min(1),
    spacingMm: z.number().positive(),
    interp: z.enum(['nearest', 'linear', 'cubic']),
    dilateMm: z.number().min(0),
    outsideAir: z.enum(['corner', 'sides']),
    nodules: z.array(z.object({ index: z.number().int(), center: z.tuple([z.number(), z.number(), z.number()]), diameterMm: z.number().positive() })),
  }),
  async run(p, ctx): Promise<PreprocessSummary & { outDir: string }> {
    const { volume, missingSlices } = await loadVolume({ format: p.format, files: p.files }, ctx);
    fs.mkdirSync(p.outDir, { recursive: true });
    const summary = await preprocessVolume(volume, { ...p, missingSlices }, npyFileSink(p.outDir), ctx);
    fs.writeFileSync(path.join(p.outDir, 'meta.json'), JSON.stringify(summary, null, 1));
    return { ...summary, outDir: p.outDir };
  },
});
