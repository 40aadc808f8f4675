import fs from 'node:fs';
import type { ExportCasePreview, ExportOptions, ExportPreview } from '../../common/contract/export';
import type { ScanLesions } from '../../common/contract/review';
import { LungDeskError } from '../../common/errors';
import type { ExportCasePlan } from '../../core/export/case-model';
import { caseOutputBytes } from '../../core/export/estimates';
import { exportersFor } from '../../core/export/exporters';
import { assignSplits, stratumOf } from '../../core/export/splits';
import { getDataset, getMaskVersion, getScanFiles, listCandidates, lesionCountsByScan, listMaskVersions, listScans, reviewStatusByScan, type LungDeskDb, type ScanRecord } from '../../db';
import { scanReviewStatus } from '../../core/review';
import { caseIdsOf, patientKeyOf } from './case-ids';
import { planLesions } from './lesion-plan';
import { planMasks } from './mask-plan';

export interface PlanDeps {
  db: LungDeskDb;
  /** A scan's lesions with their decisions and its review state (the LesionStore's `list`). */
  lesionsOf(scanId: number): ScanLesions;
}

export interface ExportPlan {
  /** Every planned case, sorted by case id, split assigned (all shards: a shard takes its share later). */
  plans: ExportCasePlan[];
  preview: ExportPreview;
}

/**
 * Plans an export from the index: which scans become cases, with which lesions and mask
 * versions, under which safe case id, in which split; and what that will write.
 *
 * Scans: those of `datasetId` (all datasets without it); a series indexed in two datasets
 * once (the lower scan id); patients kept by the include/exclude lists (a scan without a
 * patient id is matched by its series UID); with scans 'done', only scans whose review is done
 * (every nodule lesion decided and the scan marked done). With select 'accepted', a scan with
 * a lesion sent to a second read is left out: its label would be a guess either way.
 * A scan with no positive lesion is still a case (a negative case: lung and background), since
 * a training set needs scans without nodules as much as with. Every scan left out is listed
 * in `skipped` with its reason. With the 'ids' mask rule a scan none of the ids belongs to is
 * left out too, and an id that names no version is an error.
 */
export function planExport(deps: PlanDeps, o: ExportOptions): ExportPlan {
  const { db } = deps;
  if (o.datasetId !== undefined && !getDataset(db, o.datasetId)) throw new LungDeskError('not-found', `no dataset with id ${o.datasetId}`);
  if (o.maskRule.kind === 'ids') {
    const missing = o.maskRule.ids.filter((id) => !getMaskVersion(db, id));
    if (missing.length) throw new LungDeskError('not-found', `no mask version with id ${missing.join(', ')}`);
  }
  const skipped: ExportPreview['skipped'] = [];
  const warnings: string[] = [];
  const scans = uniqueSeries(listScans(db, o.datasetId), skipped);
  const caseIds = caseIdsOf(scans);
  const include = o.includePatients ? new Set(o.includePatients) : null;
  const exclude = new Set(o.excludePatients);
  const statusOf = reviewStatesOf(db, o.datasetId);
  const plans: ExportCasePlan[] = [];
  let undecidedKept = 0;
  for (const scan of scans) {
    const who = scan.patientId || scan.seriesInstanceUid;
    if (include && !include.has(who)) {
      skipped.push({ scanId: scan.id, reason: `patient ${who} is not in the include list` });
      continue;
    }
    if (exclude.has(who)) {
      skipped.push({ scanId: scan.id, reason: `patient ${who} is excluded` });
      continue;
    }
    // The lesion index answers "done?" for every scan at once; only the scans that pass pay
    // for their lesions (grouping, outlines).
    const indexed = statusOf.get(scan.id) ?? 'unreviewed';
    if (o.scans === 'done' && indexed !== 'done') {
      skipped.push({ scanId: scan.id, reason: `review not done (${indexed})` });
      continue;
    }
    const sl = deps.lesionsOf(scan.id);
    if (o.scans === 'done' && sl.review.status !== 'done') {
      skipped.push({ scanId: scan.id, reason: `review not done (${sl.review.status})` });
      continue;
    }
    const secondRead = sl.lesions.filter((l) => l.state === 'second-read').length;
    if (o.select === 'accepted' && secondRead) {
      skipped.push({ scanId: scan.id, reason: `${secondRead} lesion${secondRead === 1 ? '' : 's'} await${secondRead === 1 ? 's' : ''} a second read` });
      continue;
    }
    const masks = planMasks(listMaskVersions(db, scan.id), o.maskRule);
    if (o.maskRule.kind === 'ids' && !masks.length) {
      skipped.push({ scanId: scan.id, reason: 'none of the named mask versions belongs to this scan' });
      continue;
    }
    if (o.select === 'accepted' && sl.lesions.some((l) => l.state === 'undecided' && l.category === 'nodule')) undecidedKept++;
    for (const m of masks) if (!fs.existsSync(m.path)) warnings.push(`mask version ${m.versionId} of scan ${scan.id}: its file ${m.path} is missing (the case will fail)`);
    plans.push(planOf(scan, caseIds.get(scan.id)!, sl, masks, planLesions(sl.lesions, o.negatives ? listCandidates(db, scan.id) : [], o), db));
  }
  assignPatientSplits(plans, scans, o);
  plans.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  warnings.push(...summaryWarnings(plans, undecidedKept, o));
  return { plans, preview: previewOf(plans, skipped, warnings, o) };
}

/** Every scan's review status as the review list shows it, from the lesion index and the "done" marks. */
function reviewStatesOf(db: LungDeskDb, datasetId: number | undefined): Map<number, ScanLesions['review']['status']> {
  const byScan = lesionCountsByScan(db, datasetId);
  const marked = reviewStatusByScan(db, datasetId);
  const out = new Map<number, ScanLesions['review']['status']>();
  for (const s of listScans(db, datasetId)) out.set(s.id, scanReviewStatus(byScan.get(s.id) ?? [], marked.get(s.id) === 'done').status);
  return out;
}

/** A series indexed in several datasets counts once (the lowest scan id). */
function uniqueSeries(scans: readonly ScanRecord[], skipped: ExportPreview['skipped']): ScanRecord[] {
  const first = new Map<string, ScanRecord>();
  const out: ScanRecord[] = [];
  for (const s of [...scans].sort((a, b) => a.id - b.id)) {
    const had = s.seriesInstanceUid ? first.get(s.seriesInstanceUid) : undefined;
    if (had) {
      skipped.push({ scanId: s.id, reason: `the same series as scan ${had.id} (dataset ${had.datasetId})` });
      continue;
    }
    if (s.seriesInstanceUid) first.set(s.seriesInstanceUid, s);
    out.push(s);
  }
  return out;
}

function planOf(scan: ScanRecord, caseId: string, sl: ScanLesions, masks: ExportCasePlan['masks'], lesions: ExportCasePlan['lesions'], db: LungDeskDb): ExportCasePlan {
  const decided = sl.lesions.map((l) => l.decision).filter((d) => d !== null).sort((a, b) => b.decidedAt - a.decidedAt);
  return {
    caseId,
    scanId: scan.id,
    patientId: scan.patientId,
    seriesInstanceUid: scan.seriesInstanceUid,
    studyInstanceUid: scan.studyInstanceUid,
    format: scan.format,
    files: scan.format === 'dicom' ? getScanFiles(db, scan.id) : [scan.path],
    geometry: { dims: scan.dims, spacing: scan.spacing, origin: scan.origin, direction: scan.direction },
    missingSlices: scan.missingSlices,
    masks,
    lesions,
    reviewer: sl.review.done?.reviewer ?? decided[0]?.reviewer ?? null,
    reviewState: sl.review.status,
    split: '',
    fold: null,
  };
}

/** Patient-level split: a patient's stratum is its positive lesions' LIDC malignancy across its cases. */
function assignPatientSplits(plans: ExportCasePlan[], scans: readonly ScanRecord[], o: ExportOptions): void {
  const scanOf = new Map(scans.map((s) => [s.id, s]));
  const ratings = new Map<string, number[][]>();
  for (const p of plans) {
    const k = patientKeyOf(scanOf.get(p.scanId)!);
    ratings.set(k, [...(ratings.get(k) ?? []), ...p.lesions.filter((l) => l.role === 'positive').map((l) => l.malignancy)]);
  }
  const assigned = assignSplits([...ratings].map(([key, r]) => ({ key, stratum: stratumOf(r) })), o.split, o.seed);
  for (const p of plans) {
    const a = assigned.get(patientKeyOf(scanOf.get(p.scanId)!))!;
    p.split = a.split;
    p.fold = a.fold;
  }
}

function summaryWarnings(plans: readonly ExportCasePlan[], undecidedKept: number, o: ExportOptions): string[] {
  const out: string[] = [];
  try {
    exportersFor(o.formats);
  } catch (e) {
    out.push((e as Error).message);
  }
  const count = (n: number, what: string) => `${n} case${n === 1 ? '' : 's'} ${what}`;
  const noLung = plans.filter((p) => !p.masks.some((m) => m.labels.some((l) => l.kind === 'lung'))).length;
  if (noLung) out.push(`${count(noLung, noLung === 1 ? 'has' : 'have')} no saved lung mask: ${noLung === 1 ? 'its labelmap holds' : 'their labelmaps hold'} nodules only`);
  const negative = plans.filter((p) => !p.lesions.some((l) => l.role === 'positive')).length;
  if (negative) out.push(`${count(negative, negative === 1 ? 'has' : 'have')} no positive lesion: exported as negative cases`);
  if (undecidedKept) out.push(`${count(undecidedKept, undecidedKept === 1 ? 'has' : 'have')} undecided nodule lesions, exported as background`);
  const patients = new Set(plans.map((p) => p.patientId || p.seriesInstanceUid)).size;
  if (o.split.kind === 'folds' && plans.length && patients < o.split.k) out.push(`only ${patients} patient${patients === 1 ? '' : 's'} for ${o.split.k} folds: some folds validate on nobody`);
  return out;
}

function previewOf(plans: readonly ExportCasePlan[], skipped: ExportPreview['skipped'], warnings: string[], o: ExportOptions): ExportPreview {
  const cases: ExportCasePreview[] = plans.map((p) => {
    const positives = p.lesions.filter((l) => l.role === 'positive').length;
    const negatives = p.lesions.length - positives;
    return {
      caseId: p.caseId,
      scanId: p.scanId,
      patientId: p.patientId,
      seriesInstanceUid: p.seriesInstanceUid,
      lesions: positives,
      negatives,
      maskVersionIds: p.masks.map((m) => m.versionId),
      split: p.split,
      estimatedBytes: caseOutputBytes(p.geometry, { positives, negatives }, o),
    };
  });
  return {
    cases,
    patients: new Set(plans.map((p) => p.patientId || p.seriesInstanceUid)).size,
    lesions: cases.reduce((n, c) => n + c.lesions, 0),
    negatives: cases.reduce((n, c) => n + c.negatives, 0),
    estimatedBytes: cases.reduce((n, c) => n + c.estimatedBytes, 0),
    skipped: [...skipped].sort((a, b) => a.scanId - b.scanId),
    warnings,
  };
}
