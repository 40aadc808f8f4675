import { describe, expect, it } from 'vitest';
import type { MaskVersionInfo } from '../../../../../electron/common/contract';
import {
  formatCreatedAt,
  formatVoxels,
  layerOfKind,
  newVersionOf,
  versionLabel,
  versionToShow,
  versionsOf,
} from '../../../../../renderer/features/masks/model/mask-versions';

const v = (id: number, kind: string, voxels: number | null = 100): MaskVersionInfo => ({
  id,
  scanId: 1,
  kind,
  author: 'lungdesk',
  reason: 'r',
  parentId: null,
  createdAt: new Date(2026, 4, 1, 14, 3).getTime() + id,
  voxels,
});

// Newest first, as listMasks gives them.
const LIST = [v(9, 'nodules'), v(8, 'lung-dilated'), v(7, 'other'), v(5, 'lung'), v(3, 'nodules')];

describe('mask versions', () => {
  it('puts lung and dilated lung masks on the lung overlay, nodule masks on the nodule overlay, others nowhere', () => {
    expect(['lung', 'lung-dilated', 'nodules', 'nodule', 'other'].map(layerOfKind)).toEqual(['lung', 'lung', 'nodules', null, null]);
    expect(versionsOf(LIST, 'lung').map((x) => x.id)).toEqual([8, 5]);
    expect(versionsOf(LIST, 'nodules').map((x) => x.id)).toEqual([9, 3]);
  });
  it('shows the newest undilated lung mask by default, the newest dilated one on demand', () => {
    expect(versionToShow(LIST, 'lung')?.id).toBe(5);
    expect(versionToShow(LIST, 'lung', null, 'lung-dilated')?.id).toBe(8);
    expect(versionToShow(LIST, 'nodules')?.id).toBe(9);
  });
  it('shows a chosen version while it is still listed, whatever its kind', () => {
    expect(versionToShow(LIST, 'lung', 8)?.id).toBe(8);
    expect(versionToShow(LIST, 'lung', 5, 'lung-dilated')?.id).toBe(5);
    expect(versionToShow(LIST, 'lung', 42)?.id).toBe(5);
    expect(versionToShow(LIST, 'lung', 9)?.id).toBe(5); // a nodule version is not a lung version
    expect(versionToShow([], 'nodules')).toBeNull();
  });
  it('falls back to the other lung kind when a scan has only that one (masks from before both were stored)', () => {
    const onlyDilated = [v(4, 'lung-dilated'), v(2, 'lung-dilated')];
    expect(versionToShow(onlyDilated, 'lung')?.id).toBe(4);
    expect(versionToShow([v(3, 'lung')], 'lung', null, 'lung-dilated')?.id).toBe(3);
  });
  it('finds the version a job added: the newest of the overlay not known before it', () => {
    expect(newVersionOf(LIST, 'lung', new Set([5]))?.id).toBe(8);
    expect(newVersionOf(LIST, 'lung', new Set([8, 5]))).toBeNull();
    expect(newVersionOf(LIST, 'nodules', new Set([3]))?.id).toBe(9);
  });
  it('labels a version with id, kind, local date and grouped voxel count', () => {
    expect(formatCreatedAt(new Date(2026, 4, 1, 14, 3).getTime())).toBe('2026-05-01 14:03');
    expect(formatVoxels(1234567)).toBe('1\u2009234\u2009567 voxels');
    expect(formatVoxels(null)).toBe('');
    expect(versionLabel(v(8, 'lung-dilated', 1234))).toBe('#8 lung-dilated · 2026-05-01 14:03 · 1\u2009234 voxels');
    expect(versionLabel(v(3, 'nodules', null))).toBe('#3 nodules · 2026-05-01 14:03');
    expect(formatCreatedAt(Number.NaN)).toBe('–');
  });
});
