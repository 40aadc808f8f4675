import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { ErrorInfo, fromErrorInfo, LungDeskError } from '../../common/errors';
import type { IndexDatasetResult } from '../../common/job-catalogue';
import type { LungDeskDb } from '../../db';
import { storeIndexResult, type StoredIndex } from './store-index';
import type { StoreIndexThreadInput } from './store-index-thread';

const ThreadAnswer = z.union([
  z.object({ ok: z.object({ count: z.number().int(), scanIds: z.array(z.number().int()), removedScans: z.number().int() }) }),
  z.object({ error: ErrorInfo }),
]);

/**
 * The thread's script and how to start it: the compiled .js next to this file, or, from
 * TypeScript source (tests, tsx), the .ts through tsx's CommonJS hook (a worker thread does
 * not inherit the host's loader, and `--import` in a thread's execArgv is not honoured by Node 20).
 */
function threadScript(): { script: string; eval: boolean } {
  const fromSource = __filename.endsWith('.ts');
  const file = path.join(__dirname, fromSource ? 'store-index-thread.ts' : 'store-index-thread.js');
  if (!fs.existsSync(file)) throw new LungDeskError('internal', `store thread script missing: ${file} (run npm run build)`);
  if (!fromSource) return { script: file, eval: false };
  return { script: `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, eval: true };
}

/**
 * Stores an indexing pass (storeIndexResult) without blocking this thread's event loop: a
 * worker thread does the one transaction on its own connection to `db`'s file while the host
 * goes on answering (a 25k-row annotations.csv holds the write for ~0.3 s, LUNA16's 750k
 * candidates for seconds). An in-memory index cannot be shared between connections, so
 * there it is stored inline, as before.
 *
 * While the thread holds the write lock, a write on the host's connection waits in SQLite's
 * busy handler (synchronously, up to busy_timeout): the thread builds its rows before BEGIN
 * to keep that window to the statements themselves. The caller runs one store at a time.
 */
export function storeIndexOffThread(db: LungDeskDb, datasetId: number, result: IndexDatasetResult): Promise<StoredIndex> {
  if (db.file === ':memory:') return Promise.resolve(storeIndexResult(db, datasetId, result));
  return new Promise<StoredIndex>((resolve, reject) => {
    const { script, eval: isEval } = threadScript();
    const input: StoreIndexThreadInput = { dbFile: db.file, datasetId, result };
    const thread = new Worker(script, { eval: isEval, workerData: input });
    let answered = false;
    thread.once('message', (raw: unknown) => {
      answered = true;
      const parsed = ThreadAnswer.safeParse(raw);
      if (!parsed.success) reject(new LungDeskError('internal', `the index store thread answered outside its protocol: ${parsed.error.message}`));
      else if ('ok' in parsed.data) resolve(parsed.data.ok);
      else reject(fromErrorInfo(parsed.data.error));
    });
    thread.once('error', (e) => {
      answered = true;
      reject(new LungDeskError('db.failed', `storing the index of dataset ${datasetId} in ${db.file} failed: ${e.message}`, { file: db.file, cause: e }));
    });
    thread.once('exit', (code) => {
      if (!answered) reject(new LungDeskError('db.failed', `the thread storing the index of dataset ${datasetId} in ${db.file} exited (code ${code}) without an answer`, { file: db.file }));
    });
  });
}
