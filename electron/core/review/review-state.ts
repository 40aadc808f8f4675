import type { LesionCategory, LesionReviewState, ReviewStatus } from '../../common/contract';

/**
 * A scan's review state from its lesions: only nodule lesions need a decision (< 3 mm marks
 * and non-nodules are hidden unless asked for, and may be decided but need not be).
 * 'done' needs the explicit "scan done" mark and no undecided nodule lesion (a lesion added
 * after the mark reopens the scan); any decision or mark makes it 'in-progress'; else
 * 'unreviewed'.
 */
export function scanReviewStatus(lesions: readonly { category: LesionCategory; state: LesionReviewState; n?: number }[], doneMarked: boolean): {
  status: ReviewStatus;
  lesions: number;
  undecided: number;
  accepted: number;
  rejected: number;
  secondRead: number;
} {
  // An entry may stand for `n` lesions of one category and state (the index's counts).
  const nodules = { total: 0, undecided: 0, accepted: 0, rejected: 0, 'second-read': 0 };
  let anyDecided = false;
  for (const l of lesions) {
    const n = l.n ?? 1;
    if (n <= 0) continue;
    if (l.state !== 'undecided') anyDecided = true;
    if (l.category !== 'nodule') continue;
    nodules.total += n;
    nodules[l.state] += n;
  }
  const status: ReviewStatus = doneMarked && nodules.undecided === 0 ? 'done' : anyDecided || doneMarked ? 'in-progress' : 'unreviewed';
  return { status, lesions: nodules.total, undecided: nodules.undecided, accepted: nodules.accepted, rejected: nodules.rejected, secondRead: nodules['second-read'] };
}

/**
 * Which lesion a decision belongs to when its lesion's key is gone (the lesion's members
 * changed with a re-index): of the candidates (the caller passes the undecided ones), the one
 * nearest the decision's centre within max(5 mm, its radius); none farther.
 */
export function rematchDecision<L extends { key: string; center: readonly number[]; diameterMm: number | null }>(
  decisionCenter: readonly number[],
  candidates: readonly L[],
): L | null {
  let best: L | null = null;
  let bestD = Infinity;
  for (const l of candidates) {
    const d = Math.hypot(l.center[0]! - decisionCenter[0]!, l.center[1]! - decisionCenter[1]!, l.center[2]! - decisionCenter[2]!);
    if (d <= Math.max(5, (l.diameterMm ?? 0) / 2) && d < bestD) {
      best = l;
      bestD = d;
    }
  }
  return best;
}
