import { useEffect, useRef, useState } from 'react';
import type { Annotation } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError } from '../../display-error';
import { SOURCE_COLORS, SOURCE_LABELS, centreLabel, characteristicLines, noduleLabel } from './model/nodule-order';
import { isAppKey } from '../../keyboard';
import { MAX_DIAMETER_MM, MIN_DIAMETER_MM, changedFields, draftFrom, isUserNodule, parseDraft, type NoduleDraft } from './model/nodule-form';

/**
 * The open scan's annotations; a click (or N / P) centres the views on one. The reader can
 * add a nodule and edit or delete their own (source 'user'); the list refreshes itself on
 * onDidChangeAnnotations (see useNodules).
 *
 * `scanId` enables "Add nodule"; until the app passes it, the scan of the listed
 * annotations is used, so an empty list offers no Add. `crosshair` (world LPS mm) prefills
 * the add form; without it the selected nodule's centre does. Placing a nodule by clicking
 * its centre and dragging its diameter on a slice belongs to the viewport and is not here.
 */
export function NoduleList({
  annotations,
  selectedId,
  loading,
  onSelect,
  scanId,
  crosshair,
}: {
  annotations: readonly Annotation[];
  selectedId: number | null;
  loading: boolean;
  onSelect: (index: number) => void;
  scanId?: number | null;
  crosshair?: readonly [number, number, number] | null;
}) {
  const [adding, setAdding] = useState<NoduleDraft | null>(null);
  const [editing, setEditing] = useState<{ id: number; draft: NoduleDraft } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const targetScan = scanId ?? annotations[0]?.scanId ?? null;
  const selected = annotations.find((a) => a.id === selectedId) ?? null;

  /** Runs one change through the contract; the refresh comes from onDidChangeAnnotations. */
  const run = async (change: () => Promise<unknown>, after: () => void): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await change();
      after();
    } catch (e) {
      setError(toDisplayError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const openAdd = (): void => {
    setEditing(null);
    setConfirmDelete(null);
    setError(null);
    setAdding(draftFrom(crosshair ?? selected?.center ?? null, selected?.diameterMm ?? null));
  };

  const saveAdd = (): void => {
    if (!adding || targetScan === null) return;
    const p = parseDraft(adding);
    if (!p.ok) return setError(p.error);
    void run(() => api().addNodule({ scanId: targetScan, center: p.center, diameterMm: p.diameterMm }), () => setAdding(null));
  };

  // E edits and Delete deletes the selected nodule when it is the reader's own.
  const keysRef = useRef({ selected, openEdit: (_a: Annotation) => {}, askDelete: (_a: Annotation) => {} });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isAppKey(e)) return;
      const a = keysRef.current.selected;
      if (!a || !isUserNodule(a)) return;
      if (e.key === 'e' || e.key === 'E') {
        e.preventDefault();
        keysRef.current.openEdit(a);
      } else if (e.key === 'Delete') {
        e.preventDefault();
        keysRef.current.askDelete(a);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const openEdit = (a: Annotation): void => {
    setAdding(null);
    setConfirmDelete(null);
    setError(null);
    setEditing({ id: a.id, draft: draftFrom(a.center, a.diameterMm) });
  };

  const saveEdit = (a: Annotation): void => {
    if (!editing) return;
    const p = parseDraft(editing.draft);
    if (!p.ok) return setError(p.error);
    const change = changedFields(a, p);
    if (!change) return setEditing(null);
    void run(() => api().updateNodule({ annotationId: a.id, ...change }), () => setEditing(null));
  };

  const askDelete = (a: Annotation): void => {
    setEditing(null);
    setError(null);
    setConfirmDelete(a.id);
  };
  keysRef.current = { selected, openEdit, askDelete };

  const remove = (a: Annotation): void => {
    void run(() => api().deleteNodule({ annotationId: a.id }), () => setConfirmDelete(null));
  };

  return (
    <div className="nodule-list-box">
      {targetScan !== null ? (
        <div className="nodule-list__tools" style={{ display: 'flex', gap: 6, marginBottom: 4 }}>
          <button type="button" data-testid="nodule-add" disabled={busy || adding !== null} onClick={openAdd}>
            Add nodule
          </button>
        </div>
      ) : null}
      {adding ? (
        <NoduleForm
          testId="nodule-add-form"
          draft={adding}
          busy={busy}
          saveLabel="Add"
          onChange={setAdding}
          onSave={saveAdd}
          onCancel={() => {
            setAdding(null);
            setError(null);
          }}
        />
      ) : null}
      {error ? (
        <p className="nodule-list__error" role="alert" data-testid="nodule-error" style={{ color: '#ff7b7b', margin: '4px 0' }}>
          {error}
        </p>
      ) : null}
      {!loading && annotations.length === 0 ? <p className="muted">No nodules for this scan.</p> : null}
      <ol className="nodule-list" data-testid="nodule-list" data-state={loading ? 'loading' : 'ready'}>
        {annotations.map((a, i) => (
          <li key={a.id}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
              <button
                type="button"
                className={`nodule-item${a.id === selectedId ? ' nodule-item--selected' : ''}`}
                data-testid="nodule-item"
                data-nodule-id={a.id}
                data-source={a.source}
                aria-pressed={a.id === selectedId}
                title={`${a.source} · centre ${a.center.map((v) => v.toFixed(1)).join(', ')} mm (LPS)`}
                onClick={() => onSelect(i)}
              >
                <span className="nodule-item__swatch" style={{ background: SOURCE_COLORS[a.source] }} />
                <span className="nodule-item__index">{i + 1}</span>
                <span className="nodule-item__source">{SOURCE_LABELS[a.source]}</span>
                <span>{noduleLabel(a)}</span>
                <span className="nodule-item__centre muted" data-testid="nodule-centre">
                  {centreLabel(a.center)}
                </span>
              </button>
              {isUserNodule(a) ? (
                <>
                  <button type="button" data-testid="nodule-edit" data-nodule-id={a.id} disabled={busy} title="Edit this nodule's centre and diameter" onClick={() => openEdit(a)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    data-testid="nodule-delete"
                    data-nodule-id={a.id}
                    disabled={busy}
                    title="Delete this nodule"
                    onClick={() => askDelete(a)}
                  >
                    Delete
                  </button>
                </>
              ) : null}
            </div>
            {a.id === selectedId ? (
              <div className="nodule-details muted" data-testid="nodule-details" data-nodule-id={a.id}>
                <div>
                  #{a.id} · LPS x, y, z
                  {a.volumeMm3 !== null ? ` · ${a.volumeMm3.toFixed(0)} mm³` : ''}
                  {a.sourceFile ? ` · ${a.sourceFile.split(/[\\/]/).pop()}${a.sourceLine !== null ? `:${a.sourceLine}` : ''}` : ''}
                </div>
                {characteristicLines(a.characteristics).length > 0 ? <div>{characteristicLines(a.characteristics).join(' · ')}</div> : null}
              </div>
            ) : null}
            {confirmDelete === a.id ? (
              <div
                className="nodule-list__confirm"
                role="alertdialog"
                aria-label="Confirm deletion"
                style={{ display: 'flex', gap: 6, alignItems: 'center', margin: '2px 0 4px 22px' }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setConfirmDelete(null);
                }}
              >
                <span>Delete nodule {i + 1}?</span>
                {/* Focused, so Enter deletes and Esc keeps: the keyboard path from Delete. */}
                <button type="button" autoFocus data-testid="nodule-delete-confirm" data-nodule-id={a.id} disabled={busy} onClick={() => remove(a)}>
                  Delete
                </button>
                <button type="button" data-testid="nodule-delete-cancel" disabled={busy} onClick={() => setConfirmDelete(null)}>
                  Keep
                </button>
              </div>
            ) : null}
            {editing?.id === a.id ? (
              <NoduleForm
                testId="nodule-edit-form"
                draft={editing.draft}
                busy={busy}
                saveLabel="Save"
                onChange={(draft) => setEditing({ id: a.id, draft })}
                onSave={() => saveEdit(a)}
                onCancel={() => {
                  setEditing(null);
                  setError(null);
                }}
              />
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Centre x / y / z (LPS mm) and diameter (mm) fields; Enter saves, Escape cancels. */
function NoduleForm({
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
