import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ExportOptions } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import type { CaseExporter, ExportContext, ExportedFile } from './case-model';
import { tempFileWriter } from '../io/write/temp-file';
import { readCaseRecord, type CaseRecord } from './case-record';
import { writeExportFile } from './export-file';
import { exportParameters, formatOptions } from './export-parameters';
import { manifestCsv, manifestJson, type ManifestInput } from './manifest';

export interface FinishJob {
  options: ExportOptions;
  version: string;
  /** The cases written or kept, whose records the manifest is built from. */
  caseIds: readonly string[];
  failed: readonly { caseId: string; reason: string }[];
  /** How many cases the whole export planned (all shards). */
  plannedCases: number;
}

export const shardManifestName = (index: number, count: number): string => `manifest.shard-${index}-of-${count}.json`;

/** The records of `caseIds`, sorted by case id; a missing one is an error naming it. */
export async function readCaseRecords(outDir: string, caseIds: readonly string[]): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  for (const id of [...caseIds].sort()) {
    const r = await readCaseRecord(outDir, id);
    if (!r) throw new LungDeskError('io.not-found', `case ${id} has no usable record in ${outDir}: it was not written completely; resume the export`, { file: outDir });
    out.push(r);
  }
  return out;
}

/**
 * The export's own files, once its cases are written. A shard writes only its manifest,
 * `manifest.shard-i-of-n.json` (the merge runs the rest over all shards' cases). A whole
 * export runs each format's `finish` over every case (plans and files from the records, in
 * case order) and then writes manifest.json and manifest.csv. Returns the manifest's path
 * and the files written.
 */
export async function finishExport(job: FinishJob, exporters: readonly CaseExporter[], ctx: JobContext): Promise<{ manifest: string; files: ExportedFile[]; notes: string[] }> {
  const outDir = path.resolve(job.options.outDir);
  const records = await readCaseRecords(outDir, job.caseIds);
  const notes: string[] = [];
  const base: Omit<ManifestInput, 'exportFiles'> = { version: job.version, parameters: exportParameters(job.options), records, failed: job.failed, notes };
  const shard = job.options.shard;
  if (shard) {
    const name = shardManifestName(shard.index, shard.count);
    const f = await writeExportFile(outDir, name, [Buffer.from(manifestJson({ ...base, exportFiles: [], shard: { ...shard, plannedCases: job.plannedCases } }))], 'manifest');
    return { manifest: path.join(outDir, name), files: [f], notes };
  }
  const ectx: ExportContext = { outDir, options: formatOptions({ ...job.options, outDir }), labels: job.options.labels, version: job.version, signal: ctx.signal, note: (m) => notes.push(m) };
  const cases = records.map((r) => ({ plan: r.plan, files: r.files }));
  const exportFiles: ExportedFile[] = [];
  for (const [i, ex] of exporters.entries()) {
    if (!ex.finish) continue;
    ctx.progress(`finishing ${ex.format}`, (0.8 * i) / exporters.length);
    exportFiles.push(...(await ex.finish(cases, ectx)));
  }
  const m: ManifestInput = { ...base, exportFiles };
  const json = await writeExportFile(outDir, 'manifest.json', [Buffer.from(manifestJson(m))], 'manifest');
  const csv = await writeExportFile(outDir, 'manifest.csv', [Buffer.from(manifestCsv(m))], 'manifest');
  await removeStaleTempFiles(outDir);
  return { manifest: path.join(outDir, 'manifest.json'), files: [...exportFiles, json, csv], notes };
}

/**
 * Removes the temp files a killed writer left anywhere under `outDir` (each write goes
 * through a temp file renamed into place, so a kill can leave one behind). Only safe when no
 * other process writes into the folder: before a resumed whole export, and at the end of one.
 */
export async function removeStaleTempFiles(outDir: string): Promise<number> {
  let removed = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (tempFileWriter(e.name) !== null) {
        await fsp.rm(abs, { force: true });
        removed++;
      }
    }
  };
  await walk(outDir);
  return removed;
}
