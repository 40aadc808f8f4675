import type { JobDefinition } from '../job-definition';
import { diagnosticJob } from './diagnostic';
import { huHistogramJob } from './hu-histogram';
import { indexDatasetJob } from './index-dataset';
import { loadVolumeJob } from './load-volume';
import { lungMaskJob } from './lung-mask';
import { makeDemoJob } from './make-demo';
import { preprocessJob } from './preprocess';
import { segmentNodulesJob } from './segment-nodules';

/**
 * Every job type a worker can run, by type name. Each job lives in its own thin file in this
 * folder that calls into core.
 */
export const jobRegistry: Record<string, JobDefinition> = {
  [diagnosticJob.type]: diagnosticJob,
  [huHistogramJob.type]: huHistogramJob,
  [indexDatasetJob.type]: indexDatasetJob,
  [loadVolumeJob.type]: loadVolumeJob,
  [lungMaskJob.type]: lungMaskJob,
  [makeDemoJob.type]: makeDemoJob,
  [preprocessJob.type]: preprocessJob,
  [segmentNodulesJob.type]: segmentNodulesJob,
  // Register further job types here (one import + one line each).
};
