import { createDemoDataset } from '../../core/phantom';
import { defineJob } from '../job-definition';

/** Writes the demo dataset (synthetic chest CTs with nodules) once; a no-op when present. */
export const makeDemoJob = defineJob('makeDemo', async ({ dir }, ctx) => {
  const manifest = await createDemoDataset(dir, ctx);
  return { dir, scans: manifest.scans.length };
});
