import type { ExportOptions, ExportPreview, ExportSummary } from '../../common/contract/export';
import { JobRunner } from '../../workers/job-runner';
import type { ServiceContext } from '../service-context';
import { runExport, type ExportRunDeps } from './export-runner';
import { confineOutDir } from './out-dir';
import { planExport } from './plan-export';
import { listDatasets } from '../../db';

/**
 * Training-set exports in the service: the preview (a plan, nothing written) and the export
 * itself as a host job (`exportDataset`) whose cases run in their own worker processes, as
 * many as the export asks for, outside the service's shared job queue.
 */
export class ExportArea {
  private readonly deps: ExportRunDeps;

  constructor(private readonly ctx: ServiceContext) {
    this.deps = {
      db: ctx.db,
      lesionsOf: (scanId) => ctx.lesions.list(scanId),
      dataDir: ctx.dataDir,
      version: ctx.version,
      caseRunner: (workers) => new JobRunner({ ...ctx.runner.opts, maxConcurrent: workers }),
      log: (line) => ctx.log(line),
    };
  }

  /** What the export would write; the folder is checked (confined) but not touched. */
  preview(o: ExportOptions): ExportPreview {
    confineOutDir(o.outDir, { dataDir: this.ctx.dataDir, datasetRoots: listDatasets(this.ctx.db).map((d) => d.rootPath) });
    return planExport(this.deps, o).preview;
  }

  /**
   * Starts the export as a job; `done` resolves with its summary (or rejects: cancelled,
   * refused folder...), which the job's ended state carries too (`result`), for the renderer.
   */
  start(o: ExportOptions): { jobId: string; done: Promise<ExportSummary> } {
    const label = `Export to ${o.outDir}${o.shard ? ` (shard ${o.shard.index}/${o.shard.count})` : ''}`;
    return this.ctx.runner.runInline('exportDataset', (jctx) => runExport(this.deps, o, jctx), { label, keepResult: true });
  }
}
