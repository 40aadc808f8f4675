import type { ContractHandlers, ScanLesions } from '../../common';
import { LungDeskError } from '../../common';
import type { Decision, Lesion, RejectReason } from '../../common/contract/review';
import {
  appendAudit,
  appendHistory,
  deleteDecision,
  lastOpenHistory,
  lesionCountsByScan,
  listDecisions,
  nextOpenLesion,
  listScans,
  markHistoryUndone,
  putDecision,
  putSetting,
  reviewStatusByScan,
  scanDoneMark,
  setReviewStatus,
  type HistoryState,
  type StoredDecision,
} from '../../db';
import { scanReviewStatus } from '../../core/review';
import type { LesionStore } from '../review/lesion-store';
import { reviewerName } from '../review/reviewer-name';
import type { ServiceContext } from '../service-context';

type ReviewHandlers = Pick<
  ContractHandlers,
  'listLesions' | 'decideLesion' | 'clearDecision' | 'undoReview' | 'setScanDone' | 'getReviewProgress' | 'nextUndecided' | 'getReviewer' | 'setReviewer'
>;

const REASON_TEXT: Record<RejectReason, string> = {
  'not-a-nodule': 'not a nodule',
  vessel: 'vessel',
  'scar-fibrosis': 'scar or fibrosis',
  'calcified-granuloma': 'calcified granuloma',
  'below-3mm': 'below 3 mm',
  artefact: 'artefact',
  duplicate: 'duplicate',
  other: 'other',
};

function describe(state: HistoryState): string {
  if (state === null) return 'undecided';
  if ('done' in state) return state.done ? 'scan done' : 'scan open';
  return state.decision === 'rejected' ? `rejected (${state.reason ? REASON_TEXT[state.reason] : '?'})` : state.decision;
}

/**
 * Review: per-lesion decisions (accept, reject with a reason, second read), the scan's
 * "done" mark, undo of the reviewer's last change, progress and the queue of undecided
 * lesions across scans. Every change is one transaction with its history row (for undo)
 * and its audit entry (who, when, before → after).
 */
export function reviewHandlers(ctx: ServiceContext, lesions: LesionStore): ReviewHandlers {
  const { db } = ctx;
  const reviewer = (): { name: string; isDefault: boolean } => reviewerName(db);
  const lesionOf = (scanId: number, key: string): Lesion => {
    const l = lesions.list(scanId).lesions.find((x) => x.key === key);
    if (!l) throw new LungDeskError('not-found', `scan ${scanId} has no lesion ${key} (its annotations may have changed: reload the list)`);
    return l;
  };
  const changed = (scanId: number): ScanLesions => {
    ctx.emit('onDidChangeReview', { scanId });
    return lesions.list(scanId);
  };
  const stateOf = (d: StoredDecision | null): HistoryState =>
    d ? { decision: d.decision, reason: d.reason, reasonText: d.reasonText, diameterMm: d.diameterMm, center: d.center, reviewer: d.reviewer, decidedAt: d.decidedAt } : null;
  const storedOf = (scanId: number, key: string): StoredDecision | null => listDecisions(db, scanId).find((d) => d.lesionKey === key) ?? null;

  /** Sets a lesion's decision (null: undecided) with its history row and audit entry. */
  const applyDecision = (scanId: number, lesion: Lesion, next: Omit<StoredDecision, 'scanId' | 'lesionKey' | 'center' | 'reviewer' | 'decidedAt'> | null, action: string): void => {
    const who = reviewer().name;
    db.sqlite.transaction(() => {
      const before = storedOf(scanId, lesion.key);
      let after: StoredDecision | null = null;
      if (next) {
        after = { ...next, scanId, lesionKey: lesion.key, center: [...lesion.center], reviewer: who, decidedAt: Date.now() };
        putDecision(db, after);
      } else deleteDecision(db, scanId, lesion.key);
      appendHistory(db, { scanId, lesionKey: lesion.key, kind: 'decision', before: stateOf(before), after: stateOf(after), reviewer: who });
      appendAudit(db, {
        actor: who,
        action,
        entity: 'lesion',
        entityId: `${scanId}/${lesion.key}`,
        detail: { scanId, lesionKey: lesion.key, ordinal: lesion.ordinal, center: lesion.center, before: stateOf(before), after: stateOf(after) },
      });
    })();
  };

  return {
    listLesions: async ({ scanId }) => {
      ctx.scanOrThrow(scanId);
      return lesions.listSliced(scanId);
    },
    decideLesion: async ({ scanId, lesionKey, decision, reason, reasonText, diameterMm }) => {
      ctx.scanOrThrow(scanId);
      // The contract's schema says the same; hosts that call the handlers directly (CLI, tests) get it here.
      if (decision === 'rejected' && reason === undefined) throw new LungDeskError('contract.bad-input', 'a rejection needs a reason from the list');
      if (reason === 'other' && !reasonText) throw new LungDeskError('contract.bad-input', "reason 'other' needs its text");
      const lesion = lesionOf(scanId, lesionKey);
      const d: Decision = decision;
      applyDecision(
        scanId,
        lesion,
        { decision: d, reason: d === 'rejected' ? (reason ?? null) : null, reasonText: reasonText && reasonText.length ? reasonText : null, diameterMm: diameterMm ?? null },
        'review.decision',
      );
      return changed(scanId);
    },
    clearDecision: async ({ scanId, lesionKey }) => {
      ctx.scanOrThrow(scanId);
      applyDecision(scanId, lesionOf(scanId, lesionKey), null, 'review.decision');
      return changed(scanId);
    },
    setScanDone: async ({ scanId, done, nothingMissed }) => {
      ctx.scanOrThrow(scanId);
      const current = lesions.list(scanId);
      if (done) {
        if (current.review.undecided > 0) {
          const n = current.review.undecided;
          throw new LungDeskError('contract.bad-input', `scan ${scanId} still has ${n} undecided lesion${n === 1 ? '' : 's'}: decide ${n === 1 ? 'it' : 'them'} before marking the scan done`);
        }
        if (!nothingMissed) throw new LungDeskError('contract.bad-input', 'marking a scan done needs the confirmation that nothing was missed');
      }
      const who = reviewer().name;
      db.sqlite.transaction(() => {
        const mark = scanDoneMark(db, scanId);
        const before = { done: mark !== null, reviewer: mark?.reviewer ?? null, at: mark?.at ?? null };
        setReviewStatus(db, scanId, done ? 'done' : 'in-progress', done ? who : null);
        const after = { done, reviewer: done ? who : null, at: Date.now() };
        appendHistory(db, { scanId, lesionKey: null, kind: 'scan-done', before, after, reviewer: who });
        appendAudit(db, { actor: who, action: done ? 'review.scan-done' : 'review.scan-reopened', entity: 'scan', entityId: scanId, detail: { scanId, before, after, nothingMissed } });
      })();
      return changed(scanId);
    },
    undoReview: async () => {
      const who = reviewer().name;
      const last = lastOpenHistory(db, who);
      if (!last) return { undone: false, scanId: null, lesionKey: null, description: 'nothing to undo' };
      const description = `${last.kind === 'scan-done' ? `scan ${last.scanId}` : `lesion ${last.lesionKey}`}: ${describe(last.after)} → ${describe(last.before)}`;
      db.sqlite.transaction(() => {
        if (last.kind === 'decision' && last.lesionKey !== null) {
          const b = last.before;
          if (b === null || 'done' in b) deleteDecision(db, last.scanId, last.lesionKey);
          else putDecision(db, { ...b, scanId: last.scanId, lesionKey: last.lesionKey });
        } else if (last.before !== null && 'done' in last.before) {
          setReviewStatus(db, last.scanId, last.before.done ? 'done' : 'in-progress', last.before.done ? last.before.reviewer : null);
        }
        markHistoryUndone(db, last.id);
        appendAudit(db, {
          actor: who,
          action: 'review.undo',
          entity: last.kind === 'decision' ? 'lesion' : 'scan',
          entityId: last.kind === 'decision' ? `${last.scanId}/${last.lesionKey}` : last.scanId,
          detail: { scanId: last.scanId, lesionKey: last.lesionKey, undid: last.id, before: last.after, after: last.before },
        });
      })();
      ctx.emit('onDidChangeReview', { scanId: last.scanId });
      return { undone: true, scanId: last.scanId, lesionKey: last.lesionKey, description };
    },
    getReviewProgress: async ({ datasetId }) => {
      const scans = listScans(db, datasetId);
      const byScan = lesionCountsByScan(db, datasetId);
      const done = reviewStatusByScan(db, datasetId);
      let scansDone = 0;
      let scansInProgress = 0;
      const totals = { lesions: 0, accepted: 0, rejected: 0, secondRead: 0, undecided: 0 };
      for (const s of scans) {
        const r = scanReviewStatus(byScan.get(s.id) ?? [], done.get(s.id) === 'done');
        if (r.status === 'done') scansDone++;
        else if (r.status === 'in-progress') scansInProgress++;
        totals.lesions += r.lesions;
        totals.accepted += r.accepted;
        totals.rejected += r.rejected;
        totals.secondRead += r.secondRead;
        totals.undecided += r.undecided;
      }
      return { datasetId, scans: scans.length, scansDone, scansInProgress, ...totals };
    },
    nextUndecided: async ({ datasetId, after }) => nextOpenLesion(db, datasetId, after ?? null),
    getReviewer: async () => reviewer(),
    setReviewer: async ({ name }) => {
      const before = reviewer();
      putSetting(db, 'reviewer', name);
      appendAudit(db, { actor: name, action: 'review.reviewer', entity: 'settings', entityId: 'reviewer', detail: { before: before.name, after: name } });
      return { name, isDefault: false };
    },
  };
}
