import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type {
  AnnotationCounts,
  ContractHandlers,
  DatasetReport,
  HuHistogram,
  DatasetSummary,
  ScanListItem,
  EventName,
  EventPayload,
  JobState,
  ScanSummary,
  VolumeHeader,
} from '../common';
import { LungDeskError } from '../common';
import {
  getDataset,
  listImports,
  listIndexedFiles,
  reviewStatusByScan,
  countAnnotationsByScan,
  countCandidates,
  labelsOf,
  listAnnotations,
  getScan,
  getScanFiles,
  insertDataset,
  listDatasets,
  listScans,
  markDatasetIndexed,
  openDatabase,
  upsertScans,
  type DatasetKind,
  type LungDeskDb,
  type ScanRecord,
} from '../db';
import type { JobRunner } from '../workers/job-runner';
import type { IndexFolderResult } from '../workers/jobs/index-folder';
import type { LoadVolumeResult } from '../workers/jobs/load-volume';
import type { MakeDemoResult } from '../workers/jobs/make-demo';
import { VolumeCache } from './volume-cache';

export interface ServiceOptions {
  dataDir: string;
  host: 'electron' | 'browser';
  runner: JobRunner;
  version: string;
  log?: (line: string) => void;
}

type Listener = (event: EventName, payload: unknown) => void;

/**
 * The backend behind the contract: the dataset index in SQLite, jobs in worker processes,
 * and volumes streamed as bytes. Every host (Electron IPC, browser host, CLI) uses this.
 */
export class LungDeskService {
  readonly handlers: ContractHandlers;
  private readonly db: LungDeskDb;
  private readonly events = new EventEmitter();
  private readonly volumes = new VolumeCache(2);
  private readonly stopRunnerEvents: () => void;
  private demoDatasetId: number | null = null;

  private constructor(private readonly opts: ServiceOptions) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    this.db = openDatabase(path.join(opts.dataDir, 'lungdesk.sqlite'));
    this.events.setMaxListeners(100);
    this.stopRunnerEvents = opts.runner.onDidUpdate((s) => this.emit('onDidUpdateJob', s));
    this.handlers = this.makeHandlers();
    const demo = listDatasets(this.db).find((d) => d.kind === 'demo');
    if (demo) this.demoDatasetId = demo.id;
  }

  static open(opts: ServiceOptions): LungDeskService {
    return new LungDeskService(opts);
  }

  subscribe(listener: Listener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    this.events.emit('event', name, payload);
  }

  /** Makes the demo dataset in the data folder (first start only) and indexes it. */
  async ensureDemoDataset(): Promise<number> {
    const dir = path.join(this.opts.dataDir, 'demo');
    const job = this.opts.runner.start('makeDemo', { dir }, { label: 'Preparing the demo dataset' });
    const made = (await job.done) as MakeDemoResult;
    const { datasetId, done } = this.importDataset(made.dir, 'LungDesk demo', 'demo');
    await done;
    this.demoDatasetId = datasetId;
    return datasetId;
  }

  /** Adds a folder as a dataset and indexes it in a job; `done` resolves once stored. */
  importDataset(root: string, name?: string, kind: DatasetKind = 'folder'): { datasetId: number; jobId: string; done: Promise<number> } {
    const abs = path.resolve(root);
    if (!fs.existsSync(abs)) throw new LungDeskError('io.not-found', `no such folder or file: ${abs}`, { file: abs });
    const datasetId = insertDataset(this.db, { name: name ?? path.basename(abs), rootPath: abs, kind });
    const job = this.opts.runner.start('indexFolder', { path: abs }, { label: `Indexing ${path.basename(abs)}` });
    const done = job.done.then((r) => {
      const result = r as IndexFolderResult;
      const count = upsertScans(this.db, datasetId, result.scans).length;
      markDatasetIndexed(this.db, datasetId);
      this.opts.log?.(`indexed ${abs}: ${count} scans, ${result.issues.length} files skipped`);
      this.emit('onDidChangeDatasets', { datasetId });
      return count;
    });
    done.catch(() => {}); // callers may ignore `done`; failures reach the UI through the job
    return { datasetId, jobId: job.jobId, done };
  }

  listDatasets(): DatasetSummary[] {
    return listDatasets(this.db);
  }

  listScans(datasetId?: number): ScanListItem[] {
    const counts = new Map<number, number>();
    for (const r of countAnnotationsByScan(this.db, datasetId)) {
      // Physical nodules: LUNA16 rows, LIDC consensus nodules and user marks (not each reader's mark).
      if (r.kind === 'nodule' || r.kind === 'consensus') counts.set(r.scanId, (counts.get(r.scanId) ?? 0) + r.n);
    }
    const review = reviewStatusByScan(this.db, datasetId);
    return listScans(this.db, datasetId).map((s) => ({
      ...toScanSummary(s),
      noduleCount: counts.get(s.id) ?? 0,
      reviewStatus: review.get(s.id) ?? 'unreviewed',
    }));
  }

  datasetReport(datasetId: number): DatasetReport {
    const ds = getDataset(this.db, datasetId);
    if (!ds) throw new LungDeskError('not-found', `no dataset with id ${datasetId}`);
    const files = [...listIndexedFiles(this.db, datasetId).values()];
    const scans = listScans(this.db, datasetId);
    return {
      datasetId,
      scans: scans.length,
      filesIndexed: files.filter((f) => f.kind !== 'error' && f.kind !== 'other').length,
      filesSkipped: files.filter((f) => f.kind === 'error' || f.kind === 'other').length,
      warnings: scans.reduce((a, s) => a + s.warnings.length, 0),
      imports: listImports(this.db, datasetId).map(({ datasetId: _d, ...r }) => r),
    };
  }

  private scanOrThrow(scanId: number): ScanRecord {
    const scan = getScan(this.db, scanId);
    if (!scan) throw new LungDeskError('not-found', `no scan with id ${scanId}`);
    return scan;
  }

  /** What a reader needs to load a scan: DICOM slices in order, or the image file. */
  private filesOf(scan: ScanRecord): string[] {
    return scan.format === 'dicom' ? getScanFiles(this.db, scan.id) : [scan.path];
  }

  async getVolume(scanId: number): Promise<{ header: VolumeHeader; voxels: Uint8Array }> {
    const scan = this.scanOrThrow(scanId);
    const cached = this.volumes.get(scanId);
    if (cached) return cached;
    const files = this.filesOf(scan);
    const job = this.opts.runner.start(
      'loadVolume',
      { format: scan.format, files },
      { label: `Loading ${scan.patientId || path.basename(scan.path)}` },
    );
    const r = (await job.done) as LoadVolumeResult;
    const value = {
      header: { scanId, dims: r.dims, spacing: r.spacing, origin: r.origin, direction: r.direction, dtype: 'int16' as const, min: r.min, max: r.max },
      // Child-process IPC hands the bytes over as a view at any offset into its message;
      // every consumer views them as Int16Array, which needs an even offset.
      voxels: r.voxels.byteOffset % 8 === 0 ? r.voxels : r.voxels.slice(),
    };
    this.volumes.set(scanId, value);
    return value;
  }

  annotationCounts(scanId: number): AnnotationCounts {
    const scan = this.scanOrThrow(scanId);
    const rows = countAnnotationsByScan(this.db, scan.datasetId).filter((r) => r.scanId === scanId);
    const n = (source: string, kind?: string) =>
      rows.filter((r) => r.source === source && (kind === undefined || r.kind === kind)).reduce((a, r) => a + r.n, 0);
    const { candidates, excluded } = countCandidates(this.db, scanId);
    return {
      scanId,
      lunaNodules: n('luna-csv'),
      lidcConsensus: n('lidc-xml', 'consensus'),
      lidcReaderMarks: n('lidc-xml', 'reader'),
      lidcSmall: n('lidc-xml', 'small-nodule'),
      lidcNonNodules: n('lidc-xml', 'non-nodule'),
      user: n('user'),
      candidates,
      irrelevantFindings: excluded,
      labels: scan.patientId ? labelsOf(this.db, scan.datasetId, scan.patientId) : {},
    };
  }

  private makeHandlers(): ContractHandlers {
    const runner = this.opts.runner;
    return {
      getAppInfo: async () => ({
        name: 'LungDesk',
        version: this.opts.version,
        host: this.opts.host,
        dataDir: this.opts.dataDir,
        demoDatasetId: this.demoDatasetId,
      }),
      listDatasets: async () => this.listDatasets(),
      importDataset: async ({ path: p, name }) => {
        const { datasetId, jobId } = this.importDataset(p, name);
        return { datasetId, jobId };
      },
      listScans: async ({ datasetId }) => this.listScans(datasetId),
      reindexDataset: async ({ datasetId }) => {
        const ds = getDataset(this.db, datasetId);
        if (!ds) throw new LungDeskError('not-found', `no dataset with id ${datasetId}`);
        return { jobId: this.importDataset(ds.rootPath, ds.name, ds.kind as DatasetKind).jobId };
      },
      getDatasetReport: async ({ datasetId }) => this.datasetReport(datasetId),
      getScan: async ({ scanId }) => toScanSummary(this.scanOrThrow(scanId)),
      getVolume: async ({ scanId }) => this.getVolume(scanId),
      listAnnotations: async ({ scanId }) => {
        this.scanOrThrow(scanId);
        return listAnnotations(this.db, scanId);
      },
      getAnnotationCounts: async ({ scanId }) => this.annotationCounts(scanId),
      getHistogram: async ({ scanId, binWidth }) => {
        const scan = this.scanOrThrow(scanId);
        const files = this.filesOf(scan);
        const job = runner.start('huHistogram', { format: scan.format, files, binWidth }, { label: `HU histogram of ${scan.patientId || path.basename(scan.path)}` });
        return { scanId, ...((await job.done) as Omit<HuHistogram, 'scanId'>) };
      },
      listJobs: async () => runner.list() as JobState[],
      cancelJob: async ({ jobId }) => ({ cancelled: runner.cancel(jobId) }),
    };
  }

  close(): void {
    this.stopRunnerEvents();
    this.opts.runner.dispose();
    this.db.close();
  }
}

function toScanSummary(s: ScanRecord): ScanSummary {
  return {
    id: s.id,
    datasetId: s.datasetId,
    seriesInstanceUid: s.seriesInstanceUid,
    patientId: s.patientId,
    description: s.description,
    modality: s.modality,
    format: s.format,
    dims: s.dims,
    spacing: s.spacing,
    origin: s.origin,
    direction: s.direction,
    sliceCount: s.sliceCount,
    path: s.path,
    warnings: s.warnings,
  };
}
