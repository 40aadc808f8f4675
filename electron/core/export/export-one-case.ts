import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ExportOptions } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import type { ExportCaseResult } from '../../common/job-catalogue/export-jobs';
import type { JobContext } from '../../common/jobs';
import type { CaseExporter, ExportCasePlan, ExportContext, ExportedFile } from './case-model';
import { filesIntact, planSha256, readCaseRecord, redactPlan, removeCase, writeCaseRecord, type CaseRecord } from './case-record';
import { safeJoin } from './export-file';
import { exportParameters, formatOptions } from './export-parameters';
import { loadExportCase } from './load-case';

export interface ExportCaseJob {
  plan: ExportCasePlan;
  options: ExportOptions;
  version: string;
  resume: boolean;
}

/**
 * One case of an export, start to end, as a worker runs it. With `resume`, a case whose record
 * matches its plan (and the export's parameters) and whose files re-hash to the recorded
 * sha256 is kept as it is; any other record of the case is outdated, and its files are removed
 * before the case is written again. Then: load (volume, masks, lesions), each format's
 * `writeCase` in the order asked, and the case record last, so a case killed halfway has no
 * record and is redone.
 */
export async function exportOneCase(job: ExportCaseJob, exporters: readonly CaseExporter[], ctx: JobContext): Promise<ExportCaseResult> {
  const t0 = Date.now();
  const { plan, options } = job;
  const outDir = path.resolve(options.outDir);
  const sha = planSha256(plan, exportParameters(options));
  const previous = await readCaseRecord(outDir, plan.caseId);
  if (previous && job.resume && previous.planSha256 === sha) {
    ctx.progress('verifying the files written before', 0.1);
    if (await filesIntact(outDir, previous.files)) return result(plan.caseId, 'kept', previous.files, previous.notes, t0);
  }
  if (previous) await removeCase(outDir, previous);

  const { exportCase, maskSha256 } = await loadExportCase(plan, options.labels, ctx);
  const notes: string[] = [];
  const ectx: ExportContext = { outDir, options: formatOptions({ ...options, outDir }), labels: options.labels, version: job.version, signal: ctx.signal, note: (m) => notes.push(m) };
  const files: ExportedFile[] = [];
  try {
    for (const [i, ex] of exporters.entries()) {
      if (ctx.signal.aborted) throw new LungDeskError('job.cancelled', 'cancelled');
      ctx.progress(`writing ${ex.format}`, 0.75 + (0.2 * i) / exporters.length);
      files.push(...(await ex.writeCase(exportCase, ectx)));
    }
  } catch (e) {
    // A failed case leaves no files the manifest would not list (those its formats reported).
    for (const f of files) await fsp.rm(safeJoin(outDir, f.path), { force: true }).catch(() => {});
    throw e;
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new LungDeskError('internal', `two exporters of case ${plan.caseId} wrote ${f.path}`);
    seen.add(f.path);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const record: CaseRecord = { format: 'lungdesk-export-case/1', caseId: plan.caseId, planSha256: sha, plan: redactPlan(plan), files, maskSha256, labelSources: exportCase.labelSources, notes };
  await writeCaseRecord(outDir, record);
  return result(plan.caseId, 'written', files, notes, t0);
}

function result(caseId: string, status: 'written' | 'kept', files: readonly ExportedFile[], notes: readonly string[], t0: number): ExportCaseResult {
  return { caseId, status, files: [...files], notes: [...notes], peakRssBytes: process.resourceUsage().maxRSS * 1024, seconds: (Date.now() - t0) / 1000 };
}
