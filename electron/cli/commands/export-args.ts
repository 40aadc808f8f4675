import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExportOptions, type ExportOptionsInput } from '../../common/contract/export';
import { UsageError } from '../args';

export const EXPORT_USAGE = `usage: lungdesk export --db FILE --out DIR --format nnunet,monai,npy,cubes,seg,nifti,nrrd
                       [--dataset ID] [--scans done|all] [--select accepted|all] [--negatives]
                       [--masks newest|ID,ID...] [--include-patients ID,...] [--exclude-patients ID,...]
                       [--folds K | --split 70/15/15] [--seed N] [--lung-label N] [--nodule-label N]
                       [--cube-mm MM] [--cube-spacing MM] [--nnunet-id NNN] [--name NAME]
                       [--shard i/n] [--resume] [--workers N] [--preview] [--json]
       lungdesk export merge DIR [--json]
  Exports the reviewed scans of the index FILE (as \`lungdesk index\` and the app write it; the
  saved masks are found through it) into the empty folder DIR, as training sets in the formats
  asked for, with manifest.json and manifest.csv (per case: series, patient, split, reviewer,
  mask versions, lesions, every file's sha256 and voxel-to-world affine).
  Defaults: --scans done (scans whose review is done), --select accepted (accepted lesions are
  the nodules; all: every lesion not rejected), --masks newest (the newest saved lung, nodule
  and edited mask of each scan), --folds 5, --seed 12345, --lung-label 1, --nodule-label 2,
  --cube-mm 64, --cube-spacing 1, --nnunet-id 501, --name LungDesk, --workers = cores.
  --negatives adds rejected lesions and candidates.csv class-0 rows as negatives (cubes).
  --preview prints what would be written (cases, splits, bytes, scans left out) and writes nothing.
  --resume goes on with an interrupted export in DIR: finished cases are verified by sha256 and
  kept, the rest is written. --shard i/n writes only every n-th case (from the i-th) and its
  manifest.shard-i-of-n.json, for a cluster's job array (i = 1..n, all into the same DIR);
  \`lungdesk export merge DIR\` then joins the shards into manifest.json. Exit code 1 when a case
  failed (the others are written), 2 on bad options.`;

/** The flags, as node:util parseArgs reads them; every value is checked by the contract's ExportOptions after. */
const FLAGS = {
  db: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string', multiple: true },
  dataset: { type: 'string' },
  scans: { type: 'string' },
  select: { type: 'string' },
  negatives: { type: 'boolean' },
  masks: { type: 'string' },
  'include-patients': { type: 'string', multiple: true },
  'exclude-patients': { type: 'string', multiple: true },
  folds: { type: 'string' },
  split: { type: 'string' },
  seed: { type: 'string' },
  'lung-label': { type: 'string' },
  'nodule-label': { type: 'string' },
  'cube-mm': { type: 'string' },
  'cube-spacing': { type: 'string' },
  'nnunet-id': { type: 'string' },
  name: { type: 'string' },
  shard: { type: 'string' },
  resume: { type: 'boolean' },
  workers: { type: 'string' },
  preview: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Contract field → the flag that sets it, so a schema error names what the user typed. */
const FLAG_OF: Record<string, string> = {
  outDir: '--out', formats: '--format', datasetId: '--dataset', scans: '--scans', select: '--select', negatives: '--negatives',
  maskRule: '--masks', includePatients: '--include-patients', excludePatients: '--exclude-patients', split: '--folds/--split',
  seed: '--seed', labels: '--lung-label/--nodule-label', cubeMm: '--cube-mm', cubeSpacingMm: '--cube-spacing', nnunetId: '--nnunet-id',
  datasetName: '--name', shard: '--shard', resume: '--resume', workers: '--workers',
};

export interface ExportCliArgs {
  db: string;
  options: ExportOptions;
  preview: boolean;
  json: boolean;
}

export function parseExportFlags(argv: string[]): { values: ReturnType<typeof parseWith>['values']; positionals: string[] } {
  try {
    return parseWith(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseWith(argv: string[]) {
  return parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
}

/** A flag's number as given (NaN when it is not one: the schema then says what it must be). */
const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : s.trim() === '' ? NaN : Number(s));
const list = (xs: string[] | undefined): string[] | undefined => xs?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

/** The flags as the contract's ExportOptions (the same schema and bounds as the app's dialog). */
export function exportOptionsOf(values: ReturnType<typeof parseWith>['values']): ExportCliArgs {
  if (!values.db) throw new UsageError('--db FILE is required (the index `lungdesk index --db` or the app writes)');
  if (!values.out) throw new UsageError('--out DIR is required');
  if (!values.format?.length) throw new UsageError('--format is required (one or more of nnunet, monai, npy, cubes, seg, nifti, nrrd)');
  if (values.folds !== undefined && values.split !== undefined) throw new UsageError('give --folds K or --split TRAIN/VAL/TEST, not both');
  const input: ExportOptionsInput = { outDir: path.resolve(values.out), formats: list(values.format) as ExportOptionsInput['formats'] };
  if (values.dataset !== undefined) input.datasetId = num(values.dataset)!;
  if (values.scans !== undefined) input.scans = values.scans as ExportOptionsInput['scans'];
  if (values.select !== undefined) input.select = values.select as ExportOptionsInput['select'];
  if (values.negatives) input.negatives = true;
  if (values.masks !== undefined) input.maskRule = values.masks === 'newest' ? { kind: 'newest' } : { kind: 'ids', ids: list([values.masks])!.map((x) => num(x)!) };
  const include = list(values['include-patients']);
  if (include) input.includePatients = include;
  const exclude = list(values['exclude-patients']);
  if (exclude) input.excludePatients = exclude;
  if (values.folds !== undefined) input.split = { kind: 'folds', k: num(values.folds)! };
  if (values.split !== undefined) {
    const parts = values.split.split('/');
    if (parts.length !== 3) throw new UsageError(`--split must be TRAIN/VALIDATION/TEST percentages such as 70/15/15, not ${values.split}`);
    const [train, validation, test] = parts.map((x) => num(x)!) as [number, number, number];
    input.split = { kind: 'ratio', train, validation, test };
  }
  if (values.seed !== undefined) input.seed = num(values.seed)!;
  if (values['lung-label'] !== undefined || values['nodule-label'] !== undefined) {
    input.labels = { lung: num(values['lung-label']) ?? 1, nodule: num(values['nodule-label']) ?? 2 };
  }
  if (values['cube-mm'] !== undefined) input.cubeMm = num(values['cube-mm'])!;
  if (values['cube-spacing'] !== undefined) input.cubeSpacingMm = num(values['cube-spacing'])!;
  if (values['nnunet-id'] !== undefined) input.nnunetId = num(values['nnunet-id'])!;
  if (values.name !== undefined) input.datasetName = values.name;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    if (!m) throw new UsageError(`--shard must be i/n such as 2/8 (shard i of n, 1-based), not ${values.shard}`);
    input.shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  if (values.resume) input.resume = true;
  if (values.workers !== undefined) input.workers = num(values.workers)!;
  const parsed = ExportOptions.safeParse(input);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${FLAG_OF[String(i.path[0])] ?? String(i.path[0] ?? 'options')}: ${i.message}`);
    throw new UsageError([...new Set(why)].join('; '));
  }
  return { db: path.resolve(values.db), options: parsed.data, preview: !!values.preview, json: !!values.json };
}
