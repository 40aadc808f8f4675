/**
 * A host for the kill-during-save test: opens the LungDesk runtime on a data folder (made
 * with one scan on first use), starts a long worker job, then saves mask versions in a loop,
 * printing `JOB RUNNING` once the job runs and `SAVED <id> <sha256>` only after each save has
 * returned (committed). The test SIGKILLs it at some point of the loop.
 * Usage: node --import tsx test/helpers/mask-save-host.ts <dataDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRuntime } from '../../electron/app/runtime';
import { insertDataset, openDatabase, upsertScan } from '../../electron/db';

export const SAVE_HOST_DIMS: [number, number, number] = [128, 128, 64];

const dataDir = path.resolve(process.argv[2]!);
if (!fs.existsSync(path.join(dataDir, 'lungdesk.sqlite'))) {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, 'lungdesk.sqlite'));
  const datasetId = insertDataset(db, { name: 'kill test', rootPath: dataDir, kind: 'folder' });
  upsertScan(db, datasetId, {
    seriesInstanceUid: '1.2.3.4', studyInstanceUid: '1.2.3', patientId: 'kill', modality: 'CT', description: '', format: 'metaimage', path: path.join(dataDir, 'scan.mhd'),
    dims: SAVE_HOST_DIMS, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], sliceCount: SAVE_HOST_DIMS[2], warnings: [], files: [],
  });
  db.close();
}

const { service, runner } = createRuntime({ dataDir, host: 'browser', version: '0.0.0-test' });
const scanId = service.listScans()[0]!.id;
const labels = [{ value: 1, name: 'lung', kind: 'lung' as const }];
const n = SAVE_HOST_DIMS[0] * SAVE_HOST_DIMS[1] * SAVE_HOST_DIMS[2];

let running = false;
const job = runner.start('diagnostic', { mode: 'sleep', ms: 120_000 });
job.done.catch(() => {});
runner.onDidUpdate((s) => {
  if (running || s.id !== job.jobId || s.progress.stage !== 'sleeping') return;
  running = true;
  process.stdout.write('JOB RUNNING\n');
});

void (async () => {
  await service.startupChecked;
  let parentId: number | null = null;
  for (let i = 0; ; i++) {
    // Each save repaints a band of slices: a different grid, a different sha256, a real file.
    const start = (i * 9973) % (n - 70_000);
    const change = { runs: Uint32Array.from([start, 65_536]), values: new Uint8Array(65_536).fill(i % 2) };
    const v = await service.handlers.saveMaskVersion({ scanId, parentId, kind: 'lung', note: `save ${i}`, tools: ['brush'], labels, change });
    parentId = v.id;
    process.stdout.write(`SAVED ${v.id} ${v.sha256}\n`);
  }
})();
