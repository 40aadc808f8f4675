import { describe, expect, it } from 'vitest';
import { ExportOptions } from '../../../../electron/common/contract/export';
import {
  buildExportOptions,
  DEFAULT_DRAFT,
  isAbsolutePath,
  optionsKey,
  parseStoredDraft,
  readList,
  readNumber,
  storedDraft,
  type ExportDraft,
} from '../../../../renderer/features/export/model/export-draft';

const draft = (over: Partial<ExportDraft> = {}): ExportDraft => ({ ...DEFAULT_DRAFT, outDir: '/tmp/export-out', ...over });

function built(d: ExportDraft, datasetId: number | null = 3) {
  const r = buildExportOptions(d, datasetId);
  if (!r.ok) throw new Error(`expected options, got ${JSON.stringify(r.errors)}`);
  return r.options;
}

describe('export draft → ExportOptions', () => {
  it('builds from the default form options the contract accepts, equal to its own defaults (nnU-Net, done scans, accepted lesions, 5 folds, seed 12345)', () => {
    const options = built(draft());
    const parsed = ExportOptions.parse(options);
    expect(parsed).toEqual(ExportOptions.parse({ outDir: '/tmp/export-out', formats: ['nnunet'], datasetId: 3 }));
  });

  it('sends the open dataset for "the open dataset", none for "all datasets" or when no dataset is open', () => {
    expect(built(draft()).datasetId).toBe(3);
    expect(built(draft({ datasetScope: 'all' })).datasetId).toBeUndefined();
    expect(built(draft(), null).datasetId).toBeUndefined();
  });

  it('lists formats in the fixed order whatever order they were ticked, and the cube and nnU-Net settings only with their format', () => {
    const o = built(draft({ formats: ['cubes', 'seg', 'nnunet'], cubeMm: '48', cubeSpacingMm: '0.5', nnunetId: '42', datasetName: ' Lidc ' }));
    expect(o.formats).toEqual(['nnunet', 'cubes', 'seg']);
    expect([o.cubeMm, o.cubeSpacingMm, o.nnunetId, o.datasetName]).toEqual([48, 0.5, 42, 'Lidc']);
    const plain = built(draft({ formats: ['monai'], cubeMm: 'junk', nnunetId: 'junk' }));
    expect(plain).not.toHaveProperty('cubeMm');
    expect(plain).not.toHaveProperty('nnunetId');
    expect(ExportOptions.safeParse(plain).success).toBe(true);
  });

  it('builds k folds or train / validation / test percentages, mask version ids and patient lists', () => {
    expect(built(draft({ folds: '3' })).split).toEqual({ kind: 'folds', k: 3 });
    const o = built(draft({ splitKind: 'ratio', train: '70', validation: '15', test: '15', maskRule: 'ids', maskIds: '12, 15 15', includePatients: 'LIDC-IDRI-0001\nLIDC-IDRI-0002', excludePatients: ' a ,b;' }));
    expect(o.split).toEqual({ kind: 'ratio', train: 70, validation: 15, test: 15 });
    expect(o.maskRule).toEqual({ kind: 'ids', ids: [12, 15] });
    expect(o.includePatients).toEqual(['LIDC-IDRI-0001', 'LIDC-IDRI-0002']);
    expect(o.excludePatients).toEqual(['a', 'b']);
    expect(ExportOptions.safeParse(o).success).toBe(true);
  });

  it('names each field whose text cannot be read: empty or relative folder, no format, words for numbers, fractions for whole numbers, bad version ids', () => {
    const r = buildExportOptions(draft({ outDir: '', formats: [], seed: '12.5', folds: 'five', lungLabel: '', maskRule: 'ids', maskIds: '3, -1' }), 1);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      outDir: 'type the folder to write into',
      formats: 'tick at least one format',
      seed: 'a whole number',
      split: 'a whole number',
      labels: 'required',
      maskRule: 'version ids are whole numbers above 0',
    });
    const rel = buildExportOptions(draft({ outDir: 'exports/run1' }), 1);
    expect(rel.ok ? null : rel.errors.outDir).toBe('an absolute path (/… or C:\\…)');
  });

  it('leaves bounds to the schema: an out-of-range but readable number builds, and the contract refuses it', () => {
    const o = built(draft({ formats: ['cubes'], cubeMm: '4', folds: '1' }));
    expect(o.cubeMm).toBe(4);
    expect(ExportOptions.safeParse(o).success).toBe(false);
  });

  it('gives equal options equal keys and different options different keys', () => {
    expect(optionsKey(built(draft()))).toBe(optionsKey(built(draft())));
    expect(optionsKey(built(draft({ seed: '1' })))).not.toBe(optionsKey(built(draft())));
  });
});

describe('reading the typed text', () => {
  it('reads numbers, whole numbers, lists and absolute paths (POSIX and Windows)', () => {
    expect([readNumber(' 64 ', false), readNumber('0.5', false), readNumber('1e2', true), readNumber('1.5', true), readNumber('', false), readNumber('x', false)]).toEqual([64, 0.5, 100, 'a whole number', 'required', 'a number']);
    expect(readList('a, b\nc;;a ')).toEqual(['a', 'b', 'c']);
    expect(['/data/out', 'C:\\out', 'd:/out', '\\\\server\\share', 'out', './out', '~/out'].map(isAbsolutePath)).toEqual([true, true, true, true, false, false, false]);
  });
});

describe('the remembered draft', () => {
  it('round-trips the folder and choices, never "resume", and falls back per field on a damaged store', () => {
    const d = draft({ formats: ['nnunet', 'cubes'], splitKind: 'ratio', resume: true, seed: '7' });
    const back = parseStoredDraft(storedDraft(d));
    expect(back).toEqual({ ...d, resume: false });
    expect(parseStoredDraft('{"formats":["nnunet","zip"],"scans":"some","seed":7,"outDir":"/x"}')).toEqual({ ...DEFAULT_DRAFT, outDir: '/x' });
    expect(parseStoredDraft('not json')).toEqual(DEFAULT_DRAFT);
    expect(parseStoredDraft(null)).toEqual(DEFAULT_DRAFT);
    expect(parseStoredDraft('[1,2]')).toEqual(DEFAULT_DRAFT);
  });
});
