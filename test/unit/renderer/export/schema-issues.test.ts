import { describe, expect, it } from 'vitest';
import { ExportOptions } from '../../../../electron/common/contract/export';
import { LungDeskError } from '../../../../electron/common/errors';
import { buildExportOptions, DEFAULT_DRAFT, type ExportDraft } from '../../../../renderer/features/export/model/export-draft';
import { badInputErrors, fieldErrorsFromIssues, issueText, schemaIssues } from '../../../../renderer/features/export/model/schema-issues';

/** What the backend puts in `detail` when ExportOptions refuses an input (electron/server/dispatch-op.ts, electron/main/ipc.ts). */
function issuesOf(input: unknown): unknown {
  const r = ExportOptions.safeParse(input);
  if (r.success) throw new Error('expected the schema to refuse the input');
  return JSON.parse(JSON.stringify(r.error.issues));
}

function optionsOf(over: Partial<ExportDraft>) {
  const r = buildExportOptions({ ...DEFAULT_DRAFT, outDir: '/tmp/out', ...over }, 1);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.options;
}

describe("the contract's schema messages beside the fields", () => {
  it('puts each refusal of ExportOptions beside its field in plain words (bounds, whole numbers, the schema\'s own rules)', () => {
    const detail = issuesOf(
      optionsOf({
        formats: ['nnunet', 'cubes'],
        cubeMm: '4',
        cubeSpacingMm: '9',
        folds: '1',
        seed: '-3',
        lungLabel: '2',
        noduleLabel: '2',
        nnunetId: '1000',
        datasetName: 'Lung Desk!',
      }),
    );
    expect(fieldErrorsFromIssues(detail)).toEqual({
      cubeMm: 'at least 8',
      cubeSpacingMm: 'at most 4',
      split: 'k: at least 2',
      seed: 'at least 0',
      labels: 'lung and nodule need different label values',
      nnunetId: 'at most 999',
      datasetName: 'letters, digits, _ and - only',
    });
  });

  it('shows the split ratio rule and a label out of 0..255 under their fields', () => {
    const detail = issuesOf(optionsOf({ splitKind: 'ratio', train: '80', validation: '15', test: '15', noduleLabel: '300' }));
    expect(fieldErrorsFromIssues(detail)).toEqual({ split: 'train + validation + test must be 100', labels: 'nodule: at most 255' });
  });

  it('reads a wrong type as "a whole number" and an unknown option as a message for the whole form', () => {
    expect(fieldErrorsFromIssues(issuesOf({ outDir: '/x', formats: ['nnunet'], seed: 1.5 }))).toEqual({ seed: 'a whole number' });
    const unknown = fieldErrorsFromIssues(issuesOf({ outDir: '/x', formats: ['nnunet'], colour: 'red' }));
    expect(Object.keys(unknown)).toEqual(['form']);
    expect(unknown.form).toContain('colour');
  });

  it('says "pick at least one" and "required" for an empty format list and folder (the same fields the form checks)', () => {
    expect(fieldErrorsFromIssues(issuesOf({ outDir: '', formats: [] }))).toEqual({ outDir: 'required', formats: 'pick at least one' });
  });

  it('turns a thrown contract.bad-input into field messages, and leaves any other error (the stub, an I/O refusal) to the preview', () => {
    const bad = new LungDeskError('contract.bad-input', 'previewExport: input does not match the contract', { detail: issuesOf({ outDir: '/x', formats: ['nnunet'], seed: -1 }) });
    expect(badInputErrors(bad)).toEqual({ seed: 'at least 0' });
    // Errors crossing the bridge are plain objects with the same fields.
    expect(badInputErrors({ code: 'contract.bad-input', message: 'm', detail: (bad as { detail?: unknown }).detail })).toEqual({ seed: 'at least 0' });
    expect(badInputErrors(new LungDeskError('internal', 'training-set export is not built yet'))).toBeNull();
    expect(badInputErrors({ code: 'contract.bad-input', message: 'request body exceeds 1 bytes' })).toBeNull();
    expect(badInputErrors('boom')).toBeNull();
  });

  it('ignores malformed details and keeps the schema message where it has no plainer words', () => {
    expect(schemaIssues({ not: 'a list' })).toEqual([]);
    expect(schemaIssues([null, 3, { path: 'x', message: 'm' }, { path: ['seed'], message: 'm', code: 'custom' }])).toEqual([{ code: 'custom', path: ['seed'], message: 'm' }]);
    expect(issueText({ code: 'invalid_value', path: ['scans'], message: 'Invalid option: expected one of "done"|"all"' })).toBe('Invalid option: expected one of "done"|"all"');
    expect(issueText({ code: 'too_small', path: ['cubeMm'], message: '', origin: 'number', minimum: 0, inclusive: false })).toBe('above 0');
  });
});
