import type { ReviewStatus, ScanListItem } from '../../../../electron/common/contract';

/** The quick filters above the scan list. */
export type ScanChip = 'with-nodules' | 'unreviewed' | 'has-warnings';
export const SCAN_CHIPS: readonly { id: ScanChip; label: string }[] = [
  { id: 'with-nodules', label: 'with nodules' },
  // Unreviewed work: scans not marked done (never opened, or with lesions still undecided).
  { id: 'unreviewed', label: 'to review' },
  { id: 'has-warnings', label: 'has warnings' },
];

export interface ScanFilter {
  /** Case-insensitive substring of patient id, series UID or description; blank matches all. */
  query: string;
  /** Every active chip must hold (AND). */
  chips: readonly ScanChip[];
}

export type FilterableScan = Pick<ScanListItem, 'patientId' | 'seriesInstanceUid' | 'description' | 'noduleCount' | 'reviewStatus' | 'warnings'>;

/** Whether the scan's patient id, series UID or description contains `query`, ignoring case. */
export function matchesQuery(scan: FilterableScan, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return true;
  return (
    scan.patientId.toLowerCase().includes(q) ||
    scan.seriesInstanceUid.toLowerCase().includes(q) ||
    scan.description.toLowerCase().includes(q)
  );
}

export function matchesChip(scan: FilterableScan, chip: ScanChip): boolean {
  switch (chip) {
    case 'with-nodules':
      return scan.noduleCount > 0;
    case 'unreviewed':
      return scan.reviewStatus !== 'done';
    case 'has-warnings':
      return scan.warnings.length > 0;
  }
}

/** The scans passing the query and every chip, in their input order. Returns a new array. */
export function filterScans<T extends FilterableScan>(scans: readonly T[], filter: ScanFilter): T[] {
  const q = filter.query.trim().toLowerCase();
  return scans.filter((s) => (q.length === 0 || matchesQuery(s, q)) && filter.chips.every((c) => matchesChip(s, c)));
}

/** Adds the chip if absent, removes it if present; returns a new array. */
export function toggleChip(chips: readonly ScanChip[], chip: ScanChip): ScanChip[] {
  return chips.includes(chip) ? chips.filter((c) => c !== chip) : [...chips, chip];
}

export type SortKey = 'patient' | 'nodules' | 'slices';
export type SortDir = 'asc' | 'desc';
export const SORT_KEYS: readonly { id: SortKey; label: string }[] = [
  { id: 'patient', label: 'Patient id' },
  { id: 'nodules', label: 'Nodules' },
  { id: 'slices', label: 'Slices' },
];

type SortableScan = Pick<ScanListItem, 'id' | 'patientId' | 'seriesInstanceUid' | 'noduleCount' | 'sliceCount'>;

// Natural order so LIDC-IDRI-0002 < LIDC-IDRI-0010 and "P2" < "P10".
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** What names a scan when sorting: patient id, else series UID (LUNA16 .mhd has no patient id). */
function patientKey(s: SortableScan): string {
  return s.patientId.trim() || s.seriesInstanceUid;
}

/**
 * Sorts a copy of `scans` by `key` in `dir`. Ties fall back to patient id (ascending), then
 * scan id, so the order is total and stable whatever the backend returned.
 */
export function sortScans<T extends SortableScan>(scans: readonly T[], key: SortKey, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const primary = (a: T, b: T): number => {
    switch (key) {
      case 'patient':
        return collator.compare(patientKey(a), patientKey(b));
      case 'nodules':
        return a.noduleCount - b.noduleCount;
      case 'slices':
        return a.sliceCount - b.sliceCount;
    }
  };
  return [...scans].sort((a, b) => sign * primary(a, b) || collator.compare(patientKey(a), patientKey(b)) || a.id - b.id);
}

/** The direction a sort key starts with: most nodules / most slices first, patients A→Z. */
export function defaultDir(key: SortKey): SortDir {
  return key === 'patient' ? 'asc' : 'desc';
}

export const REVIEW_LABELS: Record<ReviewStatus, string> = {
  unreviewed: 'unreviewed',
  'in-progress': 'in progress',
  done: 'done',
};

/** "⚠ 2" badge's tooltip: one warning per line. */
export function warningsTooltip(warnings: readonly string[]): string {
  if (warnings.length === 0) return '';
  return `${warnings.length} warning${warnings.length === 1 ? '' : 's'}:\n${warnings.map((w) => `• ${w}`).join('\n')}`;
}

/** "12 of 2,000 scans" (or "2,000 scans" when nothing is filtered out). */
export function shownCountText(shown: number, total: number): string {
  const t = total.toLocaleString('en-US');
  if (shown === total) return `${t} scan${total === 1 ? '' : 's'}`;
  return `${shown.toLocaleString('en-US')} of ${t} scans`;
}
