import fs from 'node:fs';
import path from 'node:path';
import type { ExportPreview, ExportSummary } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import { directContext } from '../../common/jobs';
import { mergeShards } from '../../app/export/merge-shards';
import { createRuntime } from '../../app/runtime';
import { UsageError, type CliIo } from '../args';
import { EXPORT_USAGE, exportOptionsOf, parseExportFlags } from './export-args';
import { reportError, reportUsage } from './load-scan';

/**
 * `lungdesk export`: a training-set export of an index without the UI (a workstation, a
 * server, or one shard of a cluster's job array), and `lungdesk export merge DIR`.
 */
export async function exportCommand(argv: string[], io: CliIo, opts: { version: string }): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseExportFlags(argv);
    if (values.help) {
      io.stdout(EXPORT_USAGE + '\n');
      return 0;
    }
    if (positionals[0] === 'merge') {
      if (positionals.length !== 2) throw new UsageError('give exactly one DIR: lungdesk export merge DIR');
      return report(await mergeShards(positionals[1]!, directContext()), json, io);
    }
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const args = exportOptionsOf(values);
    if (!fs.existsSync(args.db)) throw new LungDeskError('io.not-found', `${args.db} does not exist: make the index with lungdesk index DIR --db ${args.db}`, { file: args.db });
    // The data folder is the index's folder, as `lungdesk index --db` lays it out.
    const runtime = createRuntime({ dataDir: path.dirname(args.db), dbFile: args.db, host: 'browser', version: opts.version });
    try {
      if (args.preview) {
        const preview = runtime.service.previewExport(args.options);
        if (json) io.stdout(JSON.stringify(preview, null, 2) + '\n');
        else printPreview(preview, io);
        return 0;
      }
      const job = runtime.service.startExport(args.options);
      const stopProgress = json ? () => {} : followProgress(runtime.runner, job.jobId, io);
      const onSigint = () => runtime.runner.cancel(job.jobId);
      process.once('SIGINT', onSigint);
      try {
        return report(await job.done, json, io);
      } finally {
        process.off('SIGINT', onSigint);
        stopProgress();
      }
    } finally {
      runtime.close();
    }
  } catch (e) {
    if (e instanceof UsageError) return reportUsage(e.message, 'export', EXPORT_USAGE, json, io);
    return reportError(e, 'export', json, io);
  }
}

function report(summary: ExportSummary, json: boolean, io: CliIo): number {
  if (json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  else {
    io.stdout(`${summary.outDir}: ${summary.casesWritten} case(s) written, ${summary.casesSkipped} kept from before, ${summary.failed.length} failed, ${(summary.bytes / 1024 ** 2).toFixed(1)} MB in ${summary.seconds.toFixed(1)} s\n`);
    for (const f of summary.failed) io.stdout(`  failed ${f.caseId}: ${f.reason}\n`);
    for (const n of notesOf(summary.manifest)) io.stdout(`  note: ${n}\n`);
    io.stdout(`manifest: ${summary.manifest}\n`);
  }
  return summary.failed.length ? 1 : 0;
}

/** What the formats noted (a format that does not apply to a case, data left out), as the manifest keeps it. */
function notesOf(manifest: string): string[] {
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { cases?: { notes?: string[] }[]; notes?: string[] };
    return [...(m.cases ?? []).flatMap((c) => c.notes ?? []), ...(m.notes ?? [])];
  } catch {
    return [];
  }
}

/** The export job's progress on stderr, one line per change, at most one a second. */
function followProgress(runner: { onDidUpdate(l: (s: { id: string; progress: { stage: string } }) => void): () => void }, jobId: string, io: CliIo): () => void {
  let last = '';
  let at = 0;
  return runner.onDidUpdate((s) => {
    if (s.id !== jobId || s.progress.stage === last) return;
    const now = Date.now();
    if (now - at < 1000 && !s.progress.stage.startsWith('writing')) return;
    last = s.progress.stage;
    at = now;
    io.stderr(`export: ${last}\n`);
  });
}

function printPreview(p: ExportPreview, io: CliIo): void {
  io.stdout(`${p.cases.length} case(s) of ${p.patients} patient(s), ${p.lesions} lesion(s), ${p.negatives} negative(s), about ${(p.estimatedBytes / 1024 ** 2).toFixed(0)} MB\n`);
  for (const c of p.cases) {
    io.stdout(`  ${c.caseId.padEnd(28)} ${c.split.padEnd(10)} lesions ${c.lesions}, negatives ${c.negatives}, masks ${c.maskVersionIds.join(',') || '-'}  ${c.seriesInstanceUid}\n`);
  }
  for (const s of p.skipped) io.stdout(`  left out: scan ${s.scanId}: ${s.reason}\n`);
  for (const w of p.warnings) io.stdout(`  warning: ${w}\n`);
}
