import { describe, expect, it } from 'vitest';
import { moveCursor, scrollToReveal, visibleRange } from '../../../../renderer/features/scan-list/model/windowing';

describe('list windowing', () => {
  it('renders only the rows in view plus overscan, offset to the first rendered row', () => {
    // 2,000 rows of 60 px, a 600 px viewport scrolled to row 100.
    const r = visibleRange({ scrollTop: 6000, viewportHeight: 600, rowHeight: 60, count: 2000, overscan: 5 });
    expect(r).toEqual({ start: 95, end: 115, offsetTop: 95 * 60, totalHeight: 120_000 });
  });

  it('includes a partly visible row at the bottom', () => {
    const r = visibleRange({ scrollTop: 30, viewportHeight: 100, rowHeight: 60, count: 100, overscan: 0 });
    expect(r.start).toBe(0);
    expect(r.end).toBe(3); // rows 0..2 cover 30..130 px
  });

  it('clamps at both ends of the list', () => {
    expect(visibleRange({ scrollTop: -50, viewportHeight: 300, rowHeight: 50, count: 10, overscan: 3 })).toMatchObject({ start: 0, end: 9 });
    const end = visibleRange({ scrollTop: 400, viewportHeight: 300, rowHeight: 50, count: 10, overscan: 3 });
    expect(end.end).toBe(10);
    expect(end.start).toBe(1);
  });

  it('clamps a scrollTop left past the end by a filter that shrank the list', () => {
    const r = visibleRange({ scrollTop: 100_000, viewportHeight: 300, rowHeight: 50, count: 4, overscan: 0 });
    expect(r).toEqual({ start: 0, end: 4, offsetTop: 0, totalHeight: 200 });
  });

  it('renders nothing for an empty list', () => {
    expect(visibleRange({ scrollTop: 0, viewportHeight: 300, rowHeight: 50, count: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });

  it('renders a fallback screenful before the viewport is measured (height 0)', () => {
    const r = visibleRange({ scrollTop: 0, viewportHeight: 0, rowHeight: 50, count: 2000, overscan: 0 }, 20);
    expect(r.end).toBe(20);
  });

  it('keeps the DOM small for 2,000+ rows', () => {
    const r = visibleRange({ scrollTop: 50_000, viewportHeight: 700, rowHeight: 62, count: 2500, overscan: 6 });
    expect(r.end - r.start).toBeLessThanOrEqual(Math.ceil(700 / 62) + 1 + 12);
  });
});

describe('keyboard cursor and scrolling into view', () => {
  it('moves by delta and clamps to the list', () => {
    expect(moveCursor(3, 1, 10)).toBe(4);
    expect(moveCursor(9, 1, 10)).toBe(9);
    expect(moveCursor(0, -1, 10)).toBe(0);
    expect(moveCursor(5, 20, 10)).toBe(9);
  });

  it('starts at the first row going down and the last going up when there is no cursor', () => {
    expect(moveCursor(null, 1, 10)).toBe(0);
    expect(moveCursor(null, -1, 10)).toBe(9);
    expect(moveCursor(42, 1, 10)).toBe(0); // cursor filtered out of the list
  });

  it('has no cursor in an empty list', () => {
    expect(moveCursor(null, 1, 0)).toBeNull();
  });

  it('scrolls the least needed to reveal a row, and not at all when it is visible', () => {
    expect(scrollToReveal(5, 0, 300, 50)).toBe(0); // rows 0..5 visible (0..300)
    expect(scrollToReveal(6, 0, 300, 50)).toBe(50); // bottom edge aligned
    expect(scrollToReveal(2, 200, 300, 50)).toBe(100); // above: top edge aligned
  });
});
