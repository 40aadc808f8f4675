import type { ScanSummary, VolumeHeader } from '../../../../electron/common/contract';

/**
 * What slices not yet loaded hold: zero, as the GPU texture WebGL clears for them does (the
 * viewer uploads only loaded slices). The readout says "–" there rather than this value.
 */
export const UNLOADED_HU = 0;

/**
 * Slices per slab of the stream that brings the rest of a volume in: the host reads one slab
 * while the page takes in the one before, and the page puts a slab on the GPU as soon as it
 * is whole, so small slabs keep the three busy together (16 measured best of 8, 16 and 32 on
 * LIDC-IDRI-0001). All slabs go over one streamed call: many requests would cost the page
 * ~2.5× more per byte than one response (fresh data pipes, each slow to start).
 */
export const FIRST_SLAB_SLICES = 16;
export const MAX_SLAB_SLICES = 16;
/** Each pair of slabs (one per side) is this many times the size of the pair before. */
export const SLAB_GROWTH = 1;

export interface Slab {
  start: number;
  count: number;
}

/** How far the shown scan's volume has loaded: fraction of its slices (0..1). */
export interface VolumeLoadState {
  state: 'idle' | 'loading' | 'partial' | 'complete' | 'error';
  fraction: number;
}

/**
 * The volume's header as the index knows it, before a voxel has arrived: the viewer builds
 * its volume from this and fills it as slices come. min/max are unknown until the end.
 */
export function headerFromScan(scan: Pick<ScanSummary, 'id' | 'dims' | 'spacing' | 'origin' | 'direction' | 'missingSlices'>): VolumeHeader {
  return {
    scanId: scan.id,
    dims: [...scan.dims],
    spacing: [...scan.spacing],
    origin: [...scan.origin],
    direction: [...scan.direction],
    dtype: 'int16',
    min: UNLOADED_HU,
    max: UNLOADED_HU,
    missingSlices: [...scan.missingSlices],
  };
}

/** True when two headers put the same voxels at the same places (dims and missing slices exact, mm to 1 µm). */
export function sameGeometry(
  a: Pick<VolumeHeader, 'dims' | 'spacing' | 'origin' | 'direction' | 'missingSlices'>,
  b: Pick<VolumeHeader, 'dims' | 'spacing' | 'origin' | 'direction' | 'missingSlices'>,
): boolean {
  const close = (x: readonly number[], y: readonly number[], tol: number) => x.length === y.length && x.every((v, i) => Math.abs(v - y[i]!) <= tol);
  return (
    a.dims.every((d, i) => d === b.dims[i]) &&
    close(a.spacing, b.spacing, 1e-3) &&
    close(a.origin, b.origin, 1e-3) &&
    close(a.direction, b.direction, 1e-6) &&
    close(a.missingSlices, b.missingSlices, 0)
  );
}

/**
 * The order in which the rest of the volume is asked for once slice `current` is there:
 * slabs growing outward from it on alternate sides, nearest first (scrolling away from it
 * finds loaded slices soonest), `first` slices at first and `growth` times larger every two
 * slabs, up to `max`. Every other slice is in exactly one slab.
 */
export function slabPlan(nz: number, current: number, first = FIRST_SLAB_SLICES, max = MAX_SLAB_SLICES, growth = SLAB_GROWTH): Slab[] {
  if (nz <= 0) return [];
  const k = Math.min(nz - 1, Math.max(0, current));
  let below = k; // slices [0, below) are still to plan
  let above = k + 1; // slices [above, nz) are still to plan
  let size = Math.max(1, first);
  const slabs: Slab[] = [];
  const takeAbove = (): void => {
    const count = Math.min(size, nz - above);
    slabs.push({ start: above, count });
    above += count;
  };
  const takeBelow = (): void => {
    const count = Math.min(size, below);
    below -= count;
    slabs.push({ start: below, count });
  };
  while (below > 0 || above < nz) {
    // Above, then below; a side with nothing left gives its turn to the other.
    if (above < nz) takeAbove();
    else takeBelow();
    if (below > 0) takeBelow();
    else if (above < nz) takeAbove();
    size = Math.min(Math.max(1, max), size * Math.max(1, growth));
  }
  return slabs;
}

/**
 * Slabs of {@link slabPlan} that stream first, nearest the shown slice: one on each side.
 * The rest come from the far ends inward (see {@link streamOrder}).
 */
export const NEAR_SLABS = 2;

/** The order the rest of a volume streams in, and what goes to the GPU again at the end. */
export interface StreamOrder {
  /** Asked for in this order: the near slabs, then the others from the far ends inward. */
  slabs: Slab[];
  /** Sent to the GPU again once every slab is on it: the near slabs, then the shown slice. */
  resend: Slab[];
}

/**
 * The order that lets Chromium's WebGL (ANGLE) skip clearing a streaming volume's texture.
 * ANGLE zero-fills a texture no single upload covered before its first draw (robust resource
 * initialisation): on a software GPU ~100–130 ms of one thread for LIDC's 512×512×133. It
 * drops that clear when the uploads waiting at the first draw, read newest first, join into
 * one box covering the whole texture (each one adjacent to those read before it). Sent
 * outward from the shown slice they never do (the newest are at both ends). So: the slices
 * next to the shown one first, as a reader scrolling away from it needs them; the rest from
 * the ends inward, each slab's chunks far end first ({@link farChunk}); then the near slabs
 * and the shown slice again, ~17 MB of half floats for LIDC. Read newest first that is the
 * shown slice, growing outward one neighbour at a time to both ends. A draw before the end
 * (a scroll off the preview, a MIP slab) makes ANGLE clear then; the picture is the same.
 */
export function streamOrder(nz: number, current: number, nearSlabs = NEAR_SLABS): StreamOrder {
  const outward = slabPlan(nz, current);
  if (outward.length === 0) return { slabs: [], resend: [] };
  const k = Math.min(nz - 1, Math.max(0, current));
  const near = outward.slice(0, nearSlabs);
  return { slabs: [...near, ...outward.slice(nearSlabs).reverse()], resend: [...near].reverse().concat({ start: k, count: 1 }) };
}

/**
 * The next `size` slices of `slab` to send to the GPU, from its end farther from slice
 * `centre` (the order {@link streamOrder} needs within a slab); `slab` keeps the rest.
 */
export function farChunk(slab: Slab, centre: number, size: number): Slab {
  const count = Math.min(Math.max(1, size), slab.count);
  const above = slab.start > centre;
  const chunk = above ? { start: slab.start + slab.count - count, count } : { start: slab.start, count };
  if (!above) slab.start += count;
  slab.count -= count;
  return chunk;
}

/** Which slices hold real voxels yet; the readout says "loading" for the others. */
export class LoadedSlices {
  private readonly flags: Uint8Array;
  private n = 0;
  constructor(readonly total: number) {
    this.flags = new Uint8Array(total);
  }

  add(start: number, count: number): void {
    for (let k = Math.max(0, start); k < Math.min(this.total, start + count); k++) {
      if (!this.flags[k]) {
        this.flags[k] = 1;
        this.n++;
      }
    }
  }

  has(k: number): boolean {
    return k >= 0 && k < this.total && this.flags[k] === 1;
  }

  get count(): number {
    return this.n;
  }

  get complete(): boolean {
    return this.n === this.total;
  }

  /** 0..1, for the progress bar. */
  get fraction(): number {
    return this.total === 0 ? 1 : this.n / this.total;
  }
}

/** The axial slice a remembered view was on (the axial camera's focal point), else the middle. */
export function startSlice(
  memoryAxialFocal: readonly number[] | null | undefined,
  toSlice: (point: readonly number[]) => number,
  nz: number,
): number {
  if (memoryAxialFocal && memoryAxialFocal.length === 3 && memoryAxialFocal.every(Number.isFinite)) return toSlice(memoryAxialFocal);
  return Math.max(0, Math.floor((nz - 1) / 2));
}
