import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ExportOptions } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import { writeChunksAtomic } from '../../core/io/write/npy-writer';
import { caseRecordPath, readCaseRecord, removeCase } from '../../core/export/case-record';
import { EXPORT_STATE_DIR, exportParameters, sortedKeys, stableJson } from '../../core/export/export-parameters';

const STATE_FORMAT = 'lungdesk-export/1';
const stateFile = (outDir: string) => path.join(outDir, EXPORT_STATE_DIR, 'export.json');

/** What `.lungdesk-export/export.json` holds: the parameters and version the folder's files are written with. */
function stateOf(o: ExportOptions, version: string): string {
  return stableJson({ format: STATE_FORMAT, lungdeskVersion: version, parameters: exportParameters(o) });
}

/**
 * Makes `outDir` ready for an export, or refuses it (export.not-empty): a missing or empty
 * folder is taken; a folder with files only with `resume`, or for a shard (the shards of one
 * export share their folder), and then only when it holds an export of the same parameters
 * and LungDesk version (a resume that would mix two exports' files is refused, naming what
 * differs). Records the parameters in `.lungdesk-export/export.json` before any case is written.
 */
export async function prepareExportFolder(outDir: string, o: ExportOptions, version: string): Promise<void> {
  const st = await fsp.stat(outDir).catch(() => null);
  if (st && !st.isDirectory()) throw new LungDeskError('export.bad-folder', `${outDir} is a file, not a folder`, { file: outDir });
  const entries = st ? await fsp.readdir(outDir) : [];
  const wanted = stateOf(o, version);
  if (entries.length) {
    const had = await fsp.readFile(stateFile(outDir), 'utf8').catch(() => null);
    const onlyState = entries.every((e) => e === EXPORT_STATE_DIR);
    if (!o.resume && !o.shard) {
      throw new LungDeskError('export.not-empty', `${outDir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}): choose an empty folder, or resume the export in it`, { file: outDir });
    }
    if (had === null && !(o.shard && onlyState)) {
      throw new LungDeskError('export.not-empty', `${outDir} holds files that are not a LungDesk export: choose an empty folder`, { file: outDir });
    }
    if (had !== null && had !== wanted) {
      throw new LungDeskError('export.not-empty', `${outDir} holds an export made with other settings (${differences(had, wanted)}): resume it with the same settings, or choose an empty folder`, { file: outDir });
    }
  }
  await fsp.mkdir(path.join(outDir, EXPORT_STATE_DIR, 'cases'), { recursive: true });
  await writeChunksAtomic(stateFile(outDir), [Buffer.from(wanted)]);
}

/** The top-level fields that differ between two export.json texts, for the refusal message. */
function differences(a: string, b: string): string {
  let pa: Record<string, unknown>;
  try {
    pa = JSON.parse(a) as Record<string, unknown>;
  } catch {
    return 'its export.json is damaged';
  }
  const pb = JSON.parse(b) as Record<string, unknown>;
  const out: string[] = [];
  if (pa.lungdeskVersion !== pb.lungdeskVersion) out.push(`LungDesk ${String(pa.lungdeskVersion)} there, ${String(pb.lungdeskVersion)} here`);
  const xa = (pa.parameters ?? {}) as Record<string, unknown>;
  const xb = (pb.parameters ?? {}) as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(xa), ...Object.keys(xb)])].sort()) {
    if (JSON.stringify(sortedKeys(xa[k])) !== JSON.stringify(sortedKeys(xb[k]))) out.push(`${k}: ${JSON.stringify(xa[k])} there, ${JSON.stringify(xb[k])} here`);
  }
  return out.join('; ') || 'its export.json differs';
}

/**
 * Removes the cases recorded in the folder that this export no longer plans (a scan reopened
 * or left out since the interrupted run), files and record, so the folder holds what the
 * manifest lists. Returns their case ids.
 */
export async function removeUnplannedCases(outDir: string, planned: ReadonlySet<string>): Promise<string[]> {
  const dir = path.dirname(caseRecordPath(outDir, 'x'));
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const caseId = name.slice(0, -'.json'.length);
    if (planned.has(caseId)) continue;
    const r = await readCaseRecord(outDir, caseId);
    if (r) await removeCase(outDir, r);
    else await fsp.rm(path.join(dir, name), { force: true });
    removed.push(caseId);
  }
  return removed;
}
