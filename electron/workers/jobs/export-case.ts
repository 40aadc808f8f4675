import { exportersFor } from '../../core/export/exporters';
import { exportOneCase } from '../../core/export/export-one-case';
import { finishExport } from '../../core/export/finish-export';
import { defineJob } from '../job-definition';

/** One case of a training-set export: load, write each format, record (core `exportOneCase`). */
export const exportCaseJob = defineJob('exportCase', async (p, ctx) => exportOneCase(p, exportersFor(p.options.formats), ctx));

/** An export's own files once its cases are written: the formats' finish and the manifest (core `finishExport`). */
export const exportFinishJob = defineJob('exportFinish', async (p, ctx) => finishExport(p, exportersFor(p.options.formats), ctx));
