import type { Vec3 } from '../../common/geometry';
import { runSteps } from '../../common/steps';

/** Boxes handled between two pauses of meetingPairsSteps (a power of two). */
const STEP_BOXES = 256;

/** An axis-aligned box in world mm, bounds inclusive. */
export interface Box {
  lo: Vec3;
  hi: Vec3;
}

/**
 * A cell's hash (Teschner et al.'s primes). Two cells may share one: that only adds
 * candidates, which the box test then drops, never loses a pair.
 */
const cellKey = (x: number, y: number, z: number): number => (Math.imul(x, 73856093) ^ Math.imul(y, 19349663) ^ Math.imul(z, 83492791)) | 0;

/** A box covering more cells than this is kept aside and tested against every box, not gridded. */
const MAX_CELLS_PER_BOX = 512;

const finiteBox = (b: Box | null): b is Box => b !== null && [...b.lo, ...b.hi].every(Number.isFinite) && b.lo.every((v, k) => v <= b.hi[k]!);

export const boxesMeet = (a: Box, b: Box): boolean =>
  a.lo[0] <= b.hi[0] && b.lo[0] <= a.hi[0] && a.lo[1] <= b.hi[1] && b.lo[1] <= a.hi[1] && a.lo[2] <= b.hi[2] && b.lo[2] <= a.hi[2];

const boxHolds = (b: Box, p: Vec3): boolean => b.lo[0] <= p[0] && p[0] <= b.hi[0] && b.lo[1] <= p[1] && p[1] <= b.hi[1] && b.lo[2] <= p[2] && p[2] <= b.hi[2];

/**
 * A uniform grid over boxes (cell side: the median box's largest side), so finding the boxes
 * that meet one box costs its neighbours, not all boxes: the lesion grouping and the
 * re-attachment of decisions stay linear in the marks of a scan (a 25k-row annotations.csv
 * for one series). Boxes that are null or not finite are left out; boxes spanning more than
 * MAX_CELLS_PER_BOX cells (one huge mark among small ones) are tested against every box.
 */
export class BoxGrid {
  private readonly cell: number;
  private readonly cells = new Map<number, number[]>();
  private readonly large: number[] = [];

  private readonly ranges: (readonly number[] | null)[];

  constructor(private readonly boxes: readonly (Box | null)[]) {
    const sides = boxes.filter(finiteBox).map((b) => Math.max(b.hi[0] - b.lo[0], b.hi[1] - b.lo[1], b.hi[2] - b.lo[2]));
    sides.sort((a, b) => a - b);
    const median = sides.length ? sides[sides.length >> 1]! : 1;
    this.cell = Math.max(median, 1e-3);
    this.ranges = boxes.map((b, i) => {
      if (!finiteBox(b)) return null;
      const r = this.range(b);
      if (r === null) this.large.push(i);
      else
        this.forCells(r, (key) => {
          const list = this.cells.get(key);
          if (list) list.push(i);
          else this.cells.set(key, [i]);
        });
      return r;
    });
  }

  /** A box's cell range (inclusive), or null when the box is too large to grid. */
  private range(b: Box): [number, number, number, number, number, number] | null {
    const c = this.cell;
    const r: [number, number, number, number, number, number] = [
      Math.floor(b.lo[0] / c), Math.floor(b.lo[1] / c), Math.floor(b.lo[2] / c),
      Math.floor(b.hi[0] / c), Math.floor(b.hi[1] / c), Math.floor(b.hi[2] / c),
    ];
    const n = (r[3] - r[0] + 1) * (r[4] - r[1] + 1) * (r[5] - r[2] + 1);
    return n > MAX_CELLS_PER_BOX ? null : r;
  }

  private forCells(r: readonly number[], f: (key: number) => void): void {
    for (let z = r[2]!; z <= r[5]!; z++) for (let y = r[1]!; y <= r[4]!; y++) for (let x = r[0]!; x <= r[3]!; x++) f(cellKey(x, y, z));
  }

  /** Every pair [a, b] (a < b) of boxes that meet, each once. */
  meetingPairs(): Array<[number, number]> {
    return runSteps(this.meetingPairsSteps());
  }

  /** meetingPairs in steps: pauses (yields) every STEP_BOXES boxes, so a shared thread can run others' work between. */
  *meetingPairsSteps(): Generator<void, Array<[number, number]>, void> {
    const out: Array<[number, number]> = [];
    const seen = new Int32Array(this.boxes.length).fill(-1);
    const boxes = this.boxes;
    for (let i = 0; i < this.ranges.length; i++) {
      if ((i & (STEP_BOXES - 1)) === STEP_BOXES - 1) yield;
      const r = this.ranges[i];
      if (!r) continue;
      const b = boxes[i]!;
      this.forCells(r, (key) => {
        for (const j of this.cells.get(key)!) {
          if (j >= i) break; // lists are in index order: each pair once, from its larger index
          if (seen[j] === i) continue;
          seen[j] = i;
          if (boxesMeet(boxes[j]!, b)) out.push([j, i]);
        }
      });
    }
    // Huge boxes are few: each against all the others.
    const large = new Set(this.large);
    for (const i of this.large) {
      yield;
      const b = boxes[i]!;
      boxes.forEach((o, j) => {
        if (j === i || !finiteBox(o) || (large.has(j) && j < i)) return;
        if (boxesMeet(o, b)) out.push(j < i ? [j, i] : [i, j]);
      });
    }
    return out;
  }

  /** The boxes holding a point, in index order. */
  holding(p: Vec3): number[] {
    if (!p.every(Number.isFinite)) return [];
    const key = cellKey(Math.floor(p[0] / this.cell), Math.floor(p[1] / this.cell), Math.floor(p[2] / this.cell));
    const out = [...(this.cells.get(key) ?? []), ...this.large].filter((i) => boxHolds(this.boxes[i]!, p));
    return out.sort((a, b) => a - b);
  }
}
