import { MAX_DIAMETER_MM, MIN_DIAMETER_MM, type NoduleDraft } from './model/nodule-form';

/** Centre x / y / z (LPS mm) and diameter (mm) fields; Enter saves, Escape cancels. */
export function NoduleForm({
  testId,
  draft,
  busy,
  saveLabel,
  onChange,
  onSave,
  onCancel,
}: {
  testId: string;
  draft: NoduleDraft;
  busy: boolean;
  saveLabel: string;
  onChange: (d: NoduleDraft) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  const field = (key: keyof NoduleDraft, label: string, title: string) => (
    <label style={{ display: 'flex', flexDirection: 'column', fontSize: '0.85em' }} title={title}>
      {label}
      <input
        data-testid={`nodule-form-${key}`}
        autoFocus={key === 'diameter'}
        inputMode="decimal"
        size={6}
        value={draft[key]}
        onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <form
      className="nodule-form"
      data-testid={testId}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'flex-end', margin: '4px 0' }}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      {field('x', 'x mm', 'Centre x, world LPS mm (+x = patient left)')}
      {field('y', 'y mm', 'Centre y, world LPS mm (+y = posterior)')}
      {field('z', 'z mm', 'Centre z, world LPS mm (+z = superior)')}
      {field('diameter', '⌀ mm', `Diameter, ${MIN_DIAMETER_MM}–${MAX_DIAMETER_MM} mm`)}
      <button type="submit" data-testid="nodule-form-save" disabled={busy}>
        {saveLabel}
      </button>
      <button type="button" data-testid="nodule-form-cancel" disabled={busy} onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
