/**
 * The slice grid of a DICOM series: from the sorted positions of its slices along the slice
 * normal, the regular step and the slot k of every slice, with the slots no file fills.
 *
 * A series with missing slices (a file lost in transfer, a slice the archive dropped) must
 * keep every acquired slice at its true position: stacking them at the median step puts
 * every slice past a gap one step away from where it was acquired, and every annotation in
 * world millimetres on the wrong anatomy. So:
 *   - the regular step is the median of the single steps (steps no longer than 1.5× the
 *     smallest), which is the plain median step when nothing is missing; at least half of
 *     the steps must be single ones (a step most neighbours share);
 *   - when every step is a whole multiple m ≥ 1 of it (each within 1 % of m·step, or 0.01 mm)
 *     and every slice lies within a tenth of a step of its slot, the grid runs from the first
 *     slice to the last at that step: slice i sits at slot k_i = round((p_i − p_0) / step) and
 *     the m − 1 slots inside a gap of m steps are listed as missing (the readers fill them with
 *     padding, `PADDING_HU`);
 *   - otherwise (steps that are not whole multiples: a scan with two reconstruction
 *     increments, jitter beyond 1 %) the slices are stacked at the median of all steps as
 *     before, with a warning that says so: such a series cannot be put on one regular grid
 *     without resampling, and this reader does not resample;
 *   - a grid that would hold more padding than acquired slices is refused the same way (two
 *     separate stacks sharing a UID look like that, and padding would multiply the volume).
 */

export interface SliceGrid {
  /** Slice step along the normal, mm. */
  step: number;
  /** Slot of each position (same order; the first is 0, strictly increasing). */
  slots: number[];
  /** Number of slots: the volume's nz. */
  count: number;
  /** Slots no position fills, ascending; empty for a complete series. */
  missing: number[];
  /** Largest distance between a slice and its slot, mm (0 for an exactly regular series). */
  maxResidual: number;
  /** Why the gaps were not padded, when there are gaps and they were not. */
  irregular?: string;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Whether `d` is `m` steps of `step`, for the whole multiple m nearest to it (m ≥ 1). */
function multipleOf(d: number, step: number): number | undefined {
  const m = Math.round(d / step);
  if (m < 1) return undefined;
  return Math.abs(d - m * step) <= Math.max(0.01, 0.01 * m * step) ? m : undefined;
}

/**
 * The grid of `positions` (along the normal, ascending, distinct, at least two). See the
 * module comment for the rule.
 */
export function sliceGrid(positions: readonly number[]): SliceGrid {
  const steps: number[] = [];
  for (let i = 1; i < positions.length; i++) steps.push(positions[i]! - positions[i - 1]!);
  const stacked = (irregular?: string): SliceGrid => {
    const step = median(steps);
    const g: SliceGrid = { step, slots: positions.map((_, i) => i), count: positions.length, missing: [], maxResidual: 0 };
    if (irregular) g.irregular = irregular;
    return g;
  };
  const smallest = Math.min(...steps);
  const single = steps.filter((d) => d <= 1.5 * smallest);
  const step = median(single);
  const multiples = steps.map((d) => multipleOf(d, step));
  if (multiples.every((m) => m === 1)) return stacked();
  if (multiples.some((m) => m === undefined)) return stacked('steps that are not whole multiples of the regular step');
  if (2 * single.length < steps.length) {
    return stacked(`only ${single.length} of ${steps.length} steps are ${Number(step.toFixed(4))} mm: no step most slices share`);
  }

  const slots = [0];
  for (const m of multiples) slots.push(slots[slots.length - 1]! + m!);
  const count = slots[slots.length - 1]! + 1;
  const missingCount = count - positions.length;
  if (missingCount > positions.length) {
    return stacked(`${missingCount} missing slots would outnumber the ${positions.length} acquired slices`);
  }
  let maxResidual = 0;
  for (let i = 0; i < positions.length; i++) maxResidual = Math.max(maxResidual, Math.abs(positions[i]! - positions[0]! - slots[i]! * step));
  if (maxResidual > 0.1 * step) {
    return stacked(`slices drift up to ${Number(maxResidual.toFixed(3))} mm from a regular ${Number(step.toFixed(4))} mm grid`);
  }
  const present = new Set(slots);
  const missing: number[] = [];
  for (let k = 0; k < count; k++) if (!present.has(k)) missing.push(k);
  return { step, slots, count, missing, maxResidual };
}

/** Consecutive slots as runs: [3, 4, 5, 9] → [[3, 5], [9, 9]]. */
export function slotRuns(slots: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const k of slots) {
    const last = runs[runs.length - 1];
    if (last && k === last[1] + 1) last[1] = k;
    else runs.push([k, k]);
  }
  return runs;
}

/** Slot k of a grid whose `present` slots hold the series' files in order: files[i] ↦ slot. */
export function slotsOfFiles(fileCount: number, missing: readonly number[]): number[] {
  const gaps = new Set(missing);
  const out: number[] = [];
  for (let k = 0; out.length < fileCount; k++) if (!gaps.has(k)) out.push(k);
  return out;
}
