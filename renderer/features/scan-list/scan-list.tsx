import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ScanListItem } from '../../../electron/common/contract';
import {
  REVIEW_LABELS,
  SCAN_CHIPS,
  SORT_KEYS,
  defaultDir,
  filterScans,
  shownCountText,
  sortScans,
  toggleChip,
  warningsTooltip,
  type ScanChip,
  type SortDir,
  type SortKey,
} from './model/filter-scans';
import { formatDims, scanLabel, scanTitle, sliceCountText } from './model/format-scan';
import { moveCursor, scrollToReveal, visibleRange } from './model/windowing';
import { goesToHoveredPane, isTyping } from '../../keyboard';
import { commandFor } from '../../key-commands';
import { SCAN_LIST_COMMANDS } from './model/scan-list-keys';

/** Fixed row height (px); the windowing math and the CSS (.scan-row) both use it. */
export const SCAN_ROW_HEIGHT = 62;

export interface ScanListProps {
  scans: ScanListItem[];
  /** The scan shown in the viewport. */
  openScanId: number | null;
  onOpenScan: (scan: ScanListItem) => void;
  loading: boolean;
}

/**
 * A dataset's scans: filter box and chips, sort, and a windowed list (only visible rows are
 * in the DOM). ↑/↓ move the cursor while the list has focus (unless the mouse is over an
 * image: they scroll that), Enter opens, `/` focuses the filter.
 */
export function ScanList({ scans, openScanId, onOpenScan, loading }: ScanListProps) {
  const [query, setQuery] = useState('');
  const [chips, setChips] = useState<ScanChip[]>([]);
  const [sortKey, setSortKey] = useState<SortKey>('patient');
  const [sortDir, setSortDir] = useState<SortDir>('asc');
  const [cursorId, setCursorId] = useState<number | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const filterRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const visible = useMemo(() => sortScans(filterScans(scans, { query, chips }), sortKey, sortDir), [scans, query, chips, sortKey, sortDir]);
  const range = visibleRange({ scrollTop, viewportHeight, rowHeight: SCAN_ROW_HEIGHT, count: visible.length, overscan: 6 });
  const cursorIndex = cursorId === null ? -1 : visible.findIndex((s) => s.id === cursorId);

  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    ro.observe(el);
    setViewportHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // `/` from anywhere but a text field jumps to the filter box.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (commandFor(SCAN_LIST_COMMANDS, e)?.action !== 'focus-filter' || isTyping(e.target)) return;
      e.preventDefault();
      filterRef.current?.focus();
      filterRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // A new filter or order starts at the top (the browser clamps scrollTop on its own when
  // the list merely shrinks, e.g. after a re-index).
  useEffect(() => {
    const el = listRef.current;
    if (el && el.scrollTop !== 0) el.scrollTop = 0;
    setScrollTop(0);
  }, [query, chips, sortKey, sortDir]);

  const reveal = (index: number): void => {
    const el = listRef.current;
    if (!el) return;
    const top = scrollToReveal(index, el.scrollTop, el.clientHeight, SCAN_ROW_HEIGHT);
    if (top !== el.scrollTop) {
      el.scrollTop = top;
      setScrollTop(top);
    }
  };

  const onListKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    // With the mouse over an image the arrows and Page keys scroll it, not the list.
    if (goesToHoveredPane(e.nativeEvent)) return;
    const page = Math.max(1, Math.floor(viewportHeight / SCAN_ROW_HEIGHT) - 1);
    const deltas: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const delta = deltas[e.key];
    if (delta !== undefined) {
      e.preventDefault();
      const next =
        delta === -Infinity ? (visible.length ? 0 : null) : delta === Infinity ? (visible.length ? visible.length - 1 : null) : moveCursor(cursorIndex < 0 ? null : cursorIndex, delta, visible.length);
      if (next === null) return;
      const s = visible[next];
      if (s) setCursorId(s.id);
      reveal(next);
    } else if (e.key === 'Enter') {
      const s = visible[cursorIndex];
      if (s) {
        e.preventDefault();
        onOpenScan(s);
      }
    }
  };

  const onFilterKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      setQuery('');
    } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      listRef.current?.focus();
      if (cursorIndex < 0 && visible[0]) setCursorId(visible[0].id);
    }
  };

  const rows = visible.slice(range.start, range.end);

  return (
    <section className="scan-browser" aria-label="Scans">
      <div className="scan-browser__head">
        <h2>Scans</h2>
        <span className="muted" data-testid="scan-count">
          {loading ? 'loading…' : shownCountText(visible.length, scans.length)}
        </span>
      </div>
      <input
        ref={filterRef}
        type="search"
        className="scan-filter"
        data-testid="scan-filter"
        placeholder="Filter patient, UID, description  [ / ]"
        aria-label="Filter scans"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onFilterKey}
      />
      <div className="chips" role="group" aria-label="Quick filters">
        {SCAN_CHIPS.map((c) => (
          <button
            key={c.id}
            type="button"
            className={`chip${chips.includes(c.id) ? ' chip--on' : ''}`}
            data-testid={`chip-${c.id}`}
            aria-pressed={chips.includes(c.id)}
            onClick={() => setChips((prev) => toggleChip(prev, c.id))}
          >
            {c.label}
          </button>
        ))}
      </div>
      <div className="sort-bar">
        <label className="muted" htmlFor="scan-sort">
          Sort
        </label>
        <select
          id="scan-sort"
          data-testid="scan-sort"
          value={sortKey}
          onChange={(e) => {
            const k = e.target.value as SortKey;
            setSortKey(k);
            setSortDir(defaultDir(k));
          }}
        >
          {SORT_KEYS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-btn"
          data-testid="scan-sort-dir"
          aria-label={sortDir === 'asc' ? 'Ascending; click for descending' : 'Descending; click for ascending'}
          title={sortDir === 'asc' ? 'ascending' : 'descending'}
          onClick={() => setSortDir((d) => (d === 'asc' ? 'desc' : 'asc'))}
        >
          {sortDir === 'asc' ? '↑' : '↓'}
        </button>
      </div>
      <div
        ref={listRef}
        className="scan-list"
        data-testid="scan-list"
        role="listbox"
        aria-label="Scans"
        tabIndex={0}
        aria-activedescendant={cursorIndex >= 0 && visible[cursorIndex] ? `scan-opt-${visible[cursorIndex].id}` : undefined}
        onKeyDown={onListKey}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        {!loading && scans.length > 0 && visible.length === 0 ? <p className="muted scan-list__empty">No scan matches the filter.</p> : null}
        {!loading && scans.length === 0 ? <p className="muted scan-list__empty">No scans in this dataset.</p> : null}
        <div className="scan-list__spacer" style={{ height: range.totalHeight }}>
          <div style={{ transform: `translateY(${range.offsetTop}px)` }}>
            {rows.map((s) => {
              const open = s.id === openScanId;
              const cursor = s.id === cursorId;
              return (
                <div
                  key={s.id}
                  id={`scan-opt-${s.id}`}
                  role="option"
                  aria-selected={open}
                  data-testid="scan-item"
                  data-series-uid={s.seriesInstanceUid}
                  data-scan-id={s.id}
                  className={`scan-row${open ? ' selected' : ''}${cursor ? ' cursor' : ''}`}
                  style={{ height: SCAN_ROW_HEIGHT }}
                  onClick={() => {
                    setCursorId(s.id);
                    onOpenScan(s);
                  }}
                  title={s.path}
                >
                  <div className="scan-row__line">
                    <span className="scan-item__patient">{scanTitle(s)}</span>
                    <span className="scan-row__badges">
                      {s.warnings.length > 0 ? (
                        <span className="badge badge--warn" data-testid="scan-warnings" title={warningsTooltip(s.warnings)}>
                          ⚠ {s.warnings.length}
                        </span>
                      ) : null}
                      <span
                        className={`badge badge--nodules${s.noduleCount > 0 ? ' badge--has' : ''}`}
                        data-testid="nodule-count"
                        title={`${s.noduleCount} nodule${s.noduleCount === 1 ? '' : 's'}`}
                      >
                        ● {s.noduleCount}
                      </span>
                      <span className={`review review--${s.reviewStatus}`} data-testid="review-status" data-status={s.reviewStatus}>
                        {REVIEW_LABELS[s.reviewStatus]}
                      </span>
                    </span>
                  </div>
                  <div className="scan-item__desc">{scanLabel(s)}</div>
                  <div className="muted scan-row__meta">
                    {s.format} · {formatDims(s.dims)} · {sliceCountText(s.sliceCount)}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
