import type { Annotation, AnnotationCounts, AnnotationKind, AnnotationSource } from '../../../../electron/common/contract';

export interface CountRow {
  key: string;
  label: string;
  value: number;
  /** Which group the row belongs to, for the table's section headings. */
  group: 'LUNA16' | 'LIDC-IDRI' | 'LungDesk' | 'Labels';
}

/**
 * The summary table of a scan's annotation counts, in a fixed order: LUNA16, then LIDC
 * (consensus, reader marks, small nodules, non-nodules), then user marks, candidates,
 * irrelevant findings, then every label (e.g. DSB2017 `cancer`) sorted by name.
 * Zero rows are kept (a reader needs to see "0 consensus nodules") except in `compact` mode.
 */
export function countRows(c: AnnotationCounts, compact = false): CountRow[] {
  const rows: CountRow[] = [
    { key: 'lunaNodules', label: 'LUNA16 nodules', value: c.lunaNodules, group: 'LUNA16' },
    { key: 'candidates', label: 'LUNA16 candidates', value: c.candidates, group: 'LUNA16' },
    { key: 'irrelevantFindings', label: 'Irrelevant findings', value: c.irrelevantFindings, group: 'LUNA16' },
    { key: 'lidcConsensus', label: 'Consensus lesions (≥ half of the readers)', value: c.lidcConsensus, group: 'LIDC-IDRI' },
    { key: 'lidcReaderMarks', label: 'Reader marks (≥ 3 mm)', value: c.lidcReaderMarks, group: 'LIDC-IDRI' },
    { key: 'lidcSmall', label: 'Readers’ < 3 mm marks', value: c.lidcSmall, group: 'LIDC-IDRI' },
    { key: 'lidcNonNodules', label: 'Readers’ non-nodule marks', value: c.lidcNonNodules, group: 'LIDC-IDRI' },
    { key: 'user', label: 'User marks', value: c.user, group: 'LungDesk' },
  ];
  for (const name of Object.keys(c.labels).sort()) {
    rows.push({ key: `label:${name}`, label: name, value: c.labels[name] ?? 0, group: 'Labels' });
  }
  return compact ? rows.filter((r) => r.value !== 0 || r.group === 'Labels') : rows;
}

/** Whether the scan has no annotation, candidate or label at all (the empty state). */
export function isEmptyCounts(c: AnnotationCounts): boolean {
  return countRows(c).every((r) => r.value === 0) && Object.keys(c.labels).length === 0;
}

const SOURCE_LABELS: Record<AnnotationSource, string> = { 'luna-csv': 'LUNA16', 'lidc-xml': 'LIDC', user: 'user' };
const KIND_LABELS: Record<AnnotationKind, string> = {
  nodule: 'nodule',
  reader: 'reader mark',
  consensus: 'consensus',
  'small-nodule': 'small nodule',
  'non-nodule': 'non-nodule',
};

export function sourceLabel(s: AnnotationSource): string {
  return SOURCE_LABELS[s] ?? s;
}
export function kindLabel(k: AnnotationKind): string {
  return KIND_LABELS[k] ?? k;
}

/** "−12.3": one decimal, a true minus sign, "—" for a missing value. */
export function formatMm(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const s = Math.abs(v).toFixed(digits);
  return v < 0 && Number(s) !== 0 ? `−${s}` : s;
}

/** Readers' agreement: "3 readers", "1 reader", "—" when the source has none (LUNA16, user). */
export function formatAgreement(n: number | null): string {
  if (n === null) return '—';
  return `${n} reader${n === 1 ? '' : 's'}`;
}

export interface AnnotationRow {
  id: number;
  source: string;
  kind: string;
  x: string;
  y: string;
  z: string;
  diameter: string;
  /** "3 readers" (tooltip) */
  agreement: string;
  /** "3", or "—" when the source has no readers: the table's narrow column. */
  readers: string;
  /** "Reader 2" for an LIDC reader's mark (its reading session), never the reader's hashed id. */
  reader: string;
  /** "annotations.csv:12" when known, for the row's tooltip. */
  origin: string;
}

export function annotationRow(a: Annotation): AnnotationRow {
  const file = a.sourceFile ? (a.sourceFile.split(/[\\/]/).pop() ?? a.sourceFile) : '';
  return {
    id: a.id,
    source: sourceLabel(a.source),
    kind: kindLabel(a.kind),
    x: formatMm(a.center[0]),
    y: formatMm(a.center[1]),
    z: formatMm(a.center[2]),
    diameter: formatMm(a.diameterMm),
    agreement: formatAgreement(a.agreement),
    readers: a.agreement === null ? '—' : String(a.agreement),
    reader: a.session !== null ? `Reader ${a.session}` : '',
    origin: file ? (a.sourceLine !== null ? `${file}:${a.sourceLine}` : file) : '',
  };
}

const KIND_ORDER: Record<AnnotationKind, number> = { nodule: 0, consensus: 1, reader: 2, 'small-nodule': 3, 'non-nodule': 4 };

/**
 * Table order: physical nodules first (LUNA16 rows, LIDC consensus), then reader marks,
 * small nodules and non-nodules; within a kind, head to feet (z descending in LPS), then id.
 */
export function sortAnnotations(list: readonly Annotation[]): Annotation[] {
  return [...list].sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || b.center[2] - a.center[2] || a.id - b.id);
}
