import { describe, expect, it } from 'vitest';
import { PANE_IDS, gridClass, isLayoutId, nextLayout, visibleSlots } from '../../../../renderer/features/viewport/model/layouts';

describe('layouts', () => {
  it('cycles 1×3 → 2×2 → 1×1 → 1×3 with L', () => {
    expect(nextLayout('1x3')).toBe('2x2');
    expect(nextLayout('2x2')).toBe('1x1');
    expect(nextLayout('1x1')).toBe('1x3');
  });
  it('lists the three planes in the order the 1×3 grid shows them', () => {
    expect(PANE_IDS).toEqual(visibleSlots('1x3', null, null));
  });
  it('shows the three planes in 1×3 and adds the 3D placeholder in 2×2', () => {
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
  });
  it('recognises only the known layout ids', () => {
    expect(isLayoutId('2x2')).toBe(true);
    expect(isLayoutId('3x3')).toBe(false);
    expect(isLayoutId(null)).toBe(false);
  });
});
