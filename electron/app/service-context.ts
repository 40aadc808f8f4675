import type { EventName, EventPayload } from '../common';
import type { LungDeskDb, ScanRecord } from '../db';
import type { JobRunner } from '../workers/job-runner';
import type { VolumeLoader } from './volume-loader';
import type { LesionStore } from './review/lesion-store';

/**
 * What every contract area's handlers share: the index database, the job runner, the
 * volume loader, the data folder and the event bus, plus the two look-ups every area needs.
 * The service builds one and hands it to each area module.
 */
export interface ServiceContext {
  readonly db: LungDeskDb;
  readonly runner: JobRunner;
  readonly volumes: VolumeLoader;
  /** Each scan's lesions, derived from its annotations; refresh a scan after changing them. */
  readonly lesions: LesionStore;
  readonly dataDir: string;
  readonly host: 'electron' | 'browser';
  readonly version: string;
  log(line: string): void;
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  /** The scan, or not-found naming its id. */
  scanOrThrow(scanId: number): ScanRecord;
  /** What a reader needs to load a scan: DICOM slices in order, or the image file. */
  filesOf(scan: ScanRecord): string[];
  /** How a job label names a scan. */
  scanLabel(scan: ScanRecord): string;
}
