import path from 'node:path';
import type { ContractHandlers, DatasetReport, DatasetSummary, ScanListItem } from '../../common';
import { LungDeskError, isLungDeskError } from '../../common';
import type { IndexDatasetResult } from '../../common/job-catalogue';
import { scanReviewStatus } from '../../core/review';
import { detectFolderChanges } from '../../core/io';
import { datasetRoot } from '../../core/datasets/dataset-root';
import { DEFAULT_FILE_BUDGET } from '../../core/datasets/walk-guard';
import {
  appendAudit,
  deleteDataset,
  getDataset,
  insertDataset,
  listDatasets,
  listIndexedFileStats,
  listIndexedFiles,
  lesionCountsByScan,
  listScans,
  markDatasetIndexed,
  reviewStatusByScan,
  type DatasetKind,
} from '../../db';
import { importLabelmaps } from '../import-labelmaps';
import type { MaskStore } from '../mask-store/mask-store';
import type { ServiceContext } from '../service-context';
import { buildDatasetReport } from '../dataset-report';
import { storeIndexOffThread } from '../store-index/store-index-off-thread';
import type { StoredIndex } from '../store-index/store-index';
import { toScanSummary } from './scan-summary';

/** The file budget of a first index: $LUNGDESK_FILE_BUDGET (a positive integer) or DEFAULT_FILE_BUDGET. */
export function defaultFileBudget(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.LUNGDESK_FILE_BUDGET);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_FILE_BUDGET;
}

type DatasetHandlers = Pick<ContractHandlers, 'listDatasets' | 'importDataset' | 'reindexDataset' | 'listScans' | 'getDatasetReport'>;

/** Datasets: adding and re-indexing folders, the scan list, the demo dataset and reports. */
export class DatasetArea {
  private demoDatasetId: number | null;
  /** The last index write in flight (see serially). */
  private storing: Promise<unknown> = Promise.resolve();
  readonly handlers: DatasetHandlers;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly maskStore: MaskStore,
  ) {
    this.demoDatasetId = listDatasets(ctx.db).find((d) => d.kind === 'demo')?.id ?? null;
    this.handlers = {
      listDatasets: async () => this.listDatasets(),
      importDataset: async ({ path: p, name, fileBudget }) => {
        const { datasetId, jobId } = this.importDataset(p, name, 'folder', fileBudget === undefined ? {} : { fileBudget });
        return { datasetId, jobId };
      },
      listScans: async ({ datasetId }) => this.listScans(datasetId),
      reindexDataset: async ({ datasetId }) => {
        const ds = getDataset(ctx.db, datasetId);
        if (!ds) throw new LungDeskError('not-found', `no dataset with id ${datasetId}`);
        return { jobId: this.importDataset(ds.rootPath, ds.name, ds.kind as DatasetKind).jobId };
      },
      getDatasetReport: async ({ datasetId }) => this.datasetReport(datasetId),
    };
  }

  get demoId(): number | null {
    return this.demoDatasetId;
  }

  /** Makes the demo dataset in the data folder (first start only) and indexes it. */
  async ensureDemoDataset(): Promise<number> {
    const dir = path.join(this.ctx.dataDir, 'demo');
    const made = await this.ctx.runner.start('makeDemo', { dir }, { label: 'Preparing the demo dataset' }).done;
    const { datasetId, done } = this.importDataset(made.dir, 'LungDesk demo', 'demo');
    await done;
    this.demoDatasetId = datasetId;
    return datasetId;
  }

  /**
   * Adds a folder as a dataset (or re-indexes it) in a job: only new or changed files are
   * read, removed ones are noticed, annotation files are imported. `done` resolves with the
   * number of scans once everything is stored.
   *
   * A folder no dataset can be (/, /proc, /sys, /dev, the data folder, a file) is refused at
   * once, before any row or job. The first index of a folder counts its files against
   * `opts.fileBudget` (default: $LUNGDESK_FILE_BUDGET or DEFAULT_FILE_BUDGET) and fails with
   * dataset.too-many-files past it; a folder indexed before has been accepted and is not
   * counted again. A first index that stops there (or is cancelled) removes the dataset it
   * added, so the app is as it was before the import.
   */
  importDataset(root: string, name?: string, kind: DatasetKind = 'folder', opts: { fileBudget?: number } = {}): { datasetId: number; jobId: string; done: Promise<number> } {
    const { db, runner } = this.ctx;
    const abs = datasetRoot(root, { dataDir: this.ctx.dataDir });
    const before = listDatasets(db).find((d) => d.rootPath === abs);
    const datasetId = insertDataset(db, { name: name ?? path.basename(abs), rootPath: abs, kind });
    const previous = listIndexedFileStats(db, datasetId);
    const label = path.basename(abs);
    const fileBudget = kind === 'demo' || (before !== undefined && before.indexedAt !== null) ? undefined : (opts.fileBudget ?? defaultFileBudget());
    const budget = fileBudget === undefined ? {} : { fileBudget };
    const index = () => {
      const cached = [...listIndexedFiles(db, datasetId).values()];
      return runner.start('indexDataset', { path: abs, previous: cached, ...budget }, { label: `Indexing ${label}` }).done.then((r) => this.storeAndImport(datasetId, r));
    };
    let jobId: string;
    let stored: Promise<number>;
    if (previous.size === 0) {
      const job = runner.start('indexDataset', { path: abs, previous: [], ...budget }, { label: `Indexing ${label}` });
      jobId = job.jobId;
      stored = job.done.then((r) => this.storeAndImport(datasetId, r));
    } else {
      // Re-index: a cheap in-process check first; an unchanged folder needs no worker at all.
      const check = runner.runInline('checkDataset', (jctx) => detectFolderChanges(abs, previous, jctx), { label: `Checking ${label} for changes` });
      jobId = check.jobId;
      stored = check.done.then((changes) => {
        if (changes.changed) return index();
        return this.serially(async () => {
          markDatasetIndexed(db, datasetId);
          appendAudit(db, { actor: 'lungdesk', action: 'dataset.indexed', entity: 'dataset', entityId: String(datasetId), detail: { unchanged: true, files: changes.files, read: 0, reused: changes.files, removed: 0 } });
          return listScans(db, datasetId).length;
        });
      });
    }
    const done = stored.then(
      (count) => {
        this.ctx.emit('onDidChangeDatasets', { datasetId });
        return count;
      },
      (e: unknown) => {
        const stopped = isLungDeskError(e) && (e.code === 'dataset.too-many-files' || e.code === 'job.cancelled');
        if (stopped && before === undefined && deleteDataset(db, datasetId)) {
          this.ctx.log(`removed dataset ${datasetId} (${abs}): its first index stopped (${e.code})`);
          this.ctx.emit('onDidChangeDatasets', { datasetId });
        }
        throw e;
      },
    );
    done.catch(() => {}); // callers may ignore `done`; failures reach the UI through the job
    return { datasetId, jobId, done };
  }

  /**
   * Stores an indexing pass, then opens the labelmaps it paired with images (nnU-Net) as their masks.
   * The pass is stored atomically off the event loop (store-index-off-thread.ts).
   */
  private storeAndImport(datasetId: number, r: IndexDatasetResult): Promise<number> {
    return this.serially(async () => {
      const stored = await storeIndexOffThread(this.ctx.db, datasetId, r);
      return this.afterStore(datasetId, r, stored);
    });
  }

  /** What only the host can do once a pass is stored: its caches, the log, lesion rows and labelmaps. */
  private async afterStore(datasetId: number, r: IndexDatasetResult, { count, scanIds, removedScans }: StoredIndex): Promise<number> {
    // The store dropped these scans' lesion rows on its own connection: drop what this one
    // cached of them too, at once, before anything reads them (one transaction, many scans).
    this.ctx.db.sqlite.transaction(() => {
      for (const scanId of scanIds) this.ctx.lesions.forget(scanId);
    })();
    this.ctx.log(
      `indexed dataset ${datasetId}: ${count} scans (${removedScans} removed), files ${r.discovery.stats.files} (read ${r.discovery.stats.read}, reused ${r.discovery.stats.reused}), ${r.reports.length} annotation file(s)`,
    );
    // Lesions are grouped after the rows are stored, a scan at a time with the event loop
    // free between slices (25k rows of one series take most of a second). Until then a scan
    // has no lesion index rows, which a crash leaves for the next start to rebuild.
    for (const scanId of scanIds) await this.ctx.lesions.refreshSliced(scanId);
    await importLabelmaps(this.ctx, this.maskStore, datasetId, r.labelmaps);
    return count;
  }

  /**
   * Runs the index's writes one pass after another: a store thread holding the write lock
   * would make a write on the host's connection (another pass's lesion rows, an unchanged
   * re-index's audit row) wait synchronously in SQLite's busy handler, and two store threads
   * would wait on each other.
   */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.storing.then(fn);
    this.storing = run.catch(() => undefined);
    return run;
  }

  listDatasets(): DatasetSummary[] {
    return listDatasets(this.ctx.db);
  }

  /** The scans with their nodule lesion counts and review states, from the lesion index. */
  listScans(datasetId?: number): ScanListItem[] {
    const { db } = this.ctx;
    const byScan = lesionCountsByScan(db, datasetId);
    const marked = reviewStatusByScan(db, datasetId);
    return listScans(db, datasetId).map((s) => {
      const r = scanReviewStatus(byScan.get(s.id) ?? [], marked.get(s.id) === 'done');
      return { ...toScanSummary(s), noduleCount: r.lesions, reviewStatus: r.status };
    });
  }

  /** What the last indexing found and left out, file by file, and what each annotation import matched. */
  datasetReport(datasetId: number): DatasetReport {
    return buildDatasetReport(this.ctx.db, datasetId);
  }
}
