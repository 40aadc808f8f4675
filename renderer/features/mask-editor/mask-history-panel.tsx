import { useState } from 'react';
import type { MaskVersionDetail } from '../../../electron/common/contract';
import type { MaskEditor } from './use-mask-editor';
import type { MaskHistory } from './use-mask-history';

/** "+120 / −35 lung; +40 lesion 1": a version's per-label change against its parent. */
function changeLine(v: MaskVersionDetail): string {
  const name = (label: number): string => v.labels.find((l) => l.value === label)?.name ?? `label ${label}`;
  const parts = v.stats.filter((s) => s.added || s.removed).map((s) => `+${s.added} / −${s.removed} ${name(s.label)}`);
  return parts.join('; ') || 'no change';
}

/**
 * The history of the scan's masks: every version with author, time, note, tools and voxels
 * added / removed per label; edit (show) any, compare two (added green, removed red, counts per
 * label), restore one as a new version. Nothing is overwritten.
 */
export function MaskHistoryPanel({ history, editor }: { history: MaskHistory; editor: MaskEditor }) {
  const [pick, setPick] = useState<number | null>(null);
  const c = history.comparison;
  // The restored version is what the reader wants to see next: an editor without unsaved
  // edits moves to it (one with unsaved edits stays, so nothing is lost).
  const restoreAndShow = async (id: number): Promise<void> => {
    const v = await history.restore(id);
    if (v && editor.editing && !editor.dirty) editor.open({ versionId: v.id, kind: v.kind }, v.labels);
  };
  if (history.listError) return <p className="muted" data-testid="mask-history-error">Mask history unavailable: {history.listError}</p>;
  return (
    <div data-testid="mask-history">
      {c ? (
        <div className="mask-comparison" data-testid="mask-comparison" data-added={c.added} data-removed={c.removed}>
          #{c.a} → #{c.b}: <span style={{ color: '#28e65a' }}>+{c.added}</span> <span style={{ color: '#ff3c3c' }}>−{c.removed}</span>
          {c.perLabel.map((p) => (
            <span key={p.label} className="muted" data-testid="mask-comparison-label" data-label={p.label} data-added={p.added} data-removed={p.removed}>
              {' '}
              · label {p.label}: +{p.added} −{p.removed}
            </span>
          ))}{' '}
          <button type="button" className="link-btn" data-testid="mask-comparison-clear" onClick={history.clearComparison}>
            hide
          </button>
        </div>
      ) : null}
      {history.versions.length === 0 ? <p className="muted">No mask versions yet: run a mask job or edit a new mask.</p> : null}
      <ul className="mask-history" style={{ listStyle: 'none', margin: 0, padding: 0, fontSize: 12 }}>
        {history.versions.map((v) => (
          <li key={v.id} data-testid="mask-version" data-version-id={v.id} data-parent-id={v.parentId ?? ''} data-kind={v.kind} className={pick === v.id ? 'mask-history__row--picked' : ''}>
            <div>
              <strong>
                {v.kind} #{v.id}
              </strong>
              {v.parentId ? <span className="muted"> ← #{v.parentId}</span> : null} · {v.author} · {new Date(v.createdAt).toLocaleString()}
            </div>
            {v.note ? <div data-testid="mask-version-note">“{v.note}”</div> : null}
            {v.damaged ? (
              <div className="mask-history__damaged" data-testid="mask-version-damaged" title={v.damaged.code}>
                damaged, cannot be opened: {v.damaged.message}
              </div>
            ) : null}
            <div className="muted" data-testid="mask-version-change">
              {v.tools.length ? `${v.tools.join(', ')} · ` : ''}
              {changeLine(v)}
            </div>
            <div hidden={v.damaged !== undefined}>
              <button type="button" className="link-btn" data-testid="mask-version-edit" onClick={() => editor.open({ versionId: v.id, kind: v.kind }, v.labels)}>
                show / edit
              </button>{' '}
              {pick === null || pick === v.id ? (
                <button type="button" className="link-btn" data-testid="mask-version-compare" onClick={() => setPick(pick === v.id ? null : v.id)}>
                  {pick === v.id ? 'cancel compare' : 'compare…'}
                </button>
              ) : (
                <button type="button" className="link-btn" data-testid="mask-version-compare-with" onClick={() => void history.compare(pick, v.id).then(() => setPick(null))}>
                  compare with #{pick}
                </button>
              )}{' '}
              <button type="button" className="link-btn" data-testid="mask-version-restore" onClick={() => void restoreAndShow(v.id)}>
                restore as new
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
