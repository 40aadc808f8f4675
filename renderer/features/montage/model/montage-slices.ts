/**
 * Which axial slices a montage shows: every `step`-th slice from the first, as the seed's
 * plot_ct_scan does (`range(0, nz, N)`). Indices are 0-based like the volume; labels are
 * 1-based like the rest of the app.
 */

/** Tile counts a default step aims for: enough to survey a scan, few enough to read. */
export const TARGET_TILES = { min: 16, ideal: 20, max: 25 } as const;

/** Slices shown for a step: 0, step, 2·step, … below `nz`. Empty when there are no slices. */
export function montageSlices(nz: number, step: number): number[] {
  const n = Math.max(0, Math.floor(nz));
  const s = clampStep(step, n);
  const out: number[] = [];
  for (let k = 0; k < n; k += s) out.push(k);
  return out;
}

/** Number of tiles a step gives, without listing them. */
export function tileCount(nz: number, step: number): number {
  const n = Math.max(0, Math.floor(nz));
  return n === 0 ? 0 : Math.ceil(n / clampStep(step, n));
}

/** A step made whole and kept within 1..nz (a step past nz would still show slice 1 only). */
export function clampStep(step: number, nz: number): number {
  const s = Number.isFinite(step) ? Math.floor(step) : 1;
  return Math.min(Math.max(1, Math.floor(nz)), Math.max(1, s));
}

/**
 * The step for a scan of `nz` slices whose tile count is nearest 20, preferring counts in
 * 16..25 and, among equal counts, the larger step (it reaches further down the scan).
 * Scans under 16 slices show every slice.
 */
export function defaultStep(nz: number): number {
  const n = Math.max(0, Math.floor(nz));
  if (n <= TARGET_TILES.min) return 1;
  let best = 1;
  let bestScore = Infinity;
  for (let s = 1; s <= n; s++) {
    const count = Math.ceil(n / s);
    const inRange = count >= TARGET_TILES.min && count <= TARGET_TILES.max;
    const score = (inRange ? 0 : 1000) + Math.abs(count - TARGET_TILES.ideal);
    if (score <= bestScore) {
      best = s;
      bestScore = score;
    }
    // Counts only fall as the step grows, so past the range nothing better follows.
    if (count < TARGET_TILES.min) break;
  }
  return best;
}

/**
 * The step typed in the step box, or null while the text is not a whole number ≥ 1 (the
 * box keeps showing what was typed; the montage keeps its last step). Clamped to 1..nz.
 */
export function parseStep(text: string, nz: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const v = Number(t);
  if (v < 1) return null;
  return clampStep(v, nz);
}

/** "12": a slice's 1-based number, as the viewer's slice readout counts. */
export function sliceNumber(index: number): string {
  return String(index + 1);
}
