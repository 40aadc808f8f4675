import type { MaskLabel } from '../../common/contract/mask-edit';

/**
 * What the labels of a job-made mask mean, from its kind: the lung-mask job writes 1 = lung
 * (also in its dilation), the nodule job 1 = the union of the segmented nodules.
 */
export function labelsOfKind(kind: string): MaskLabel[] {
  if (kind === 'lung') return [{ value: 1, name: 'lung', kind: 'lung' }];
  if (kind === 'lung-dilated') return [{ value: 1, name: 'lung (dilated)', kind: 'lung' }];
  if (kind === 'nodules' || kind === 'nodule') return [{ value: 1, name: 'nodules', kind: 'nodule' }];
  return [];
}
