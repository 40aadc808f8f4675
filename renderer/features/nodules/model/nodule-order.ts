import type { Annotation, AnnotationKind, AnnotationSource } from '../../../../electron/common/contract';

/** Kinds that are a nodule to review come first; reader marks and the rest follow. */
const KIND_RANK: Record<AnnotationKind, number> = { nodule: 0, consensus: 0, reader: 1, 'small-nodule': 2, 'non-nodule': 3 };

/**
 * Review order: nodule/consensus first, then reader marks, small nodules, non-nodules; within
 * a kind group from head to feet (descending z, LPS: +z is superior), then by id so the
 * order is stable.
 */
export function orderNodules<A extends Pick<Annotation, 'id' | 'kind' | 'center'>>(list: readonly A[]): A[] {
  return [...list].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.center[2] - a.center[2] || a.id - b.id);
}

/** Index after stepping `step` (±1) from `current` in a list of `n`, wrapping; null on empty. */
export function stepIndex(current: number | null, step: 1 | -1, n: number): number | null {
  if (n <= 0) return null;
  if (current === null || current < 0 || current >= n) return step > 0 ? 0 : n - 1;
  return (current + step + n) % n;
}

/** Colour per source, the same in the list and on the slices. */
export const SOURCE_COLORS: Record<AnnotationSource, string> = {
  'luna-csv': '#ffb020',
  'lidc-xml': '#35c4ff',
  user: '#7dff6a',
};

/**
 * Sphere radius (mm) drawn for an annotation: half its diameter; a mark without a size (an
 * LIDC small-nodule point) gets 1.5 mm, half the 3 mm LIDC threshold, so it stays visible.
 */
export function drawRadius(a: Pick<Annotation, 'diameterMm'>): number {
  return a.diameterMm !== null && a.diameterMm > 0 ? a.diameterMm / 2 : 1.5;
}

/** "consensus · ⌀ 6.2 mm · 3 readers" */
export function noduleLabel(a: Pick<Annotation, 'kind' | 'diameterMm' | 'agreement' | 'reader'>): string {
  const parts: string[] = [a.kind];
  if (a.diameterMm !== null) parts.push(`⌀ ${a.diameterMm.toFixed(1)} mm`);
  if (a.agreement !== null) parts.push(`${a.agreement} reader${a.agreement === 1 ? '' : 's'}`);
  else if (a.reader) parts.push(`reader ${a.reader}`);
  return parts.join(' · ');
}

/** What a reader calls each source. */
export const SOURCE_LABELS: Record<AnnotationSource, string> = {
  'luna-csv': 'LUNA16',
  'lidc-xml': 'LIDC',
  user: 'user',
};

/** "56.2, 86.3, −115.9 mm": the centre in LPS mm, one decimal. */
export function centreLabel(center: readonly number[]): string {
  return `${center.map((v) => v.toFixed(1)).join(', ')} mm`;
}

/** LIDC ratings in the order the LIDC form lists them, with their scales. */
const CHARACTERISTICS: readonly { key: string; label: string; scale: number }[] = [
  { key: 'subtlety', label: 'Subtlety', scale: 5 },
  { key: 'internalStructure', label: 'Internal structure', scale: 4 },
  { key: 'calcification', label: 'Calcification', scale: 6 },
  { key: 'sphericity', label: 'Sphericity', scale: 5 },
  { key: 'margin', label: 'Margin', scale: 5 },
  { key: 'lobulation', label: 'Lobulation', scale: 5 },
  { key: 'spiculation', label: 'Spiculation', scale: 5 },
  { key: 'texture', label: 'Texture', scale: 5 },
  { key: 'malignancy', label: 'Malignancy', scale: 5 },
];

/**
 * The LIDC characteristics of a mark as "Malignancy 3.5/5" lines (a consensus carries the
 * readers' mean); keys the form doesn't know are listed after, as they are.
 */
export function characteristicLines(characteristics: Record<string, number> | null): string[] {
  if (!characteristics) return [];
  const fmt = (v: number) => String(Math.round(v * 10) / 10);
  const known = CHARACTERISTICS.filter((c) => Number.isFinite(characteristics[c.key])).map((c) => `${c.label} ${fmt(characteristics[c.key]!)}/${c.scale}`);
  const rest = Object.entries(characteristics)
    .filter(([k, v]) => !CHARACTERISTICS.some((c) => c.key === k) && Number.isFinite(v))
    .map(([k, v]) => `${k} ${fmt(v)}`);
  return [...known, ...rest];
}
