/**
 * Pane layouts of the reading room. "1+2" is the default: the axial view large on the left,
 * coronal and sagittal stacked beside it, as an MPR hanging shows them; at 1280×720 that
 * keeps the axial image about 480 px across, where three panes side by side leave each
 * under 250 px.
 */
export type LayoutId = '1+2' | '1x1' | '1x3' | '2x2';
export type PaneId = 'axial' | 'coronal' | 'sagittal';
/** A grid slot: one of the three planes, or the 3D view. */
export type SlotId = PaneId | '3d';

/** The three planes, in grid order. */
export const PANE_IDS: readonly PaneId[] = ['axial', 'coronal', 'sagittal'];

export const LAYOUTS: readonly LayoutId[] = ['1+2', '1x3', '2x2', '1x1'];
export const DEFAULT_LAYOUT: LayoutId = '1+2';

/** The layout after `id` when cycling with `L` (wraps around). */
export function nextLayout(id: LayoutId): LayoutId {
  const i = LAYOUTS.indexOf(id);
  return LAYOUTS[(i + 1) % LAYOUTS.length] ?? DEFAULT_LAYOUT;
}

export function isLayoutId(v: unknown): v is LayoutId {
  return typeof v === 'string' && (LAYOUTS as readonly string[]).includes(v);
}

/**
 * The slots shown, in grid order. A maximised pane (double-click) wins over the layout; a
 * 1×1 layout shows the active pane (the last one clicked or hovered), the axial by default.
 */
export function visibleSlots(layout: LayoutId, maximised: SlotId | null, active: PaneId | null): SlotId[] {
  if (maximised) return [maximised];
  if (layout === '1x1') return [active ?? 'axial'];
  if (layout === '2x2') return ['axial', 'coronal', 'sagittal', '3d'];
  return ['axial', 'coronal', 'sagittal'];
}

/**
 * The CSS grid class of what is shown: one slot fills the stage whatever the layout; three
 * planes are side by side in 1×3, the axial large beside the other two in 1+2.
 */
export function gridClass(slots: readonly SlotId[], layout: LayoutId = DEFAULT_LAYOUT): string {
  if (slots.length === 1) return 'viewport-grid--1x1';
  if (slots.length === 4) return 'viewport-grid--2x2';
  return layout === '1+2' ? 'viewport-grid--1p2' : 'viewport-grid--1x3';
}

export function layoutLabel(layout: LayoutId): string {
  return layout.replace('x', '×');
}

/**
 * What decides the panes' sizes: the grid and the slots in it. When it changes the views are
 * fitted again (1×3 and 1+2 show the same slots in differently shaped panes).
 */
export function arrangementKey(layout: LayoutId, maximised: SlotId | null, active: PaneId | null): string {
  const slots = visibleSlots(layout, maximised, active);
  return `${gridClass(slots, layout)}:${slots.join(',')}`;
}
