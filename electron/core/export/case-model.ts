import type { ExportLabelValues, ExportOptions } from '../../common/contract/export';
import type { Vec3, VolumeGeometry } from '../../common/geometry';
import type { Volume } from '../volume/volume';

/**
 * The one case model every exporter shares. The app plans cases from the index (which scans,
 * which lesions, which mask versions) as plain JSON (`ExportCasePlan`) so a worker process can
 * load and write a case without the database; the worker turns a plan into an `ExportCase`
 * (volume read, masks merged into one labelmap) and hands it to each format's exporter.
 */

/** One saved mask version a case's labelmap is built from. */
export interface PlannedMask {
  versionId: number;
  /** lung | lung-dilated | nodule | edited kinds, as the mask store names them. */
  kind: string;
  path: string;
  format: 'npy' | 'ldmask';
  /** sha256 of the voxels as the index records it (checked on load). */
  sha256: string | null;
  /** What each value in this version means; a job mask's value 1 is its kind. */
  labels: { value: number; kind: 'lung' | 'nodule' | 'other'; lesionKey?: string }[];
  /** When the version was saved (ms since the epoch, the index's `createdAt`): a DICOM SEG's content date. */
  createdAt?: number;
  /** Saved from the mask editor (strokes by hand), not by a job: a DICOM SEG calls such a segment MANUAL. */
  edited?: boolean;
}

/** A lesion of the case, with its review decision, in world LPS mm. */
export interface PlannedLesion {
  key: string;
  /** 1-based order in review (the reading room's lesion number). */
  ordinal: number;
  center: Vec3;
  /** The accepted diameter where the reviewer set one, else the lesion's. */
  diameterMm: number | null;
  decision: 'accepted' | 'rejected' | 'second-read' | 'undecided';
  reason: string | null;
  /** positive: exported as a nodule; negative: a rejected lesion or a candidates.csv class-0 row. */
  role: 'positive' | 'negative';
  /** luna16 | lidc-xml | user | candidates, joined with '+' when several sources made it. */
  source: string;
  /** LIDC malignancy ratings of the readers who marked it (1–5), for stratification. */
  malignancy: number[];
  /** The consensus outline on the scan grid (bbox inclusive + alternating runs), if readers drew one. */
  outline: { bbox: { x0: number; y0: number; z0: number; x1: number; y1: number; z1: number }; runs: number[] } | null;
}

/** Everything a worker needs to load and write one case: plain JSON, no database. */
export interface ExportCasePlan {
  /** File-system-safe, unique in the export (e.g. `LIDC_IDRI_0001_s01`): never a raw UID or name. */
  caseId: string;
  scanId: number;
  patientId: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  format: 'dicom' | 'metaimage' | 'nifti' | 'nrrd';
  /** DICOM slices in slot order (missing slots absent), or the one image file. */
  files: string[];
  geometry: VolumeGeometry;
  missingSlices: number[];
  masks: PlannedMask[];
  lesions: PlannedLesion[];
  reviewer: string | null;
  reviewState: 'unreviewed' | 'in-progress' | 'done';
  /** 'train' | 'validation' | 'test' or 'fold-N'. */
  split: string;
  /** For folds: the fold this case validates in (0-based); null for a ratio split. */
  fold: number | null;
}

/** A case loaded for writing. */
export interface ExportCase {
  plan: ExportCasePlan;
  /** HU, int16, the scan's own grid. */
  volume: Volume;
  /**
   * One labelmap on the volume's grid: 0 background, `labels.lung` where a lung mask is,
   * `labels.nodule` where an accepted lesion's mask is (nodules win over lung).
   */
  labelmap: Uint8Array;
  /** Per positive lesion (same order as plan.lesions' positives): its own mask on the grid, as flat voxel indices. */
  lesionVoxels: Map<string, Uint32Array>;
  /**
   * Where each label's voxels came from: `lung`, the mask versions whose lung labels were used;
   * `nodule`, one entry per positive lesion in plan order: the version id of its mask, or
   * 'outline' / 'sphere' for a lesion without a saved mask (see core/export/load-case.ts).
   */
  labelSources: { lung: number[]; nodule: (number | 'outline' | 'sphere')[] };
}

/** One file an exporter wrote, relative to the export folder (POSIX separators). */
export interface ExportedFile {
  path: string;
  bytes: number;
  sha256: string;
  /** image | label | cube | index | seg | meta ... (free text, for the manifest). */
  role: string;
  /**
   * Row-major 4×4 from this file's voxel (i, j, k, 1) to the source scan's world LPS mm.
   * Leave it out for an image or label on the scan's own grid (the manifest then gives the
   * scan's own affine); state it for any other grid (cubes, resampled arrays), and null for
   * an array no single affine describes (its format's own metadata says how it was sampled).
   */
  voxelToWorld?: number[] | null;
}

/** What every format exporter receives besides the case. */
export interface ExportContext {
  /** Absolute export folder. Exporters write only through `safeJoin(outDir, …)`. */
  outDir: string;
  options: ExportOptions;
  labels: ExportLabelValues;
  /** LungDesk version, for headers and manifests. */
  version: string;
  signal?: AbortSignal;
  /**
   * A note for the runner to print and keep: a format that does not apply to a case (a DICOM
   * SEG of a MetaImage scan) or data an exporter had to leave out. Messages name the case.
   */
  note?: (message: string) => void;
}

/**
 * One output format. `writeCase` writes one case's files (atomically, deterministic bytes:
 * same inputs and options give the same files) and returns them; `finish` writes the
 * export-level files (dataset.json, datalists, index CSVs) from every case's plan and files.
 */
export interface CaseExporter {
  readonly format: ExportOptions['formats'][number];
  writeCase(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]>;
  finish?(cases: readonly { plan: ExportCasePlan; files: readonly ExportedFile[] }[], ctx: ExportContext): Promise<ExportedFile[]>;
}
