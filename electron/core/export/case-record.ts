import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExportCasePlanSchema, ExportedFileSchema } from '../../common/job-catalogue/export-jobs';
import { writeChunksAtomic } from '../io/write/npy-writer';
import type { ExportCasePlan, ExportedFile } from './case-model';
import { EXPORT_STATE_DIR, sha256OfJson, stableJson, type ExportParameters } from './export-parameters';
import { safeJoin } from './export-file';

/**
 * A finished case's record, `.lungdesk-export/cases/{caseId}.json`: the plan it was written
 * from, the files written with their sha256, and the sha256 of each mask version read. It is
 * written last (atomically), so its presence means the case's files are complete; a resumed
 * export keeps a case whose record matches its plan and whose files re-hash equal, and the
 * manifest (and a shard merge) is built from the records alone. Deterministic: no times.
 */
export const CaseRecordSchema = z.object({
  format: z.literal('lungdesk-export-case/1'),
  caseId: z.string(),
  /** sha256 of the full plan (source paths included) and the export parameters. */
  planSha256: z.string(),
  /** The plan without the source file paths (see `redactPlan`). */
  plan: ExportCasePlanSchema,
  files: z.array(ExportedFileSchema),
  /** Mask version id → sha256 of its voxels as read. */
  maskSha256: z.record(z.string(), z.string()),
  /** Where the labels came from: lung from these versions; per positive lesion (plan order) a version id, 'outline' or 'sphere'. */
  labelSources: z.object({ lung: z.array(z.number().int()), nodule: z.array(z.union([z.number().int(), z.enum(['outline', 'sphere'])])) }),
  /** What the formats said of this case (a format that does not apply to it, data left out). */
  notes: z.array(z.string()),
});
export type CaseRecord = z.infer<typeof CaseRecordSchema>;

// The schema and core's case model describe one shape: each must be assignable to the other.
const _planFits: ExportCasePlan = {} as z.infer<typeof ExportCasePlanSchema>;
const _schemaFits: z.infer<typeof ExportCasePlanSchema> = {} as ExportCasePlan;
const _fileFits: ExportedFile = {} as z.infer<typeof ExportedFileSchema>;
void _planFits;
void _schemaFits;
void _fileFits;

export function caseRecordPath(outDir: string, caseId: string): string {
  return path.join(outDir, EXPORT_STATE_DIR, 'cases', `${caseId}.json`);
}

export function planSha256(plan: ExportCasePlan, params: ExportParameters): string {
  return sha256OfJson({ plan, params });
}

/**
 * The plan as records and manifests keep it: the source file paths (slices, mask files) are
 * this workstation's and say nothing the series UID and mask version ids do not, so they stay
 * out of the export folder; everything else is kept for the formats' finish and a merge.
 */
export function redactPlan(plan: ExportCasePlan): ExportCasePlan {
  return { ...plan, files: [], masks: plan.masks.map((m) => ({ ...m, path: path.basename(m.path) })) };
}

/** The case's record, or null when there is none or it cannot be used (damaged, another format). */
export async function readCaseRecord(outDir: string, caseId: string): Promise<CaseRecord | null> {
  let text: string;
  try {
    text = await fsp.readFile(caseRecordPath(outDir, caseId), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = CaseRecordSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.caseId === caseId ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeCaseRecord(outDir: string, record: CaseRecord): Promise<void> {
  await writeChunksAtomic(caseRecordPath(outDir, record.caseId), [Buffer.from(stableJson(record))]);
}

/** Removes a record and the files it lists (an outdated case about to be written again). */
export async function removeCase(outDir: string, record: CaseRecord): Promise<void> {
  await fsp.rm(caseRecordPath(outDir, record.caseId), { force: true });
  for (const f of record.files) await fsp.rm(safeJoin(outDir, f.path), { force: true });
}

/** True when every file exists with its recorded size and sha256. */
export async function filesIntact(outDir: string, files: readonly ExportedFile[]): Promise<boolean> {
  for (const f of files) {
    const abs = safeJoin(outDir, f.path);
    const st = await fsp.stat(abs).catch(() => null);
    if (!st || !st.isFile() || st.size !== f.bytes) return false;
    if ((await sha256OfFile(abs)) !== f.sha256) return false;
  }
  return true;
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
