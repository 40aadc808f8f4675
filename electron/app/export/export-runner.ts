import os from 'node:os';
import type { ExportOptions, ExportSummary } from '../../common/contract/export';
import { LungDeskError, toErrorInfo } from '../../common/errors';
import type { ExportCaseResult } from '../../common/job-catalogue';
import type { JobContext } from '../../common/jobs';
import type { ExportCasePlan } from '../../core/export/case-model';
import { caseMemoryBytes } from '../../core/export/estimates';
import { exportersFor } from '../../core/export/exporters';
import { removeStaleTempFiles } from '../../core/export/finish-export';
import { listDatasets } from '../../db';
import type { JobRunner } from '../../workers/job-runner';
import { runScheduled } from './case-scheduler';
import { prepareExportFolder, removeUnplannedCases } from './export-folder';
import { confineOutDir } from './out-dir';
import { planExport, type PlanDeps } from './plan-export';

export interface ExportRunDeps extends PlanDeps {
  dataDir: string;
  version: string;
  /** A job runner for this export's workers, running `workers` jobs at once; disposed at the end. */
  caseRunner(workers: number): Pick<JobRunner, 'start' | 'cancel' | 'dispose'>;
  log?(line: string): void;
}

/** The memory an export's workers may plan for together: half the machine's. */
export function exportMemoryBudget(): number {
  return Math.max(1024 ** 3, Math.floor(os.totalmem() / 2));
}

/** This shard's cases: every n-th of the sorted plan, starting at i−1 (stable while the plan is). */
export function shardOf<T>(plans: readonly T[], shard: ExportOptions['shard']): T[] {
  return shard ? plans.filter((_, i) => i % shard.count === shard.index - 1) : [...plans];
}

/**
 * A whole export, as the app's job and `lungdesk export` run it: the folder confined and
 * prepared, the cases planned (all of them, so splits are the same in every shard) and this
 * shard's taken, then each case in a worker process (as many as `workers`, default the
 * machine's cores, admitted within the memory budget by their grids), and last the formats'
 * finish and the manifest in one more worker. A case that fails is reported with its reason
 * and the others go on; cancel stops the workers (the export can be resumed later).
 */
export async function runExport(deps: ExportRunDeps, o: ExportOptions, ctx: JobContext): Promise<ExportSummary> {
  const t0 = Date.now();
  const outDir = confineOutDir(o.outDir, { dataDir: deps.dataDir, datasetRoots: listDatasets(deps.db).map((d) => d.rootPath) });
  const options: ExportOptions = { ...o, outDir };
  exportersFor(options.formats);
  ctx.progress('planning', 0);
  const { plans, preview } = planExport(deps, options);
  if (!plans.length) {
    const why = [...new Set(preview.skipped.map((s) => s.reason))].slice(0, 3).join('; ');
    const notDone = options.scans === 'done' && preview.skipped.some((s) => /review not done/.test(s.reason));
    // The commonest first try: scans not reviewed yet. Say how to export them anyway.
    const hint = notDone ? '; mark scans done in review, or export every scan with scans "all" (--scans all)' : '';
    throw new LungDeskError('not-found', `nothing to export: no scan matches${preview.skipped.length ? ` (${preview.skipped.length} left out: ${why})` : ''}${hint}`);
  }
  const mine = shardOf(plans, options.shard);
  await prepareExportFolder(outDir, options, deps.version);
  if (options.resume && !options.shard) {
    await removeStaleTempFiles(outDir);
    const gone = await removeUnplannedCases(outDir, new Set(plans.map((p) => p.caseId)));
    if (gone.length) deps.log?.(`[export] removed ${gone.length} case(s) no longer planned: ${gone.join(', ')}`);
  }

  const workers = options.workers ?? os.availableParallelism();
  const runner = deps.caseRunner(workers);
  const results: ExportCaseResult[] = [];
  const failed: { caseId: string; reason: string }[] = [];
  const progress = caseProgress(mine.length, ctx);
  try {
    await runScheduled(
      mine.map((plan) => ({ item: plan, memoryBytes: caseMemoryBytes(plan.geometry, options) })),
      (plan: ExportCasePlan) => {
        const job = runner.start('exportCase', { plan, options, version: deps.version, resume: options.resume }, { label: `Export ${plan.caseId}`, budgetBytes: caseMemoryBytes(plan.geometry, options) });
        return { done: job.done, cancel: () => runner.cancel(job.jobId) };
      },
      { workers, budgetBytes: exportMemoryBudget(), signal: ctx.signal },
      (plan, outcome) => {
        if (outcome.ok) {
          results.push(outcome.value);
          for (const n of outcome.value.notes) deps.log?.(`[export] ${n}`);
        }
        else if (!ctx.signal.aborted) failed.push({ caseId: plan.caseId, reason: reasonOf(outcome.error) });
        progress(outcome.ok && outcome.value.status === 'kept');
      },
    );
    if (ctx.signal.aborted) throw new LungDeskError('job.cancelled', `the export into ${outDir} was cancelled; resume it to go on`);
    ctx.progress('writing the manifest', 0.97);
    const finish = runner.start('exportFinish', {
      options,
      version: deps.version,
      caseIds: results.map((r) => r.caseId),
      failed,
      plannedCases: plans.length,
    }, { label: 'Export manifest' });
    const stop = () => runner.cancel(finish.jobId);
    ctx.signal.addEventListener('abort', stop);
    const done = await finish.done.finally(() => ctx.signal.removeEventListener('abort', stop));
    const bytes = results.reduce((n, r) => n + r.files.reduce((m, f) => m + f.bytes, 0), 0) + done.files.reduce((n, f) => n + f.bytes, 0);
    return {
      outDir,
      manifest: done.manifest,
      casesWritten: results.filter((r) => r.status === 'written').length,
      casesSkipped: results.filter((r) => r.status === 'kept').length,
      failed: failed.sort((a, b) => (a.caseId < b.caseId ? -1 : 1)),
      bytes,
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    runner.dispose();
  }
}

function reasonOf(e: unknown): string {
  const info = toErrorInfo(e);
  return `${info.code}: ${info.message}`;
}

/**
 * Progress as cases done of the total and the time left, estimated from the cases written
 * so far (cases kept from an earlier run take no time and would make it too hopeful).
 */
function caseProgress(total: number, ctx: JobContext): (kept: boolean) => void {
  const start = Date.now();
  let done = 0;
  let written = 0;
  ctx.progress(`0/${total} cases`, 0);
  return (kept) => {
    done++;
    if (!kept) written++;
    const left = total - done;
    const perCase = written ? (Date.now() - start) / written : 0;
    const eta = written && left ? ` · about ${formatDuration((perCase * left) / 1000)} left` : '';
    ctx.progress(`${done}/${total} cases${eta}`, total ? (0.95 * done) / total : 0.95);
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
