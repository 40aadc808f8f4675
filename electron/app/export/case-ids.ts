import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ScanRecord } from '../../db';

type ScanKeys = Pick<ScanRecord, 'id' | 'patientId' | 'seriesInstanceUid' | 'studyInstanceUid' | 'path'>;

/**
 * The patient a scan belongs to, for splits: its patient id, or (a scan without one, such
 * as a LUNA16 .mhd) the scan itself by its series UID. Equal ids in two datasets are taken as
 * one patient, so a patient indexed twice can never land in two splits.
 */
export function patientKeyOf(s: Pick<ScanRecord, 'id' | 'patientId' | 'seriesInstanceUid'>): string {
  return s.patientId ? `patient:${s.patientId}` : `series:${s.seriesInstanceUid || `scan-${s.id}`}`;
}

/** Letters, digits, `_` and `-` only, at most 64 characters, never empty. */
export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'scan';
}

const IMAGE_EXT = /\.(mhd|mha|nii\.gz|nii|nrrd|nhdr)$/i;

/**
 * Every scan's case id: `{patient}_s{NN}`, the patient id made file-system safe and the
 * series' 1-based place among the patient's scans (by study UID, series UID, path: stable
 * whichever scans an export picks). A scan without a patient id is named after its file.
 * Two patients whose ids make the same safe name (`A.1`, `A_1`) each get a short hash of
 * their id added, so case ids stay unique and never depend on which scans are exported.
 */
export function caseIdsOf(scans: readonly ScanKeys[]): Map<number, string> {
  const byPatient = new Map<string, ScanKeys[]>();
  for (const s of scans) {
    const k = patientKeyOf(s);
    byPatient.set(k, [...(byPatient.get(k) ?? []), s]);
  }
  const baseOf = new Map<string, string>();
  for (const [k, list] of byPatient) {
    const s = list[0]!;
    baseOf.set(k, safeName(s.patientId || path.basename(s.path).replace(IMAGE_EXT, '') || s.seriesInstanceUid));
  }
  const usedBy = new Map<string, number>();
  for (const b of baseOf.values()) usedBy.set(b, (usedBy.get(b) ?? 0) + 1);
  const out = new Map<number, string>();
  for (const [k, list] of byPatient) {
    let base = baseOf.get(k)!;
    if (usedBy.get(base)! > 1) base = `${base}-${createHash('sha256').update(k).digest('hex').slice(0, 6)}`;
    const ordered = [...list].sort((a, b) => cmp(a.studyInstanceUid, b.studyInstanceUid) || cmp(a.seriesInstanceUid, b.seriesInstanceUid) || cmp(a.path, b.path) || a.id - b.id);
    ordered.forEach((s, i) => out.set(s.id, `${base}_s${String(i + 1).padStart(2, '0')}`));
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
