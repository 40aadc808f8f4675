import type { JobRegistry } from '../job-definition';
import { diagnosticJob } from './diagnostic';
import { exportCaseJob, exportFinishJob } from './export-case';
import { huHistogramJob } from './hu-histogram';
import { indexDatasetJob } from './index-dataset';
import { loadVolumeJob } from './load-volume';
import { lungMaskJob } from './lung-mask';
import { makeDemoJob } from './make-demo';
import { meshSurfaceJob } from './mesh-surface';
import { preprocessJob } from './preprocess';
import { segmentNodulesJob } from './segment-nodules';

/**
 * The code of every worker job type of the catalogue (electron/common/job-catalogue), each in
 * its own thin file in this folder that calls into core. A catalogue entry that runs in a
 * worker and has no line here does not compile.
 */
export const jobRegistry: JobRegistry = {
  diagnostic: diagnosticJob,
  exportCase: exportCaseJob,
  exportFinish: exportFinishJob,
  huHistogram: huHistogramJob,
  indexDataset: indexDatasetJob,
  loadVolume: loadVolumeJob,
  lungMask: lungMaskJob,
  makeDemo: makeDemoJob,
  meshSurface: meshSurfaceJob,
  preprocess: preprocessJob,
  segmentNodules: segmentNodulesJob,
};
