import type { MaskVersionRule } from '../../common/contract/export';
import type { PlannedMask } from '../../core/export/case-model';
import type { MaskVersion } from '../../db';
import { labelsOfKind } from '../mask-store/job-mask-labels';

/**
 * The group a mask version counts in for the 'newest' rule, from its kind (a saved edit keeps
 * the kind of the version it was drawn on): 'lung' (the lung-mask job and edits of it),
 * 'lung-dilated' (its dilation: used only when a scan has no 'lung' version, since training
 * labels want the lungs themselves), 'nodule' (the nodule job's union, 'nodules'/'nodule', and
 * edits of it), and 'edited' (any other kind: masks drawn from an empty grid in the editor).
 */
export function maskGroupOf(kind: string): 'lung' | 'lung-dilated' | 'nodule' | 'edited' {
  if (kind === 'lung') return 'lung';
  if (kind.startsWith('lung')) return 'lung-dilated';
  if (kind === 'nodules' || kind === 'nodule') return 'nodule';
  return 'edited';
}

/**
 * What a version's values mean: its saved labels (the editor records each value's kind and,
 * for a nodule, the lesion it outlines), or for a job's file the meaning of its kind (the lung
 * job writes 1 = lung, the nodule job 1 = nodules without a lesion link). 'other' labels are
 * not exported.
 */
export function plannedMaskOf(v: MaskVersion): PlannedMask {
  const labels = (v.labels ?? labelsOfKind(v.kind)).map((l) => ({ value: l.value, kind: l.kind, ...(l.lesionKey ? { lesionKey: l.lesionKey } : {}) }));
  return { versionId: v.id, kind: v.kind, path: v.path, format: v.format, sha256: v.sha256, labels };
}

/**
 * A scan's versions an export reads (ascending id), from its versions newest first: with
 * 'newest', the newest of each group (lung, else lung-dilated; nodule; edited); with 'ids',
 * those of the named ids that belong to this scan.
 */
export function planMasks(versions: readonly MaskVersion[], rule: MaskVersionRule): PlannedMask[] {
  let chosen: MaskVersion[];
  if (rule.kind === 'ids') {
    const ids = new Set(rule.ids);
    chosen = versions.filter((v) => ids.has(v.id));
  } else {
    const newest = new Map<string, MaskVersion>();
    for (const v of versions) {
      const g = maskGroupOf(v.kind);
      const had = newest.get(g);
      if (!had || v.id > had.id) newest.set(g, v);
    }
    if (newest.has('lung')) newest.delete('lung-dilated');
    chosen = [...newest.values()];
  }
  return chosen.sort((a, b) => a.id - b.id).map(plannedMaskOf);
}
