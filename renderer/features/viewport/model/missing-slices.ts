import type { ScanSummary } from '../../../../electron/common/contract';

/** What the viewer says about a scan whose series lacks slices. */
export interface MissingSlicesSummary {
  count: number;
  /** "1 slice missing" / "3 slices missing". */
  headline: string;
  /** Where: "slice 91 (z −115.0 mm)", runs joined, the first few only. */
  where: string;
  /** Every gap in full, for a tooltip. */
  detail: string;
  /** The shown axial slice is one of them. */
  onCurrent: boolean;
}

const mm = (v: number): string => {
  const r = Math.round(v * 10) / 10;
  return (Object.is(r, -0) ? 0 : r).toFixed(1).replace('-', '−');
};

/** Consecutive slots as runs. */
function runs(slots: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const k of slots) {
    const last = out[out.length - 1];
    if (last && k === last[1] + 1) last[1] = k;
    else out.push([k, k]);
  }
  return out;
}

const SHOWN_RUNS = 3;

/**
 * The missing slices of a scan in words, slice numbers counted from 1 as the viewer's slice
 * label shows them and world z (LPS mm) of each slot: null for a complete scan.
 */
export function missingSlicesSummary(
  scan: Pick<ScanSummary, 'missingSlices' | 'origin' | 'spacing' | 'direction'>,
  currentSlice: number | null,
): MissingSlicesSummary | null {
  const slots = scan.missingSlices;
  if (slots.length === 0) return null;
  const z = (k: number) => scan.origin[2] + scan.direction[8]! * k * scan.spacing[2];
  const text = ([a, b]: [number, number]) => (a === b ? `slice ${a + 1} (z ${mm(z(a))} mm)` : `slices ${a + 1}–${b + 1} (z ${mm(z(a))} … ${mm(z(b))} mm)`);
  const all = runs(slots).map(text);
  const more = all.length - SHOWN_RUNS;
  return {
    count: slots.length,
    headline: `${slots.length} slice${slots.length === 1 ? '' : 's'} missing`,
    where: more > 0 ? `${all.slice(0, SHOWN_RUNS).join(', ')} and ${more} more gap${more === 1 ? '' : 's'}` : all.join(', '),
    detail: `No file was found for ${all.join('; ')}. These slots show padding (no image); every other slice is at the position it was acquired at, so annotations land where they belong.`,
    onCurrent: currentSlice !== null && slots.includes(currentSlice),
  };
}
