import { z } from 'zod';
import { createDemoDataset } from '../../core/phantom';
import { defineJob } from '../job-definition';

export interface MakeDemoResult {
  dir: string;
  scans: number;
}

/** Writes the demo dataset (synthetic chest CTs with nodules) once; a no-op when present. */
export const makeDemoJob = defineJob({
  type: 'makeDemo',
  params: z.object({ dir: z.string().min(1) }),
  async run({ dir }, ctx): Promise<MakeDemoResult> {
    const manifest = await createDemoDataset(dir, ctx);
    return { dir, scans: manifest.scans.length };
  },
});
