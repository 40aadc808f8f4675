/**
 * Which axial slices a montage shows, and in what order: every `step`-th slice from the most
 * superior one down to the feet, the order PACS lay a stack out in (the seed's plot_ct_scan
 * walks `range(0, nz, N)` in index order, which for a scan sorted by position along its
 * normal starts at the feet). Indices are 0-based like the volume; labels are 1-based like
 * the rest of the app.
 */

/** Tile counts a default step aims for: enough to survey a scan, few enough to read. */
export const TARGET_TILES = { min: 16, ideal: 20, max: 25 } as const;

/**
 * Which way the slice index k runs in the patient: +1 when a larger k is more superior (LPS
 * +z, a scan sorted feet to head, the usual DICOM order), −1 when it runs to the feet, 0 when
 * k is not the head–foot axis (a sagittal or coronal acquisition). Row-major direction
 * matrix, column 2 = the world direction of k.
 */
export function headward(direction: readonly number[]): 1 | -1 | 0 {
  if (direction.length !== 9) return 0;
  const [x, y, z] = [direction[2]!, direction[5]!, direction[8]!];
  if (!(Math.abs(z) > Math.abs(x) && Math.abs(z) > Math.abs(y))) return 0;
  return z > 0 ? 1 : -1;
}

/**
 * Slices shown for a step, head first: with `toHead` +1 (k runs to the head) nz−1,
 * nz−1−step, … down to 0; with −1 or 0, 0, step, 2·step, … below nz (for 0 the index order,
 * having no head to start from). Empty when there are no slices.
 */
export function montageSlices(nz: number, step: number, toHead: 1 | -1 | 0 = 1): number[] {
  const n = Math.max(0, Math.floor(nz));
  const s = clampStep(step, n);
  const out: number[] = [];
  if (toHead === 1) for (let k = n - 1; k >= 0; k -= s) out.push(k);
  else for (let k = 0; k < n; k += s) out.push(k);
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
