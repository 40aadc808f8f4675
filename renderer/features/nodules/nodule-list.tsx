import type { Annotation } from '../../../electron/common/contract';
import { SOURCE_COLORS, noduleLabel } from './model/nodule-order';

/** The open scan's annotations; a click (or N / P) centres the views on one. */
export function NoduleList({
  annotations,
  selectedId,
  loading,
  onSelect,
}: {
  annotations: readonly Annotation[];
  selectedId: number | null;
  loading: boolean;
  onSelect: (index: number) => void;
}) {
  return (
    <div className="nodule-list-box">
      {!loading && annotations.length === 0 ? <p className="muted">No nodules for this scan.</p> : null}
      <ol className="nodule-list" data-testid="nodule-list" data-state={loading ? 'loading' : 'ready'}>
        {annotations.map((a, i) => (
          <li key={a.id}>
            <button
              type="button"
              className={`nodule-item${a.id === selectedId ? ' nodule-item--selected' : ''}`}
              data-testid="nodule-item"
              data-nodule-id={a.id}
              aria-pressed={a.id === selectedId}
              title={`${a.source} · centre ${a.center.map((v) => v.toFixed(1)).join(', ')} mm (LPS)`}
              onClick={() => onSelect(i)}
            >
              <span className="nodule-item__swatch" style={{ background: SOURCE_COLORS[a.source] }} />
              <span className="nodule-item__index">{i + 1}</span>
              <span>{noduleLabel(a)}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
