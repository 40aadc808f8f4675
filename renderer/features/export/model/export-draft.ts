import { storedObject } from '../../../scan-memory';
import type { ExportFormat, ExportOptions, ExportOptionsInput } from '../../../../electron/common/contract';

/**
 * The Export dialog's form as typed: numbers stay text so a half-typed "6" or "-" is kept, and
 * turning it into `ExportOptions` is one pure step (`buildExportOptions`). Bounds are not
 * repeated here: the contract's schema checks them (the preview call validates with it, and
 * its issues come back per field, see schema-issues.ts); this file only reads the text.
 */
export interface ExportDraft {
  outDir: string;
  formats: readonly ExportFormat[];
  /** The dataset open in the app, or every dataset of the index. */
  datasetScope: 'current' | 'all';
  scans: 'done' | 'all';
  select: 'accepted' | 'all';
  negatives: boolean;
  maskRule: 'newest' | 'ids';
  /** Mask version ids, comma or space separated (maskRule 'ids'). */
  maskIds: string;
  /** Patient ids to keep (empty: all) and to leave out, comma, space or line separated. */
  includePatients: string;
  excludePatients: string;
  splitKind: 'folds' | 'ratio';
  folds: string;
  train: string;
  validation: string;
  test: string;
  seed: string;
  cubeMm: string;
  cubeSpacingMm: string;
  lungLabel: string;
  noduleLabel: string;
  nnunetId: string;
  datasetName: string;
  /** Go on with an interrupted export in the folder. */
  resume: boolean;
}

/** A form field a message is shown beside: the options' own keys, or `form` for the whole. */
export type ExportField = keyof ExportOptions | 'form';
export type FieldErrors = Partial<Record<ExportField, string>>;

/** Every format, in the order the dialog lists them, with what it writes. */
export const FORMAT_CHOICES: readonly { format: ExportFormat; label: string; detail: string }[] = [
  { format: 'nnunet', label: 'nnU-Net v2', detail: 'DatasetNNN_Name/imagesTr, labelsTr, dataset.json, splits_final.json' },
  { format: 'monai', label: 'MONAI', detail: 'datalist JSON with the same splits' },
  { format: 'cubes', label: 'Nodule cubes', detail: 'fixed-size .npy cubes around each lesion, with an index CSV' },
  { format: 'npy', label: 'Seed arrays', detail: "the DSB2017 / LUNA16 tutorial's per-patient .npy files" },
  { format: 'seg', label: 'DICOM SEG', detail: 'one per DICOM scan, referencing its source instances' },
  { format: 'nifti', label: 'NIfTI', detail: 'images and masks (.nii.gz)' },
  { format: 'nrrd', label: 'NRRD', detail: 'images and masks (.nrrd)' },
];

// The contract's defaults, as the form shows them first (ExportOptions' .default()s).
export const DEFAULT_DRAFT: ExportDraft = {
  outDir: '',
  formats: ['nnunet'],
  datasetScope: 'current',
  scans: 'done',
  select: 'accepted',
  negatives: false,
  maskRule: 'newest',
  maskIds: '',
  includePatients: '',
  excludePatients: '',
  splitKind: 'folds',
  folds: '5',
  train: '70',
  validation: '15',
  test: '15',
  seed: '12345',
  cubeMm: '64',
  cubeSpacingMm: '1',
  lungLabel: '1',
  noduleLabel: '2',
  nnunetId: '501',
  datasetName: 'LungDesk',
  resume: false,
};

export type BuiltOptions = { ok: true; options: ExportOptionsInput } | { ok: false; errors: FieldErrors };

/** Text → number, or why not. Bounds are the schema's business; `integer` only reads digits. */
export function readNumber(text: string, integer: boolean): number | string {
  const t = text.trim();
  if (t === '') return 'required';
  const v = Number(t);
  if (!Number.isFinite(v)) return integer ? 'a whole number' : 'a number';
  if (integer && !Number.isInteger(v)) return 'a whole number';
  return v;
}

/** A list typed with commas, spaces or new lines; empty entries dropped, order and duplicates kept out. */
export function readList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((s) => s.length > 0))];
}

/** Whether a path is absolute on POSIX (/…) or Windows (C:\…, \\server\…): the export writes nowhere relative to an unknown cwd. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * The draft as `ExportOptions` input, or the fields whose text cannot be read (each with its
 * message). `datasetId` is the dataset open in the app (null: none, so "current" means all).
 */
export function buildExportOptions(d: ExportDraft, datasetId: number | null): BuiltOptions {
  const errors: FieldErrors = {};
  const num = (field: ExportField, text: string, integer: boolean): number => {
    const v = readNumber(text, integer);
    if (typeof v === 'string') {
      errors[field] ??= v;
      return NaN;
    }
    return v;
  };

  const outDir = d.outDir.trim();
  if (outDir === '') errors.outDir = 'type the folder to write into';
  else if (!isAbsolutePath(outDir)) errors.outDir = 'an absolute path (/… or C:\\…)';
  if (d.formats.length === 0) errors.formats = 'tick at least one format';

  const options: ExportOptionsInput = {
    outDir,
    formats: FORMAT_CHOICES.map((c) => c.format).filter((f) => d.formats.includes(f)),
    scans: d.scans,
    select: d.select,
    negatives: d.negatives,
    seed: num('seed', d.seed, true),
    labels: { lung: num('labels', d.lungLabel, true), nodule: num('labels', d.noduleLabel, true) },
    resume: d.resume,
  };
  if (d.datasetScope === 'current' && datasetId !== null) options.datasetId = datasetId;

  if (d.maskRule === 'ids') {
    const ids = readList(d.maskIds).map((s) => Number(s));
    if (ids.length === 0) errors.maskRule = 'list the mask version ids';
    else if (ids.some((v) => !Number.isInteger(v) || v <= 0)) errors.maskRule = 'version ids are whole numbers above 0';
    options.maskRule = { kind: 'ids', ids };
  } else {
    options.maskRule = { kind: 'newest' };
  }

  const include = readList(d.includePatients);
  if (include.length > 0) options.includePatients = include;
  options.excludePatients = readList(d.excludePatients);

  options.split =
    d.splitKind === 'folds'
      ? { kind: 'folds', k: num('split', d.folds, true) }
      : { kind: 'ratio', train: num('split', d.train, true), validation: num('split', d.validation, true), test: num('split', d.test, true) };

  // The cube and nnU-Net settings matter only to their formats: unread text elsewhere blocks nothing.
  if (d.formats.includes('cubes')) {
    options.cubeMm = num('cubeMm', d.cubeMm, false);
    options.cubeSpacingMm = num('cubeSpacingMm', d.cubeSpacingMm, false);
  }
  if (d.formats.includes('nnunet')) {
    options.nnunetId = num('nnunetId', d.nnunetId, true);
    options.datasetName = d.datasetName.trim();
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, options };
}

/** A stable key of built options: a preview answers the options it was asked for, or none. */
export function optionsKey(o: ExportOptionsInput): string {
  return JSON.stringify(o);
}

/** The draft kept between sessions (the folder and the choices; never `resume`, asked each time). */
export function storedDraft(d: ExportDraft): string {
  const { resume: _resume, ...kept } = d;
  return JSON.stringify(kept);
}

/** The choice fields and the values each may take. */
const CHOICES: Partial<Record<keyof ExportDraft, readonly string[]>> = {
  datasetScope: ['current', 'all'],
  scans: ['done', 'all'],
  select: ['accepted', 'all'],
  maskRule: ['newest', 'ids'],
  splitKind: ['folds', 'ratio'],
};

/** A stored draft read back over the defaults; fields of the wrong type or value are dropped (an older or edited store). */
export function parseStoredDraft(text: string | null): ExportDraft {
  const stored = text ? storedObject(text) : null;
  if (!stored) return DEFAULT_DRAFT;
  const out: Record<string, unknown> = { ...DEFAULT_DRAFT };
  const known = new Set<string>(FORMAT_CHOICES.map((c) => c.format));
  for (const [k, def] of Object.entries(DEFAULT_DRAFT) as [keyof ExportDraft, unknown][]) {
    const v = stored[k];
    if (k === 'formats') {
      if (Array.isArray(v) && v.every((f) => typeof f === 'string' && known.has(f))) out[k] = v;
      continue;
    }
    if (typeof v !== typeof def) continue;
    const allowed = CHOICES[k];
    if (allowed && !allowed.includes(v as string)) continue;
    out[k] = v;
  }
  out.resume = false;
  return out as unknown as ExportDraft;
}
