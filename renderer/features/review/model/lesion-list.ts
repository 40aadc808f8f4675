import type { AnnotationSource, Lesion, LesionReviewState, RejectReason } from '../../../../electron/common/contract';

/** Lesions the list shows: nodules always; < 3 mm marks and non-nodules only when asked for. */
export function visibleLesions<L extends Pick<Lesion, 'category'>>(lesions: readonly L[], showMinor: boolean): L[] {
  return showMinor ? [...lesions] : lesions.filter((l) => l.category === 'nodule');
}

/** "consensus · 4 of 4 readers", "1 of 4 readers", "LUNA16", "user mark". */
export function agreementLabel(l: Pick<Lesion, 'readersMarked' | 'readerTotal' | 'consensus' | 'sources'>): string {
  if (l.readerTotal !== null) {
    const of = `${l.readersMarked} of ${l.readerTotal} reader${l.readerTotal === 1 ? '' : 's'}`;
    return l.consensus ? `consensus · ${of}` : of;
  }
  return l.sources.map((s) => SOURCE_NAMES[s]).join(' + ');
}

export const SOURCE_NAMES: Record<AnnotationSource, string> = { 'luna-csv': 'LUNA16', 'lidc-xml': 'LIDC', user: 'user mark' };

/** "nodule", "< 3 mm", "non-nodule". */
export function categoryLabel(c: Lesion['category']): string {
  return c === 'small' ? '< 3 mm' : c;
}

/** "⌀ 24.6 mm", the reviewer's accepted size first; "< 3 mm" for point marks. */
export function sizeLabel(l: Pick<Lesion, 'diameterMm' | 'category' | 'decision'>): string {
  const d = l.decision?.diameterMm ?? l.diameterMm;
  if (d !== null && d > 0) return `⌀ ${d.toFixed(1)} mm${l.decision?.diameterMm ? ' (accepted)' : ''}`;
  return l.category === 'nodule' ? 'no size' : '';
}

export const REJECT_REASONS: readonly { reason: RejectReason; label: string }[] = [
  { reason: 'not-a-nodule', label: 'Not a nodule' },
  { reason: 'vessel', label: 'Vessel' },
  { reason: 'scar-fibrosis', label: 'Scar or fibrosis' },
  { reason: 'calcified-granuloma', label: 'Calcified granuloma' },
  { reason: 'below-3mm', label: 'Below 3 mm' },
  { reason: 'artefact', label: 'Artefact' },
  { reason: 'duplicate', label: 'Duplicate' },
  { reason: 'other', label: 'Other…' },
];

/** "accepted", "rejected: vessel", "second read", "undecided". */
export function stateLabel(l: Pick<Lesion, 'state' | 'decision'>): string {
  if (l.state === 'rejected') return `rejected: ${REJECT_REASONS.find((r) => r.reason === l.decision?.reason)?.label.replace('…', '').toLowerCase() ?? 'no reason'}${l.decision?.reasonText ? ` (${l.decision.reasonText})` : ''}`;
  return l.state === 'second-read' ? 'second read' : l.state;
}

/** Colour of a lesion's contour by its review state: undecided stands out, rejected recedes. */
export const STATE_COLORS: Record<LesionReviewState, string> = {
  undecided: '#00e5ff',
  accepted: '#4dff88',
  rejected: '#ff6b6b',
  'second-read': '#ff9f1c',
};

const READER_COLORS = ['#4d9dff', '#c77dff', '#ff7eb6', '#5cf2d6', '#b0ff4d'] as const;
const LUNA_COLOR = '#ffb020';
const USER_COLOR = '#7dff6a';

/** Colour of each reader's own drawing (per-source view): LIDC readers, LUNA16, user marks. */
export function memberColor(m: { source: AnnotationSource; readerLabel: string }): string {
  if (m.source === 'luna-csv') return LUNA_COLOR;
  if (m.source === 'user') return USER_COLOR;
  const n = Number(/Reader (\d+)/.exec(m.readerLabel)?.[1] ?? 0);
  return READER_COLORS[(n - 1 + READER_COLORS.length) % READER_COLORS.length]!;
}

/** Every colour annotation drawing uses: mask overlays and the crosshair keep clear of these. */
export const ANNOTATION_PALETTE: readonly string[] = [...Object.values(STATE_COLORS), ...READER_COLORS, LUNA_COLOR, USER_COLOR];

/** Index after stepping ±1 from `current` over `n` items, wrapping; null on an empty list. */
export function stepIndex(current: number | null, step: 1 | -1, n: number): number | null {
  if (n <= 0) return null;
  if (current === null || current < 0 || current >= n) return step > 0 ? 0 : n - 1;
  return (current + step + n) % n;
}

/** The row's one-line progress of a dataset: "3 / 12 scans reviewed · 5 accepted · 2 rejected · 1 second read · 9 undecided". */
export function progressLine(p: { scans: number; scansDone: number; accepted: number; rejected: number; secondRead: number; undecided: number }): string {
  const parts = [`${p.scansDone} / ${p.scans} scans reviewed`, `${p.accepted} accepted`, `${p.rejected} rejected`];
  if (p.secondRead) parts.push(`${p.secondRead} second read`);
  parts.push(`${p.undecided} undecided`);
  return parts.join(' · ');
}
