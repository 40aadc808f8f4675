import type { ReactNode } from 'react';
import type { ExportFormat } from '../../../electron/common/contract';
import { FORMAT_CHOICES, type ExportDraft, type ExportField, type FieldErrors } from './model/export-draft';

export interface ExportFormProps {
  draft: ExportDraft;
  onChange: (next: ExportDraft) => void;
  errors: FieldErrors;
  /** A dataset is open in the app ("this dataset" can be chosen). */
  hasDataset: boolean;
  disabled: boolean;
}

/** The message beside a field: the draft's reading of it, or the contract's schema (via the preview). */
function FieldError({ field, errors }: { field: ExportField; errors: FieldErrors }) {
  const text = errors[field];
  if (!text) return null;
  return (
    <span className="export-field__error" role="alert" data-testid={`export-error-${field}`}>
      {text}
    </span>
  );
}

function Row({ label, field, errors, children }: { label: string; field: ExportField; errors: FieldErrors; children: ReactNode }) {
  return (
    <div className={`export-field${errors[field] ? ' export-field--bad' : ''}`}>
      <span className="export-field__label">{label}</span>
      <span className="export-field__control">{children}</span>
      <FieldError field={field} errors={errors} />
    </div>
  );
}

function NumberText({ value, onChange, label, testId, width = 5, disabled }: { value: string; onChange: (v: string) => void; label: string; testId: string; width?: number; disabled: boolean }) {
  return <input type="text" inputMode="decimal" size={width} aria-label={label} data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
}

function Choice<T extends string>({ name, value, options, onChange, disabled }: { name: string; value: T; options: readonly { value: T; label: string }[]; onChange: (v: T) => void; disabled: boolean }) {
  return (
    <>
      {options.map((o) => (
        <label key={o.value} className="export-choice">
          <input type="radio" name={name} data-testid={`export-${name}-${o.value}`} checked={value === o.value} disabled={disabled} onChange={() => onChange(o.value)} /> {o.label}
        </label>
      ))}
    </>
  );
}

/** The export's options as a form: where, what, which formats, the split, labels and format settings. */
export function ExportForm({ draft, onChange, errors, hasDataset, disabled }: ExportFormProps) {
  const set = <K extends keyof ExportDraft>(k: K, v: ExportDraft[K]): void => onChange({ ...draft, [k]: v });
  const toggleFormat = (f: ExportFormat, on: boolean): void => set('formats', on ? [...draft.formats, f] : draft.formats.filter((x) => x !== f));
  const has = (f: ExportFormat): boolean => draft.formats.includes(f);

  return (
    <div className="export-form">
      <fieldset disabled={disabled}>
        <legend>Where</legend>
        <Row label="Output folder" field="outDir" errors={errors}>
          <input
            type="text"
            className="export-form__path"
            data-testid="export-out-dir"
            aria-label="Output folder (absolute path)"
            placeholder="/path/to/empty/folder"
            spellCheck={false}
            autoFocus
            value={draft.outDir}
            onChange={(e) => set('outDir', e.target.value)}
          />
        </Row>
        <Row label="" field="resume" errors={errors}>
          <label className="export-choice" title="The folder holds an interrupted export: finished cases are verified by checksum and skipped">
            <input type="checkbox" data-testid="export-resume" checked={draft.resume} onChange={(e) => set('resume', e.target.checked)} /> resume an interrupted export in this folder
          </label>
        </Row>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>What</legend>
        <Row label="Dataset" field="datasetId" errors={errors}>
          <Choice name="dataset" value={hasDataset ? draft.datasetScope : 'all'} onChange={(v) => set('datasetScope', v)} disabled={disabled || !hasDataset} options={[{ value: 'current', label: 'the open dataset' }, { value: 'all', label: 'all datasets' }]} />
        </Row>
        <Row label="Scans" field="scans" errors={errors}>
          <Choice name="scans" value={draft.scans} onChange={(v) => set('scans', v)} disabled={disabled} options={[{ value: 'done', label: 'marked done' }, { value: 'all', label: 'all' }]} />
        </Row>
        <Row label="Lesions" field="select" errors={errors}>
          <Choice name="select" value={draft.select} onChange={(v) => set('select', v)} disabled={disabled} options={[{ value: 'accepted', label: 'accepted' }, { value: 'all', label: 'all not rejected' }]} />
        </Row>
        <Row label="" field="negatives" errors={errors}>
          <label className="export-choice">
            <input type="checkbox" data-testid="export-negatives" checked={draft.negatives} onChange={(e) => set('negatives', e.target.checked)} /> rejected lesions and candidates.csv class 0 as negatives
          </label>
        </Row>
        <Row label="Masks" field="maskRule" errors={errors}>
          <Choice name="mask-rule" value={draft.maskRule} onChange={(v) => set('maskRule', v)} disabled={disabled} options={[{ value: 'newest', label: 'newest saved' }, { value: 'ids', label: 'versions' }]} />
          {draft.maskRule === 'ids' ? <input type="text" size={14} aria-label="Mask version ids" data-testid="export-mask-ids" placeholder="12, 15" value={draft.maskIds} onChange={(e) => set('maskIds', e.target.value)} /> : null}
        </Row>
        <Row label="Only patients" field="includePatients" errors={errors}>
          <input type="text" size={24} aria-label="Only these patients" data-testid="export-include-patients" placeholder="all (or ids, comma separated)" value={draft.includePatients} onChange={(e) => set('includePatients', e.target.value)} />
        </Row>
        <Row label="Leave out" field="excludePatients" errors={errors}>
          <input type="text" size={24} aria-label="Patients to leave out" data-testid="export-exclude-patients" placeholder="none (or ids, comma separated)" value={draft.excludePatients} onChange={(e) => set('excludePatients', e.target.value)} />
        </Row>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>Formats</legend>
        <div className="export-formats">
          {FORMAT_CHOICES.map((c) => (
            <label key={c.format} className="export-choice" title={c.detail}>
              <input type="checkbox" data-testid={`export-format-${c.format}`} checked={has(c.format)} onChange={(e) => toggleFormat(c.format, e.target.checked)} /> {c.label}
              <span className="muted"> · {c.detail}</span>
            </label>
          ))}
        </div>
        <FieldError field="formats" errors={errors} />
        {has('nnunet') ? (
          <Row label="nnU-Net" field="nnunetId" errors={errors}>
            Dataset <NumberText value={draft.nnunetId} onChange={(v) => set('nnunetId', v)} label="nnU-Net dataset id" testId="export-nnunet-id" width={4} disabled={disabled} />
            _<input type="text" size={14} aria-label="nnU-Net dataset name" data-testid="export-dataset-name" value={draft.datasetName} onChange={(e) => set('datasetName', e.target.value)} />
            <FieldError field="datasetName" errors={errors} />
          </Row>
        ) : null}
        {has('cubes') ? (
          <Row label="Cubes" field="cubeMm" errors={errors}>
            edge <NumberText value={draft.cubeMm} onChange={(v) => set('cubeMm', v)} label="Cube edge (mm)" testId="export-cube-mm" width={4} disabled={disabled} /> mm at{' '}
            <NumberText value={draft.cubeSpacingMm} onChange={(v) => set('cubeSpacingMm', v)} label="Cube voxel spacing (mm)" testId="export-cube-spacing" width={4} disabled={disabled} /> mm voxels
            <FieldError field="cubeSpacingMm" errors={errors} />
          </Row>
        ) : null}
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>Split and labels</legend>
        <Row label="Split" field="split" errors={errors}>
          <Choice name="split" value={draft.splitKind} onChange={(v) => set('splitKind', v)} disabled={disabled} options={[{ value: 'folds', label: 'k folds' }, { value: 'ratio', label: 'train / val / test %' }]} />
          {draft.splitKind === 'folds' ? (
            <>
              k = <NumberText value={draft.folds} onChange={(v) => set('folds', v)} label="Folds" testId="export-folds" width={3} disabled={disabled} />
            </>
          ) : (
            <>
              <NumberText value={draft.train} onChange={(v) => set('train', v)} label="Train %" testId="export-train" width={3} disabled={disabled} /> /{' '}
              <NumberText value={draft.validation} onChange={(v) => set('validation', v)} label="Validation %" testId="export-validation" width={3} disabled={disabled} /> /{' '}
              <NumberText value={draft.test} onChange={(v) => set('test', v)} label="Test %" testId="export-test" width={3} disabled={disabled} /> %
            </>
          )}
        </Row>
        <Row label="Seed" field="seed" errors={errors}>
          <NumberText value={draft.seed} onChange={(v) => set('seed', v)} label="Seed" testId="export-seed" width={10} disabled={disabled} />
          <span className="muted"> patient-level, stratified by lesion presence</span>
        </Row>
        <Row label="Labels" field="labels" errors={errors}>
          background 0 · lung <NumberText value={draft.lungLabel} onChange={(v) => set('lungLabel', v)} label="Lung label value" testId="export-label-lung" width={3} disabled={disabled} /> · nodule{' '}
          <NumberText value={draft.noduleLabel} onChange={(v) => set('noduleLabel', v)} label="Nodule label value" testId="export-label-nodule" width={3} disabled={disabled} />
        </Row>
      </fieldset>
      <FieldError field="form" errors={errors} />
    </div>
  );
}
