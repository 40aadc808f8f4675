import type { ExportOptions } from '../../common/contract/export';
import type { Lesion } from '../../common/contract/review';
import type { PlannedLesion } from '../../core/export/case-model';
import { DEFAULT_LESION_DIAMETER_MM } from '../../core/export/lesion-voxels';
import type { CandidateInput } from '../../db';

/**
 * Which of a scan's lesions an export writes, and as what.
 *
 * Positives: with select 'accepted', the accepted lesions; with 'all', every lesion not
 * rejected, except undecided ones of category 'non-nodule' (LIDC readers marked those as not
 * a nodule; accepting one makes it a positive). Negatives (only with `negatives`): rejected
 * lesions, and the scan's candidates.csv rows of class 0 whose centre lies outside every
 * lesion (a class-0 candidate inside a lesion is that lesion, already decided). Lesions sent to
 * a second read are neither (the planner leaves such scans out with select 'accepted').
 */
export function planLesions(lesions: readonly Lesion[], candidates: readonly CandidateInput[], o: Pick<ExportOptions, 'select' | 'negatives'>): PlannedLesion[] {
  const out: PlannedLesion[] = [];
  for (const l of lesions) {
    const role = roleOf(l, o);
    if (!role) continue;
    out.push({
      key: l.key,
      ordinal: l.ordinal,
      center: l.center,
      diameterMm: l.decision?.diameterMm ?? l.diameterMm,
      decision: l.state,
      reason: l.decision?.reason === 'other' ? `other: ${l.decision.reasonText ?? ''}` : (l.decision?.reason ?? null),
      role,
      source: [...new Set(l.sources)].sort().join('+'),
      malignancy: malignancyRatings(l),
      outline: l.outline ? { bbox: { ...l.outline.bbox }, runs: [...l.outline.runs] } : null,
    });
  }
  if (!o.negatives) return out;
  let ordinal = lesions.reduce((m, l) => Math.max(m, l.ordinal), 0);
  for (const c of candidates) {
    if (c.candidateClass !== 0) continue;
    const at: [number, number, number] = [c.x, c.y, c.z];
    if (lesions.some((l) => within(at, l))) continue;
    out.push({
      key: `candidate-${c.sourceLine}`,
      ordinal: ++ordinal,
      center: at,
      diameterMm: c.diameterMm,
      decision: 'undecided',
      reason: 'candidates.csv class 0',
      role: 'negative',
      source: 'candidates',
      malignancy: [],
      outline: null,
    });
  }
  return out;
}

function roleOf(l: Lesion, o: Pick<ExportOptions, 'select' | 'negatives'>): PlannedLesion['role'] | null {
  if (l.state === 'rejected') return o.negatives ? 'negative' : null;
  if (l.state === 'accepted') return 'positive';
  if (o.select === 'accepted' || l.state === 'second-read') return null;
  return l.category === 'non-nodule' ? null : 'positive';
}

/** The LIDC readers' malignancy ratings (1–5) of a lesion's marks. */
function malignancyRatings(l: Lesion): number[] {
  const out: number[] = [];
  for (const m of l.members) {
    const r = m.source === 'lidc-xml' ? m.characteristics?.malignancy : undefined;
    if (typeof r === 'number' && r >= 1 && r <= 5) out.push(r);
  }
  return out.sort((a, b) => a - b);
}

/** Whether a point lies within a lesion's radius (at least the default lesion's) of its centre. */
function within(p: readonly number[], l: Pick<Lesion, 'center' | 'diameterMm'>): boolean {
  const r = Math.max(l.diameterMm ?? 0, DEFAULT_LESION_DIAMETER_MM) / 2;
  return Math.hypot(p[0]! - l.center[0], p[1]! - l.center[1], p[2]! - l.center[2]) <= r;
}
