import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContractHandlers, EventName, ScanSummary } from '../../../electron/common/contract';
import { LungDeskError } from '../../../electron/common/errors';

/** A stand-in for the app service: every operation answers from memory. Test-side only. */
export function fakeBackend() {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const scan: ScanSummary = {
    id: 7,
    datasetId: 1,
    seriesInstanceUid: '1.2.3.4',
    patientId: 'P-001',
    description: 'Chest CT',
    modality: 'CT',
    format: 'metaimage',
    dims: [4, 3, 2],
    spacing: [0.7, 0.7, 2.5],
    origin: [-10, -20, -30],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    sliceCount: 2,
    missingSlices: [],
    path: '/data/scan.mhd',
    warnings: [],
  };
  const voxels = new Int16Array(24).map((_, i) => i * 100 - 1000);
  const emptyLesions = (scanId: number) => ({
    scanId,
    readerTotal: null,
    lesions: [],
    review: { scanId, status: 'unreviewed' as const, lesions: 0, undecided: 0, accepted: 0, rejected: 0, secondRead: 0, done: null },
  });
  const handlers: ContractHandlers = {
    getAppInfo: async () => ({ name: 'LungDesk', version: '0.0.0-test', host: 'browser', dataDir: '/tmp/x', demoDatasetId: null }),
    listDatasets: async () => [{ id: 1, name: 'demo', rootPath: '/data', kind: 'luna16', layout: 'luna16', displayName: 'LUNA16', scanCount: 1, createdAt: 1, indexedAt: 2 }],
    importDataset: async ({ path: p }) => {
      if (p === '/missing') throw new LungDeskError('io.not-found', 'no such folder', { file: p });
      return { datasetId: 2, jobId: 'job-1' };
    },
    listScans: async () => [{ ...scan, noduleCount: 1, reviewStatus: 'unreviewed' as const }],
    reindexDataset: async () => ({ jobId: 'job-2' }),
    getDatasetReport: async ({ datasetId }) => ({ datasetId, scans: 1, filesIndexed: 1, filesSkipped: 0, warnings: 0, imports: [], skipped: { byReason: [], files: [], truncated: false } }),
    getScan: async ({ scanId }) => {
      if (scanId !== scan.id) throw new LungDeskError('not-found', `no scan ${scanId}`);
      return scan;
    },
    getVolume: async ({ scanId }) => ({
      header: { scanId, dims: scan.dims, spacing: scan.spacing, origin: scan.origin, direction: scan.direction, dtype: 'int16', min: -1000, max: 1300, missingSlices: [] },
      voxels: new Uint8Array(voxels.buffer),
    }),
    getVolumeSlices: async ({ scanId, start, count }) => {
      const slice = scan.dims[0] * scan.dims[1] * 2;
      return {
        header: { scanId, dims: scan.dims, spacing: scan.spacing, origin: scan.origin, direction: scan.direction, dtype: 'int16', min: -1000, max: 1300, missingSlices: [] },
        start,
        count,
        voxels: new Uint8Array(voxels.buffer).slice(start * slice, (start + count) * slice),
      };
    },
    streamVolumeSlices: async ({ scanId, slabs }, emit) => {
      const slice = scan.dims[0] * scan.dims[1] * 2;
      for (const { start, count } of slabs) {
        if (start + count > scan.dims[2]) throw new LungDeskError('contract.bad-input', `slices ${start}..${start + count - 1} asked of a scan with ${scan.dims[2]}`);
        const header = { scanId, dims: scan.dims, spacing: scan.spacing, origin: scan.origin, direction: scan.direction, dtype: 'int16' as const, min: -1000, max: 1300, missingSlices: [] };
        if (!(await emit({ header, start, count, voxels: new Uint8Array(voxels.buffer).slice(start * slice, (start + count) * slice) }))) return;
      }
    },
    cancelVolumeLoad: async () => ({ cancelled: false }),
    listAnnotations: async () => [],
    addNodule: async ({ scanId, center, diameterMm }) => ({
      id: 1, scanId, source: 'user', kind: 'nodule', center, diameterMm, reader: null, noduleRef: null, agreement: null,
      volumeMm3: null, characteristics: null, sourceFile: null, sourceLine: null, session: null, sessionCount: null, createdAt: 1,
    }),
    updateNodule: async ({ annotationId }) => {
      throw new LungDeskError('not-found', `no annotation with id ${annotationId}`);
    },
    deleteNodule: async ({ annotationId }) => {
      throw new LungDeskError('not-found', `no annotation with id ${annotationId}`);
    },
    getHistogram: async ({ scanId }) => ({
      scanId, binWidth: 10, min: -1100, max: 3100, counts: [1, 2, 3], below: 0, above: 0, total: 6, mean: -1000, std: 10,
      percentiles: { p1: -1100, p5: -1100, p50: -1090, p95: -1080, p99: -1080 },
      leftOut: { missingSlices: 0, outsideField: 0 },
    }),
    getAnnotationCounts: async ({ scanId }) => ({
      scanId, lunaNodules: 0, lidcConsensus: 0, lidcReaderMarks: 0, lidcSmall: 0, lidcNonNodules: 0, user: 0, candidates: 0, irrelevantFindings: 0, labels: {},
    }),
    listLesions: async ({ scanId }) => emptyLesions(scanId),
    decideLesion: async ({ lesionKey }) => {
      throw new LungDeskError('not-found', `no lesion ${lesionKey}`);
    },
    clearDecision: async ({ lesionKey }) => {
      throw new LungDeskError('not-found', `no lesion ${lesionKey}`);
    },
    undoReview: async () => ({ undone: false, scanId: null, lesionKey: null, description: 'nothing to undo' }),
    setScanDone: async ({ scanId }) => emptyLesions(scanId),
    getReviewProgress: async ({ datasetId }) => ({ datasetId, scans: 1, scansDone: 0, scansInProgress: 0, lesions: 0, accepted: 0, rejected: 0, secondRead: 0, undecided: 0 }),
    nextUndecided: async () => null,
    getReviewer: async () => ({ name: 'tester', isDefault: true }),
    setReviewer: async ({ name }) => ({ name, isDefault: false }),
    runLungMask: async () => ({ jobId: 'job-3' }),
    runNoduleMask: async () => ({ jobId: 'job-5' }),
    startPreprocess: async () => ({ jobId: 'job-4', outDir: '/tmp/pp' }),
    listMasks: async () => [],
    getMask: async ({ maskId }) => {
      throw new LungDeskError('not-found', `no mask with id ${maskId}`);
    },
    segmentNodule: async ({ center }) => ({ voxels: 10, volumeMm3: 5, equivalentDiameterMm: 2.1, longAxisMm: 2.5, shortAxisMm: 2, centroid: center }),
    listMaskVersions: async () => [],
    saveMaskVersion: async ({ scanId, parentId, kind, note, tools, labels, change }) => ({
      id: 9, scanId, kind, author: 'tester', reason: note, parentId, createdAt: 1, voxels: change.values.length,
      note, tools, labels, stats: [], sha256: null, bytesOnDisk: null,
    }),
    diffMaskVersions: async () => ({ perLabel: [], change: { runs: new Uint32Array(0), values: new Uint8Array(0) }, before: new Uint8Array(0) }),
    restoreMaskVersion: async ({ maskId }) => {
      throw new LungDeskError('not-found', `no mask with id ${maskId}`);
    },
    writeMaskJournal: async () => ({ savedAt: 1 }),
    getMaskJournal: async () => ({ entry: null }),
    discardMaskJournal: async () => ({ discarded: false }),
    listJobs: async () => [],
    cancelJob: async () => ({ cancelled: true }),
    previewExport: async () => ({ cases: [], patients: 0, lesions: 0, negatives: 0, estimatedBytes: 0, skipped: [], warnings: [] }),
    startExport: async () => ({ jobId: 'job-export' }),
    getSurface: async () => {
      throw new Error('no surfaces in the fake backend');
    },
    exportSurface: async () => ({ path: '/tmp/x.stl', bytes: 84, triangles: 0 }),
  };
  return {
    handlers,
    voxels,
    subscribe(listener: (event: EventName, payload: unknown) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: EventName, payload: unknown) {
      for (const l of listeners) l(event, payload);
    },
    listenerCount: () => listeners.size,
  };
}

/** A throwaway renderer folder with an index.html, one asset and a secret file beside it. */
export function fakeStaticDir(): { root: string; staticDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-host-'));
  const staticDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(staticDir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./assets/app.js"></script></head><body></body></html>',
  );
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(staticDir, 'lungdesk-bridge.js'), '/* bridge */');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
  return { root, staticDir };
}
