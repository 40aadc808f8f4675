/**
 * Windowing for a list of fixed-height rows: only the rows intersecting the scroll viewport
 * (plus `overscan` rows each side) are rendered, inside a spacer of the full height.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolls show no gap. */
  overscan?: number;
}

export interface WindowRange {
  /** First rendered row (inclusive). */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Top of row `start` inside the spacer, px. */
  offsetTop: number;
  /** Height of the spacer, px: count × rowHeight. */
  totalHeight: number;
}

/**
 * Rows to render for a scroll position. A scrollTop past the end (the list shrank under a
 * filter) is clamped. A viewport of height 0 (not measured yet) still renders one screenful
 * guess of `fallbackRows` rows so the list is never blank on first paint.
 */
export function visibleRange(input: WindowInput, fallbackRows = 30): WindowRange {
  const { rowHeight, count } = input;
  const overscan = Math.max(0, Math.floor(input.overscan ?? 4));
  const totalHeight = count * rowHeight;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: Math.max(0, totalHeight) };
  const viewportHeight = input.viewportHeight > 0 ? input.viewportHeight : fallbackRows * rowHeight;
  const maxTop = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, input.scrollTop), maxTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + viewportHeight) / rowHeight); // exclusive
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/**
 * The scrollTop that brings row `index` fully into view, moving as little as possible:
 * unchanged if it is already visible.
 */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

/**
 * Keyboard cursor step: `delta` rows from `current`, clamped to the list. With no cursor,
 * down starts at the first row and up at the last. Null when the list is empty.
 */
export function moveCursor(current: number | null, delta: number, count: number): number | null {
  if (count <= 0) return null;
  if (current === null || current < 0 || current >= count) return delta >= 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + delta));
}
