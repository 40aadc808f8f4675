import path from 'node:path';
import { sweepTempFiles, type TempSweepReport } from '../core/io/write/temp-sweep';
import type { MaskStore } from './mask-store/mask-store';
import type { MaskReconcileReport } from './mask-store/reconcile-masks';

/**
 * The data folder's own subfolders that LungDesk writes (masks, the surface cache, default
 * preprocessing outputs, the demo dataset). The sweep stays in them and the folder's top
 * level: the CLI's data folder is the index file's folder, which may hold anything else.
 */
const DEMO_FOLDER = 'demo';
const WRITTEN_FOLDERS = ['masks', 'surfaces', 'preprocessed', DEMO_FOLDER];

export interface StartupReport {
  temp: TempSweepReport;
  masks: MaskReconcileReport;
}

/**
 * What a host does to its data folder at start, so nothing a killed run left behind is ever
 * read: removes the temp files of dead writers (every write goes through one, see
 * core/io/write/temp-file.ts), then reconciles the mask files with their rows (damaged
 * versions listed as such, files without a row moved to lost+found). Runs in the background:
 * the sweep touches only dead writers' files, and the reconcile runs in turn with mask saves.
 */
export async function runStartupChecks(dataDir: string, masks: MaskStore, log: (line: string) => void): Promise<StartupReport> {
  const temp = await sweepDataFolder(dataDir, log, 'startup');
  const report = await masks.reconcile();
  if (report.damaged.length || report.quarantined.length) {
    log(`[startup] mask store: ${report.checked} version(s) checked, ${report.damaged.length} damaged, ${report.quarantined.length} file(s) without a row moved to lost+found`);
  }
  return { temp, masks: report };
}

/**
 * Removes dead writers' temp files from the data folder's top level and the folders LungDesk
 * writes: at start, and after a worker was killed (crash, out of memory, a cancel it did not
 * answer in time), which leaves its open temp files behind.
 */
export async function sweepDataFolder(dataDir: string, log: (line: string) => void, why: string): Promise<TempSweepReport> {
  const temp = await sweepTempFiles(dataDir, { maxDepth: 0 });
  for (const sub of WRITTEN_FOLDERS) {
    // The demo dataset was written by earlier versions too, whose temp files were `<name>.tmp-<pid>`.
    const r = await sweepTempFiles(path.join(dataDir, sub), { legacy: sub === DEMO_FOLDER });
    temp.removed.push(...r.removed);
    temp.failed.push(...r.failed);
  }
  if (temp.removed.length) log(`[${why}] removed ${temp.removed.length} temp file(s) of killed writes under ${dataDir}`);
  for (const f of temp.failed) log(`[${why}] could not remove the temp file ${f.file}: ${f.message}`);
  return temp;
}
