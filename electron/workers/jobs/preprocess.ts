import fs from 'node:fs';
import path from 'node:path';
import { loadVolume } from '../../core/io';
import { writeFileAtomic } from '../../core/io/write/atomic-write';
import { npyFileSink, preprocessVolume } from '../../core/pipelines/preprocess';
import { defineJob } from '../job-definition';

/** The seed pipeline's preprocessing of one scan, writing its .npy files into `outDir`. */
export const preprocessJob = defineJob('preprocess', async (p, ctx) => {
  const { volume, missingSlices } = await loadVolume({ format: p.format, files: p.files }, ctx);
  fs.mkdirSync(p.outDir, { recursive: true });
  const summary = await preprocessVolume(volume, { ...p, missingSlices }, npyFileSink(p.outDir), ctx);
  await writeFileAtomic(path.join(p.outDir, 'meta.json'), JSON.stringify(summary, null, 1));
  return { ...summary, outDir: p.outDir };
});
