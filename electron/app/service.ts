import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ExportOptions, ExportPreview, ExportSummary } from '../common/contract/export';
import type { LungMaskParams } from '../common/contract/masks';
import type { ContractHandlers, DatasetReport, DatasetSummary, EventName, EventPayload, ScanListItem, VolumeHeader } from '../common';
import { LungDeskError } from '../common';
import { getDataset, getScan, getScanFiles, listAudit, openDatabase, scansWithoutLesionIndex, type AuditEntry, type DatasetKind, type LungDeskDb, type ScanRecord } from '../db';
import type { JobRunner } from '../workers/job-runner';
import { annotationHandlers } from './handlers/annotations';
import { DatasetArea } from './handlers/datasets';
import { ExportArea } from './export/export-area';
import { exportHandlers } from './handlers/export';
import { jobHandlers } from './handlers/jobs';
import { surfaceHandlers } from './handlers/surfaces';
import { maskEditHandlers } from './handlers/mask-edit';
import { MaskArea } from './handlers/masks';
import { reviewHandlers } from './handlers/review';
import { scanHandlers } from './handlers/scans';
import { MaskStore } from './mask-store/mask-store';
import { LesionStore } from './review/lesion-store';
import type { ServiceContext } from './service-context';
import { runStartupChecks, sweepDataFolder, type StartupReport } from './startup-checks';
import { VolumeLoader } from './volume-loader';
import { ScanFiles } from './scan-files';
import { hostMemoryBudgetBytes } from './memory-budget';

/** How long after a worker's abnormal end the data folder is swept (its process is surely gone). */
const SWEEP_AFTER_KILL_MS = 500;

export interface ServiceOptions {
  dataDir: string;
  /** The index database; default <dataDir>/lungdesk.sqlite. */
  dbFile?: string;
  host: 'electron' | 'browser';
  runner: JobRunner;
  version: string;
  log?: (line: string) => void;
  /** Memory the host may hold for volumes and slabs it serves, bytes; default hostMemoryBudgetBytes() (LUNGDESK_HOST_MEMORY_MB). */
  memoryBudgetBytes?: number;
}

type Listener = (event: EventName, payload: unknown) => void;

/**
 * The backend behind the contract: the dataset index in SQLite, jobs in worker processes,
 * and volumes streamed as bytes. Every host (Electron IPC, browser host, CLI) uses this.
 * Each contract area has its own handler module under ./handlers; this class owns what they
 * share (ServiceContext) and composes their handlers into the one object the hosts serve,
 * typed so that an operation without a handler does not compile.
 */
export class LungDeskService {
  readonly handlers: ContractHandlers;
  private readonly db: LungDeskDb;
  private readonly events = new EventEmitter();
  private readonly stopRunnerEvents: () => void;
  private readonly datasets: DatasetArea;
  private readonly masks: MaskArea;
  private readonly exports: ExportArea;
  /**
   * The start's sweep of temp files and mask reconcile (startup-checks.ts), run in the
   * background; never rejects (a failure is logged and reported as undefined).
   */
  readonly startupChecked: Promise<StartupReport | undefined>;
  private closed = false;
  private sweepTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly opts: ServiceOptions) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    this.db = openDatabase(opts.dbFile ?? path.join(opts.dataDir, 'lungdesk.sqlite'));
    this.events.setMaxListeners(100);
    this.stopRunnerEvents = opts.runner.onDidUpdate((s) => {
      this.emit('onDidUpdateJob', s);
      if (s.status === 'cancelled' || (s.status === 'failed' && (s.error?.code === 'job.crashed' || s.error?.code === 'job.oom'))) this.sweepSoon();
    });
    const scanOrThrow = (scanId: number): ScanRecord => {
      const scan = getScan(this.db, scanId);
      if (!scan) throw new LungDeskError('not-found', `no scan with id ${scanId}`);
      return scan;
    };
    const scanFiles = new ScanFiles((datasetId) => getDataset(this.db, datasetId)?.rootPath);
    const filesOf = (scan: ScanRecord): string[] => scanFiles.confine(scan.id, scan.datasetId, scan.format === 'dicom' ? getScanFiles(this.db, scan.id) : [scan.path]);
    const scanLabel = (scan: ScanRecord): string => scan.patientId || path.basename(scan.path);
    const ctx: ServiceContext = {
      db: this.db,
      runner: opts.runner,
      volumes: new VolumeLoader(opts.runner, scanOrThrow, filesOf, scanLabel, opts.memoryBudgetBytes ?? hostMemoryBudgetBytes()),
      lesions: new LesionStore(this.db, scanOrThrow),
      dataDir: opts.dataDir,
      host: opts.host,
      version: opts.version,
      log: (line) => opts.log?.(line),
      emit: (name, payload) => this.emit(name, payload),
      scanOrThrow,
      filesOf,
      scanLabel,
    };
    // Indexes made before lesions were derived get theirs now, once.
    for (const scanId of scansWithoutLesionIndex(this.db)) ctx.lesions.refresh(scanId);
    const maskStore = new MaskStore({ db: this.db, dataDir: opts.dataDir, gridOf: (scanId) => scanOrThrow(scanId), log: ctx.log });
    this.startupChecked = runStartupChecks(opts.dataDir, maskStore, ctx.log).catch((e: unknown) => {
      // A short-lived host (a CLI command) may close the index before the checks end.
      if (!this.closed) ctx.log(`[startup] checks of ${opts.dataDir} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    this.datasets = new DatasetArea(ctx, maskStore);
    this.masks = new MaskArea(ctx, maskStore);
    this.exports = new ExportArea(ctx);
    this.handlers = {
      getAppInfo: async () => ({ name: 'LungDesk', version: opts.version, host: opts.host, dataDir: opts.dataDir, demoDatasetId: this.datasets.demoId }),
      ...this.datasets.handlers,
      ...scanHandlers(ctx),
      ...annotationHandlers(ctx),
      ...reviewHandlers(ctx, ctx.lesions),
      ...this.masks.handlers,
      ...maskEditHandlers(ctx, maskStore),
      ...exportHandlers(this.exports),
      ...surfaceHandlers(ctx),
      ...jobHandlers(ctx),
    };
  }

  /**
   * Sweeps the data folder once jobs have settled after a worker ended abnormally (it may
   * have been killed with temp files open); one sweep for a burst of such endings.
   */
  private sweepSoon(): void {
    if (this.sweepTimer || this.closed) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      if (!this.closed) void sweepDataFolder(this.opts.dataDir, (l) => this.opts.log?.(l), 'after a killed worker').catch(() => {});
    }, SWEEP_AFTER_KILL_MS);
    this.sweepTimer.unref();
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
  ensureDemoDataset(): Promise<number> {
    return this.datasets.ensureDemoDataset();
  }

  /** Adds a folder as a dataset (or re-indexes it) in a job; see DatasetArea.importDataset. */
  importDataset(root: string, name?: string, kind: DatasetKind = 'folder', opts: { fileBudget?: number } = {}): { datasetId: number; jobId: string; done: Promise<number> } {
    return this.datasets.importDataset(root, name, kind, opts);
  }

  /** Runs the lung-mask job on a scan and records its result as a new mask version. */
  runLungMask(scanId: number, params: z.output<typeof LungMaskParams>): { jobId: string; done: Promise<number> } {
    return this.masks.runLungMask(scanId, params);
  }

  /** Segments the scan's nodules and stores the union as a 'nodules' mask version. */
  runNoduleMask(scanId: number): { jobId: string; done: Promise<number> } {
    return this.masks.runNoduleMask(scanId);
  }

  /** Starts a training-set export as a job; `done` resolves with its summary. */
  startExport(options: ExportOptions): { jobId: string; done: Promise<ExportSummary> } {
    return this.exports.start(options);
  }

  /** What an export would write (nothing is written). */
  previewExport(options: ExportOptions): ExportPreview {
    return this.exports.preview(options);
  }

  /** The newest audit entries, newest first. */
  auditLog(limit = 100): AuditEntry[] {
    return listAudit(this.db, { limit });
  }

  listDatasets(): DatasetSummary[] {
    return this.datasets.listDatasets();
  }

  listScans(datasetId?: number): ScanListItem[] {
    return this.datasets.listScans(datasetId);
  }

  datasetReport(datasetId: number): DatasetReport {
    return this.datasets.datasetReport(datasetId);
  }

  getVolume(scanId: number): Promise<{ header: VolumeHeader; voxels: Uint8Array }> {
    return this.handlers.getVolume({ scanId });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.sweepTimer);
    this.stopRunnerEvents();
    this.opts.runner.dispose();
    this.db.close();
  }
}
