import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, PANE_IDS, arrangementKey, gridClass, isLayoutId, nextLayout, visibleSlots } from '../../../../renderer/features/viewport/model/layouts';

describe('layouts', () => {
  it('starts on 1+2 (the axial large beside coronal and sagittal) and cycles 1+2 → 1×3 → 2×2 → 1×1 → 1+2 with L', () => {
    expect(DEFAULT_LAYOUT).toBe('1+2');
    expect(nextLayout('1+2')).toBe('1x3');
    expect(nextLayout('1x3')).toBe('2x2');
    expect(nextLayout('2x2')).toBe('1x1');
    expect(nextLayout('1x1')).toBe('1+2');
  });
  it('shows the three planes in 1+2 on their own grid, the axial first (the large cell)', () => {
    expect(visibleSlots('1+2', null, 'sagittal')).toEqual(['axial', 'coronal', 'sagittal']);
    expect(gridClass(visibleSlots('1+2', null, null), '1+2')).toBe('viewport-grid--1p2');
    expect(gridClass(visibleSlots('1x3', null, null), '1x3')).toBe('viewport-grid--1x3');
  });
  it('tells 1+2 and 1×3 apart when deciding to fit the views again (same panes, other shapes)', () => {
    expect(arrangementKey('1+2', null, null)).not.toBe(arrangementKey('1x3', null, null));
    expect(arrangementKey('1+2', 'coronal', null)).toBe(arrangementKey('2x2', 'coronal', 'axial'));
  });
  it('lists the three planes in the order the 1×3 grid shows them', () => {
    expect(PANE_IDS).toEqual(visibleSlots('1x3', null, null));
  });
  it('shows the three planes in 1×3 and adds the 3D pane in 2×2', () => {
    expect(visibleSlots('1x3', null, null)).toEqual(['axial', 'coronal', 'sagittal']);
    expect(visibleSlots('2x2', null, 'coronal')).toEqual(['axial', 'coronal', 'sagittal', '3d']);
  });
  it('shows the active pane alone in 1×1, the axial when none is active', () => {
    expect(visibleSlots('1x1', null, 'sagittal')).toEqual(['sagittal']);
    expect(visibleSlots('1x1', null, null)).toEqual(['axial']);
  });
  it('shows only a maximised pane whatever the layout', () => {
    expect(visibleSlots('2x2', 'coronal', 'axial')).toEqual(['coronal']);
    expect(gridClass(['coronal'])).toBe('viewport-grid--1x1');
    // The 3D pane maximises from any layout, the 1+2 one included (where it is not a slot).
    expect(visibleSlots('1+2', '3d', 'axial')).toEqual(['3d']);
  });
  it('recognises only the known layout ids', () => {
    expect(isLayoutId('2x2')).toBe(true);
    expect(isLayoutId('1+2')).toBe(true);
    expect(isLayoutId('3x3')).toBe(false);
    expect(isLayoutId(null)).toBe(false);
  });
});
