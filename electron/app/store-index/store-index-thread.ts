import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../common/errors';
import type { IndexDatasetResult } from '../../common/job-catalogue';
import { openDatabase } from '../../db';
import { storeIndexResult } from './store-index';

/** What the host hands the store thread (structured-cloned; the result was checked against its schema in the host). */
export interface StoreIndexThreadInput {
  dbFile: string;
  datasetId: number;
  result: IndexDatasetResult;
}

/**
 * The store thread: opens its own connection to the host's index file (WAL: the host keeps
 * reading while this writes), stores one indexing pass in one transaction, answers with
 * `{ ok }` or `{ error }` and closes the connection. The host migrated the file when it
 * opened it, so openDatabase finds it current and runs no migration here.
 */
function main(): void {
  const { dbFile, datasetId, result } = workerData as StoreIndexThreadInput;
  let db: ReturnType<typeof openDatabase> | undefined;
  try {
    db = openDatabase(dbFile);
    parentPort!.postMessage({ ok: storeIndexResult(db, datasetId, result) });
  } catch (e) {
    parentPort!.postMessage({ error: toErrorInfo(e) });
  } finally {
    db?.close();
  }
}

main();
