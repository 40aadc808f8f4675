import type { AnnotationSource } from '../../../../electron/common/contract';

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
