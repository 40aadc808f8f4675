import { useEffect, useRef, useState } from 'react';
import type { Lesion, LesionMember } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError } from '../../display-error';
import { isAppKey } from '../../keyboard';
import { commandFor } from '../../key-commands';
import { OWN_MARK_COMMANDS } from './model/review-commands';
import { NoduleForm, centreLabel, changedFields, characteristicLines, draftFrom, parseDraft, type NoduleDraft } from '../nodules';
import { STATE_COLORS, agreementLabel, categoryLabel, memberColor, sizeLabel, stateLabel } from './model/lesion-list';
import type { LesionsState } from './use-lesions';

/**
 * One row per lesion of the open scan (nodules; < 3 mm marks and non-nodules on demand);
 * a click or N / P selects one and centres the views on it. The selected row opens to show
 * its members: each reader's size and ratings (Reader 1–4, LUNA16, User), with edit and
 * delete for the reader's own marks (E / Delete). "Add nodule" adds a user mark at the
 * crosshair; it joins the lesion it lies on.
 */
export function LesionList({ lesions, crosshair }: { lesions: LesionsState; crosshair: readonly [number, number, number] | null }) {
  const [adding, setAdding] = useState<NoduleDraft | null>(null);
  const [editing, setEditing] = useState<{ id: number; draft: NoduleDraft } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { shown, selected, scanId, loading, lesions: all, showMinor, setShowMinor } = lesions;
  const userMark = selected?.members.find((m) => m.source === 'user') ?? null;
  const hidden = all.length - shown.length;

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

  const openEdit = (m: LesionMember): void => {
    setAdding(null);
    setConfirmDelete(null);
    setError(null);
    setEditing({ id: m.annotationId, draft: draftFrom(m.center, m.diameterMm) });
  };
  const askDelete = (m: LesionMember): void => {
    setEditing(null);
    setError(null);
    setConfirmDelete(m.annotationId);
  };

  // E edits and Delete deletes the selected lesion's user mark (the reader's own).
  const keysRef = useRef({ userMark, openEdit, askDelete });
  keysRef.current = { userMark, openEdit, askDelete };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isAppKey(e)) return;
      const m = keysRef.current.userMark;
      if (!m) return;
      const action = commandFor(OWN_MARK_COMMANDS, e)?.action;
      if (action === 'edit') {
        e.preventDefault();
        keysRef.current.openEdit(m);
      } else if (action === 'delete') {
        e.preventDefault();
        keysRef.current.askDelete(m);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="nodule-list-box">
      <div className="nodule-list__tools">
        {scanId !== null ? (
          <button type="button" data-testid="nodule-add" disabled={busy || adding !== null} onClick={() => setAdding(draftFrom(crosshair ?? selected?.center ?? null, selected?.diameterMm ?? null))}>
            Add nodule
          </button>
        ) : null}
        <label className="nodule-list__minor" title="LIDC readers' < 3 mm nodules and non-nodule marks">
          <input type="checkbox" data-testid="show-minor-lesions" checked={showMinor} onChange={(e) => setShowMinor(e.target.checked)} />
          &lt; 3 mm and non-nodules{hidden > 0 && !showMinor ? ` (${hidden} hidden)` : ''}
        </label>
      </div>
      {adding ? (
        <NoduleForm
          testId="nodule-add-form"
          draft={adding}
          busy={busy}
          saveLabel="Add"
          onChange={setAdding}
          onSave={() => {
            const p = parseDraft(adding);
            if (!p.ok) return setError(p.error);
            if (scanId === null) return;
            void run(() => api().addNodule({ scanId, center: p.center, diameterMm: p.diameterMm }), () => setAdding(null));
          }}
          onCancel={() => {
            setAdding(null);
            setError(null);
          }}
        />
      ) : null}
      {error ? (
        <p className="nodule-list__error" role="alert" data-testid="nodule-error">
          {error}
        </p>
      ) : null}
      {!loading && shown.length === 0 ? <p className="muted">{all.length ? 'No nodule lesions (tick the box to see the rest).' : 'No nodules for this scan.'}</p> : null}
      <ol className="nodule-list" data-testid="nodule-list" data-state={loading ? 'loading' : 'ready'}>
        {shown.map((l) => (
          <li key={l.key}>
            <LesionRow lesion={l} selected={l.key === selected?.key} onSelect={() => lesions.select(l.key)} />
            {l.key === selected?.key ? (
              <LesionDetails
                lesion={l}
                busy={busy}
                onEdit={openEdit}
                onDelete={askDelete}
                editing={editing}
                confirmDelete={confirmDelete}
                setEditing={setEditing}
                onSaveEdit={(m, draft) => {
                  const p = parseDraft(draft);
                  if (!p.ok) return setError(p.error);
                  const change = changedFields({ center: m.center, diameterMm: m.diameterMm }, p);
                  if (!change) return setEditing(null);
                  void run(() => api().updateNodule({ annotationId: m.annotationId, ...change }), () => setEditing(null));
                }}
                onConfirmDelete={(m) => void run(() => api().deleteNodule({ annotationId: m.annotationId }), () => setConfirmDelete(null))}
                onCancelDelete={() => setConfirmDelete(null)}
              />
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function LesionRow({ lesion: l, selected, onSelect }: { lesion: Lesion; selected: boolean; onSelect: () => void }) {
  const primary = l.members[0];
  return (
    <button
      type="button"
      className={`nodule-item${selected ? ' nodule-item--selected' : ''} nodule-item--${l.state}`}
      data-testid="nodule-item"
      data-lesion-id={l.key}
      data-review-state={l.state}
      data-category={l.category}
      data-nodule-id={primary?.annotationId ?? ''}
      data-source={primary?.source ?? ''}
      data-center={l.center.map((v) => v.toFixed(2)).join(',')}
      aria-pressed={selected}
      aria-expanded={selected}
      title={`${agreementLabel(l)} · centre ${centreLabel(l.center)} (LPS)`}
      onClick={onSelect}
    >
      <span className="nodule-item__swatch" style={{ background: STATE_COLORS[l.state] }} />
      <span className="nodule-item__index">{l.ordinal}</span>
      {l.category !== 'nodule' ? <span className="nodule-item__source">{categoryLabel(l.category)}</span> : null}
      <span>{sizeLabel(l)}</span>
      <span className="nodule-item__agreement">{agreementLabel(l)}</span>
      <span className={`nodule-item__state nodule-item__state--${l.state}`} data-testid="nodule-state">
        {stateLabel(l)}
      </span>
      <span className="nodule-item__centre muted" data-testid="nodule-centre">
        {centreLabel(l.center)}
      </span>
    </button>
  );
}

function LesionDetails(props: {
  lesion: Lesion;
  busy: boolean;
  editing: { id: number; draft: NoduleDraft } | null;
  confirmDelete: number | null;
  setEditing: (e: { id: number; draft: NoduleDraft } | null) => void;
  onEdit: (m: LesionMember) => void;
  onDelete: (m: LesionMember) => void;
  onSaveEdit: (m: LesionMember, d: NoduleDraft) => void;
  onConfirmDelete: (m: LesionMember) => void;
  onCancelDelete: () => void;
}) {
  const { lesion: l, busy, editing } = props;
  return (
    <div className="nodule-details" data-testid="nodule-details" data-nodule-id={l.members[0]?.annotationId ?? ''} data-lesion-id={l.key}>
      <div className="muted">
        {l.volumeMm3 !== null ? `${l.volumeMm3.toFixed(0)} mm³ · ` : ''}
        {l.outlineLevel === 'consensus' ? 'consensus outline (≥ half of the readers)' : l.outlineLevel === 'half-of-marks' ? "outline of the readers who marked it" : 'circle (no contour)'}
        {l.decision ? ` · ${stateLabel(l)} by ${l.decision.reviewer}` : ''}
      </div>
      <ul className="lesion-members" data-testid="lesion-members">
        {l.members.map((m) => (
          <li key={m.annotationId} data-testid="lesion-member" data-source={m.source} data-nodule-id={m.annotationId}>
            <span className="nodule-item__swatch" style={{ background: memberColor(m) }} />
            <strong>{m.readerLabel}</strong> {m.kind === 'small-nodule' ? '< 3 mm' : m.kind === 'non-nodule' ? 'non-nodule' : m.diameterMm !== null ? `⌀ ${m.diameterMm.toFixed(1)} mm` : ''}
            {m.sourceFile ? <span className="muted"> · {m.sourceFile.split(/[\\/]/).pop()}{m.sourceLine !== null ? `:${m.sourceLine}` : ''}</span> : null}
            {characteristicLines(m.characteristics).length > 0 ? <div className="muted lesion-members__ratings">{characteristicLines(m.characteristics).join(' · ')}</div> : null}
            {m.source === 'user' ? (
              <span className="lesion-members__actions">
                <button type="button" data-testid="nodule-edit" data-nodule-id={m.annotationId} disabled={busy} title="Edit your mark's centre and diameter (E)" onClick={() => props.onEdit(m)}>
                  Edit
                </button>
                <button type="button" data-testid="nodule-delete" data-nodule-id={m.annotationId} disabled={busy} title="Delete your mark (Delete)" onClick={() => props.onDelete(m)}>
                  Delete
                </button>
              </span>
            ) : null}
            {props.confirmDelete === m.annotationId ? (
              <div className="nodule-list__confirm" role="alertdialog" aria-label="Confirm deletion" onKeyDown={(e) => e.key === 'Escape' && props.onCancelDelete()}>
                <span>Delete your mark?</span>
                <button type="button" autoFocus data-testid="nodule-delete-confirm" data-nodule-id={m.annotationId} disabled={busy} onClick={() => props.onConfirmDelete(m)}>
                  Delete
                </button>
                <button type="button" data-testid="nodule-delete-cancel" disabled={busy} onClick={props.onCancelDelete}>
                  Keep
                </button>
              </div>
            ) : null}
            {editing?.id === m.annotationId ? (
              <NoduleForm
                testId="nodule-edit-form"
                draft={editing.draft}
                busy={busy}
                saveLabel="Save"
                onChange={(draft) => props.setEditing({ id: m.annotationId, draft })}
                onSave={() => props.onSaveEdit(m, editing.draft)}
                onCancel={() => props.setEditing(null)}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
