import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { LungMaskParams, PreprocessParams, type MaskVersionInfo } from '../common/contract/masks';
import type { LungMaskJobResult } from '../workers/jobs/lung-mask';
import { segmentNodule } from '../core/pipelines/nodule-segmentation';
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
  getMaskVersion,
  insertMaskVersion,
  listMaskVersions,
  type MaskVersion,
  listIndexedFileStats,
  listNoduleMarks,
  appendAudit,
  listAudit,
  type AuditEntry,
  deleteScansExcept,
  recordImport,
  replaceCandidates,
  replaceImportedAnnotations,
  setDatasetLayout,
  updateIndexedFiles,
  upsertLabels,
  getDataset,
  listIndexedFiles,
  reviewStatusByScan,
  countAnnotationsByScan,
  countCandidates,
  labelsOf,
  listAnnotations,
  addUserAnnotation,
  updateUserAnnotation,
  softDeleteAnnotation,
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
import type { IndexDatasetResult } from '../workers/jobs/index-dataset';
import type { ImportedAnnotation, ImportedCandidate } from '../core/datasets';
import { countPhysicalNodules, type NoduleMark } from '../core/annotations/physical-nodules';
import { newestLungMask, requireNoduleSeeds, storeNoduleMask } from './nodule-mask';
import { detectFolderChanges } from '../core/io';
import type { MakeDemoResult } from '../workers/jobs/make-demo';
import { VolumeLoader } from './volume-loader';
import { buildDatasetReport, storeSkippedFiles } from './dataset-report';

export interface ServiceOptions {
  dataDir: string;
  /** The index database; default <dataDir>/lungdesk.sqlite. */
  dbFile?: string;
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
  private readonly volumes: VolumeLoader;
  private readonly stopRunnerEvents: () => void;
  private demoDatasetId: number | null = null;

  private constructor(private readonly opts: ServiceOptions) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    this.db = openDatabase(opts.dbFile ?? path.join(opts.dataDir, 'lungdesk.sqlite'));
    this.events.setMaxListeners(100);
    this.stopRunnerEvents = opts.runner.onDidUpdate((s) => this.emit('onDidUpdateJob', s));
    this.volumes = new VolumeLoader(opts.runner, (id) => this.scanOrThrow(id), (scan) => this.filesOf(scan), (scan) => scan.patientId || path.basename(scan.path));
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

  /**
   * Adds a folder as a dataset (or re-indexes it) in a job: only new or changed files are
   * read, removed ones are noticed, annotation files are imported. `done` resolves with the
   * number of scans once everything is stored.
   */
  importDataset(root: string, name?: string, kind: DatasetKind = 'folder'): { datasetId: number; jobId: string; done: Promise<number> } {
    const abs = path.resolve(root);
    if (!fs.existsSync(abs)) throw new LungDeskError('io.not-found', `no such folder or file: ${abs}`, { file: abs });
    const datasetId = insertDataset(this.db, { name: name ?? path.basename(abs), rootPath: abs, kind });
    const previous = listIndexedFileStats(this.db, datasetId);
    const label = path.basename(abs);
    const index = () => {
      const cached = [...listIndexedFiles(this.db, datasetId).values()];
      const job = this.opts.runner.start('indexDataset', { path: abs, previous: cached }, { label: `Indexing ${label}` });
      return job.done.then((r) => this.storeIndex(datasetId, r as IndexDatasetResult));
    };
    let jobId: string;
    let stored: Promise<number>;
    if (previous.size === 0) {
      const job = this.opts.runner.start('indexDataset', { path: abs, previous: [] }, { label: `Indexing ${label}` });
      jobId = job.jobId;
      stored = job.done.then((r) => this.storeIndex(datasetId, r as IndexDatasetResult));
    } else {
      // Re-index: a cheap in-process check first; an unchanged folder needs no worker at all.
      const check = this.opts.runner.runInline('checkDataset', (ctx) => detectFolderChanges(abs, previous, ctx), { label: `Checking ${label} for changes` });
      jobId = check.jobId;
      stored = check.done.then((changes) => {
        if (changes.changed) return index();
        markDatasetIndexed(this.db, datasetId);
        appendAudit(this.db, { actor: 'lungdesk', action: 'dataset.indexed', entity: 'dataset', entityId: String(datasetId), detail: { unchanged: true, files: changes.files, read: 0, reused: changes.files, removed: 0 } });
        return listScans(this.db, datasetId).length;
      });
    }
    const done = stored.then((count) => {
      this.emit('onDidChangeDatasets', { datasetId });
      return count;
    });
    done.catch(() => {}); // callers may ignore `done`; failures reach the UI through the job
    return { datasetId, jobId, done };
  }

  /** Stores one indexing pass atomically: scans, file cache, annotations, candidates, labels, reports. */
  private storeIndex(datasetId: number, r: IndexDatasetResult): number {
    const db = this.db;
    return db.sqlite.transaction(() => {
      updateIndexedFiles(db, datasetId, r.discovery.entries, r.discovery.removed);
      const ids = upsertScans(db, datasetId, r.scans);
      const removed = deleteScansExcept(db, datasetId, ids);
      const scansByUid = new Map<string, number[]>();
      r.scans.forEach((s, i) => {
        if (!s.seriesInstanceUid) return;
        scansByUid.set(s.seriesInstanceUid, [...(scansByUid.get(s.seriesInstanceUid) ?? []), ids[i]!]);
      });
      // Every scan's imported annotations are replaced, so a removed or corrected file
      // leaves nothing stale behind; user marks are never touched.
      const merged = new Map<string, ImportedAnnotation[]>();
      for (const g of r.annotations) merged.set(`${g.source}|${g.seriesUid}`, [...(merged.get(`${g.source}|${g.seriesUid}`) ?? []), ...g.rows]);
      const mergedCand = new Map<string, ImportedCandidate[]>();
      for (const g of r.candidates) mergedCand.set(`${g.source}|${g.seriesUid}`, [...(mergedCand.get(`${g.source}|${g.seriesUid}`) ?? []), ...g.rows]);
      r.scans.forEach((s, i) => {
        const scanId = ids[i]!;
        for (const source of ['luna-csv', 'lidc-xml'] as const) {
          const rows = merged.get(`${source}|${s.seriesInstanceUid}`) ?? [];
          replaceImportedAnnotations(db, scanId, source, rows.map((row) => ({ ...row, scanId, source })));
        }
        for (const source of ['luna-candidates', 'luna-excluded'] as const) {
          replaceCandidates(db, scanId, source, mergedCand.get(`${source}|${s.seriesInstanceUid}`) ?? []);
        }
      });
      if (r.labels.length) upsertLabels(db, datasetId, r.labels);
      storeSkippedFiles(db, datasetId, r);
      for (const rep of r.reports) recordImport(db, { datasetId, ...rep, errors: rep.errors.slice(0, 1000) });
      const ds = getDataset(db, datasetId);
      setDatasetLayout(db, datasetId, ds?.kind === 'demo' ? 'demo' : r.layout.kind, r.layout.displayName);
      markDatasetIndexed(db, datasetId);
      appendAudit(db, {
        actor: 'lungdesk',
        action: 'dataset.indexed',
        entity: 'dataset',
        entityId: String(datasetId),
        detail: { scans: ids.length, removedScans: removed, ...r.discovery.stats, reports: r.reports.length },
      });
      this.opts.log?.(
        `indexed dataset ${datasetId}: ${ids.length} scans (${removed} removed), files ${r.discovery.stats.files} (read ${r.discovery.stats.read}, reused ${r.discovery.stats.reused}), ${r.reports.length} annotation file(s)`,
      );
      return ids.length;
    })();
  }

  /** Runs the lung-mask job on a scan and records its result as a new mask version. */
  runLungMask(scanId: number, params: z.output<typeof LungMaskParams>): { jobId: string; done: Promise<number> } {
    const scan = this.scanOrThrow(scanId);
    const out = path.join(this.opts.dataDir, 'masks', String(scanId), `lung-${Date.now()}.npy`);
    const job = this.opts.runner.start(
      'lungMask',
      { format: scan.format, files: this.filesOf(scan), out, ...params },
      { label: `Lung mask of ${scan.patientId || path.basename(scan.path)}` },
    );
    const done = job.done.then((r) => {
      const res = r as LungMaskJobResult;
      const id = insertMaskVersion(this.db, {
        scanId,
        kind: params.dilateMm > 0 ? 'lung-dilated' : 'lung',
        path: res.path,
        author: 'lungdesk',
        reason: `lung mask (fill ${params.fill}, dilate ${params.dilateMm} mm, outside air ${params.outsideAir}): ${res.voxels} voxels`,
        parentId: null,
        sha256: null,
      });
      appendAudit(this.db, { actor: 'lungdesk', action: 'mask.created', entity: 'scan', entityId: String(scanId), detail: { maskId: id, voxels: res.voxels, ...params } });
      return id;
    });
    done.catch(() => {});
    return { jobId: job.jobId, done };
  }

  /**
   * Segments the scan's nodule annotations, inside its newest lung mask when it has one, and
   * records the union as a mask version of kind 'nodules'. In-process: the volume is loaded
   * (or cached) already and each nodule takes milliseconds.
   */
  runNoduleMask(scanId: number): { jobId: string; done: Promise<number> } {
    const scan = this.scanOrThrow(scanId);
    const job = this.opts.runner.runInline(
      'noduleMask',
      async (ctx) => {
        const seeds = requireNoduleSeeds(scanId, listAnnotations(this.db, scanId));
        ctx.progress('loading the scan', 0);
        const { header, voxels } = await this.getVolume(scanId);
        const lungVersion = newestLungMask(listMaskVersions(this.db, scanId));
        const lung = lungVersion ? { version: lungVersion, voxels: (await this.handlers.getMask({ maskId: lungVersion.id })).voxels } : null;
        const r = await storeNoduleMask(this.db, {
          scanId,
          hu: new Int16Array(voxels.buffer, voxels.byteOffset, voxels.byteLength / 2),
          geometry: header,
          seeds,
          lung,
          dir: path.join(this.opts.dataDir, 'masks', String(scanId)),
          ctx,
        });
        return r.maskId;
      },
      { label: `Nodule mask of ${scan.patientId || path.basename(scan.path)}` },
    );
    return job;
  }

  /** The newest audit entries, newest first. */
  auditLog(limit = 100): AuditEntry[] {
    return listAudit(this.db, { limit });
  }

  listDatasets(): DatasetSummary[] {
    return listDatasets(this.db);
  }

  listScans(datasetId?: number): ScanListItem[] {
    const marks = new Map<number, NoduleMark[]>();
    for (const m of listNoduleMarks(this.db, datasetId)) marks.set(m.scanId, [...(marks.get(m.scanId) ?? []), m]);
    const counts = new Map([...marks].map(([scanId, list]) => [scanId, countPhysicalNodules(list)]));
    const review = reviewStatusByScan(this.db, datasetId);
    return listScans(this.db, datasetId).map((s) => ({
      ...toScanSummary(s),
      noduleCount: counts.get(s.id) ?? 0,
      reviewStatus: review.get(s.id) ?? 'unreviewed',
    }));
  }

  datasetReport(datasetId: number): DatasetReport {
    return buildDatasetReport(this.db, datasetId);
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

  getVolume(scanId: number): Promise<{ header: VolumeHeader; voxels: Uint8Array }> {
    return this.volumes.load(scanId);
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
      getVolumeSlices: async ({ scanId, start, count }) => this.volumes.slices(scanId, start, count),
      cancelVolumeLoad: async ({ scanId }) => ({ cancelled: this.volumes.cancel(scanId) }),
      listAnnotations: async ({ scanId }) => {
        this.scanOrThrow(scanId);
        return listAnnotations(this.db, scanId);
      },
      getAnnotationCounts: async ({ scanId }) => this.annotationCounts(scanId),
      addNodule: async ({ scanId, center, diameterMm }) => {
        this.scanOrThrow(scanId);
        const a = addUserAnnotation(this.db, { scanId, center, diameterMm });
        this.emit('onDidChangeAnnotations', { scanId });
        return a;
      },
      updateNodule: async ({ annotationId, center, diameterMm }) => {
        const change: { center?: [number, number, number]; diameterMm?: number } = {};
        if (center !== undefined) change.center = center;
        if (diameterMm !== undefined) change.diameterMm = diameterMm;
        const a = updateUserAnnotation(this.db, annotationId, change);
        this.emit('onDidChangeAnnotations', { scanId: a.scanId });
        return a;
      },
      deleteNodule: async ({ annotationId }) => {
        const { scanId } = softDeleteAnnotation(this.db, annotationId);
        this.emit('onDidChangeAnnotations', { scanId });
        return { deleted: true as const };
      },
      getHistogram: async ({ scanId, binWidth }) => {
        const scan = this.scanOrThrow(scanId);
        const files = this.filesOf(scan);
        const job = runner.start('huHistogram', { format: scan.format, files, binWidth }, { label: `HU histogram of ${scan.patientId || path.basename(scan.path)}` });
        return { scanId, ...((await job.done) as Omit<HuHistogram, 'scanId'>) };
      },
      runLungMask: async ({ scanId, params }) => ({ jobId: this.runLungMask(scanId, LungMaskParams.parse(params ?? {})).jobId }),
      runNoduleMask: async ({ scanId }) => ({ jobId: this.runNoduleMask(scanId).jobId }),
      startPreprocess: async ({ scanId, params }) => {
        const scan = this.scanOrThrow(scanId);
        const p = PreprocessParams.parse(params ?? {});
        const outDir = path.resolve(p.outDir ?? path.join(this.opts.dataDir, 'preprocessed', String(scanId)));
        const nodules = listAnnotations(this.db, scanId)
          .filter((a) => a.source === 'luna-csv' && a.diameterMm !== null)
          .map((a) => ({ index: a.sourceLine !== null ? a.sourceLine - 2 : a.id, center: a.center, diameterMm: a.diameterMm! }));
        const job = runner.start(
          'preprocess',
          { format: scan.format, files: this.filesOf(scan), outDir, spacingMm: p.spacingMm, interp: p.interp, dilateMm: p.dilateMm, outsideAir: p.outsideAir, nodules },
          { label: `Preprocessing ${scan.patientId || path.basename(scan.path)}` },
        );
        return { jobId: job.jobId, outDir };
      },
      listMasks: async ({ scanId }) => {
        this.scanOrThrow(scanId);
        return listMaskVersions(this.db, scanId).map(maskInfo);
      },
      getMask: async ({ maskId }) => {
        const v = getMaskVersion(this.db, maskId);
        if (!v) throw new LungDeskError('not-found', `no mask with id ${maskId}`);
        const scan = this.scanOrThrow(v.scanId);
        const { bytes, shape } = readNpyBytes(v.path);
        if (shape.length !== 3 || shape[0] !== scan.dims[2] || shape[1] !== scan.dims[1] || shape[2] !== scan.dims[0]) {
          throw new LungDeskError('io.size-mismatch', `mask file ${v.path} has shape ${shape.join('×')}, the scan is ${[...scan.dims].reverse().join('×')}`, { file: v.path });
        }
        return { info: maskInfo(v), dims: scan.dims, voxels: bytes };
      },
      segmentNodule: async ({ scanId, center, diameterMm, huRange }) => {
        const { header, voxels } = await this.getVolume(scanId);
        const hu = new Int16Array(voxels.buffer, voxels.byteOffset, voxels.byteLength / 2);
        // Light work on a small box around the nodule of a volume already loaded: in-process.
        const job = runner.runInline('segmentNodule', async () => {
          const r = segmentNodule(hu, header, huRange ? { center, diameterMm, huRange } : { center, diameterMm });
          return { voxels: r.voxels, volumeMm3: r.volumeMm3, equivalentDiameterMm: r.equivalentDiameterMm, longAxisMm: r.longAxisMm, shortAxisMm: r.shortAxisMm, centroid: r.centroid };
        }, { label: 'Nodule segmentation' });
        return job.done;
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

function maskInfo(v: MaskVersion): MaskVersionInfo {
  const voxels = /: (\d+) voxels$/.exec(v.reason)?.[1];
  return { id: v.id, scanId: v.scanId, kind: v.kind, author: v.author, reason: v.reason, parentId: v.parentId, createdAt: v.createdAt, voxels: voxels ? Number(voxels) : null };
}

/** The data bytes and shape of a .npy file we wrote (format 1.0, C order). */
function readNpyBytes(file: string): { bytes: Uint8Array; shape: number[] } {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new LungDeskError('io.not-found', `mask file ${file} cannot be read: ${(e as Error).message}`, { file });
  }
  if (buf.length < 10 || buf.toString('latin1', 1, 6) !== 'NUMPY') throw new LungDeskError('io.bad-header', `${file} is not a .npy file`, { file });
  const headerLen = buf.readUInt16LE(8);
  const header = buf.toString('latin1', 10, 10 + headerLen);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const start = 10 + headerLen;
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset + start, buf.length - start);
  if (bytes.length !== shape.reduce((a, b) => a * b, 1)) throw new LungDeskError('io.size-mismatch', `${file}: data size disagrees with its shape`, { file });
  return { bytes: bytes.byteOffset % 8 === 0 ? bytes : bytes.slice(), shape };
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
    missingSlices: s.missingSlices,
    path: s.path,
    warnings: s.warnings,
  };
}
