import type { Annotation } from '../../../../electron/common/contract';

/** What the add / edit form holds: text as typed, so a half-typed "-1" is not lost. */
export interface NoduleDraft {
  x: string;
  y: string;
  z: string;
  diameter: string;
}

export type ParsedDraft =
  | { ok: true; center: [number, number, number]; diameterMm: number }
  | { ok: false; error: string };

/** The contract's bounds for a user nodule's diameter (mm); kept equal to UserDiameterMm. */
export const MIN_DIAMETER_MM = 0.5;
export const MAX_DIAMETER_MM = 100;
/** Diameter offered when nothing better is known: a typical small solid nodule. */
export const DEFAULT_DIAMETER_MM = 6;

const fmt = (v: number): string => String(Math.round(v * 100) / 100);

/** A draft prefilled from a centre (LPS mm) and a diameter; empty fields where unknown. */
export function draftFrom(center: readonly number[] | null, diameterMm: number | null): NoduleDraft {
  return {
    x: center ? fmt(center[0] ?? 0) : '',
    y: center ? fmt(center[1] ?? 0) : '',
    z: center ? fmt(center[2] ?? 0) : '',
    diameter: diameterMm !== null ? fmt(diameterMm) : String(DEFAULT_DIAMETER_MM),
  };
}

function number(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Checks a draft as the contract will, so the reader sees the reason before any round trip. */
export function parseDraft(d: NoduleDraft): ParsedDraft {
  const axes = [
    ['x', d.x],
    ['y', d.y],
    ['z', d.z],
  ] as const;
  const center: number[] = [];
  for (const [name, text] of axes) {
    const v = number(text);
    if (v === null) return { ok: false, error: `centre ${name} must be a number of mm` };
    center.push(v);
  }
  const diameterMm = number(d.diameter);
  if (diameterMm === null) return { ok: false, error: 'diameter must be a number of mm' };
  if (diameterMm < MIN_DIAMETER_MM || diameterMm > MAX_DIAMETER_MM) {
    return { ok: false, error: `diameter must be between ${MIN_DIAMETER_MM} and ${MAX_DIAMETER_MM} mm` };
  }
  return { ok: true, center: center as [number, number, number], diameterMm };
}

/** Only the reader's own marks can be edited or deleted; imports are the reference. */
export function isUserNodule(a: Pick<Annotation, 'source'>): boolean {
  return a.source === 'user';
}

/** Drafts show 2 decimals; a difference below that rounding is no edit. */
const SAME_MM = 0.0051;

/** The fields of an edit that differ from the annotation; null when nothing changed. */
export function changedFields(
  a: Pick<Annotation, 'center' | 'diameterMm'>,
  p: { center: [number, number, number]; diameterMm: number },
): { center?: [number, number, number]; diameterMm?: number } | null {
  const out: { center?: [number, number, number]; diameterMm?: number } = {};
  if (p.center.some((v, i) => !(Math.abs(v - (a.center[i] ?? NaN)) <= SAME_MM))) out.center = p.center;
  if (a.diameterMm === null || !(Math.abs(p.diameterMm - a.diameterMm) <= SAME_MM)) out.diameterMm = p.diameterMm;
  return out.center === undefined && out.diameterMm === undefined ? null : out;
}
