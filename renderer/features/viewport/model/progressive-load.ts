import type { ScanSummary, VolumeHeader } from '../../../../electron/common/contract';

/**
 * What slices not yet loaded hold: zero, as the GPU texture WebGL clears for them does (the
 * viewer uploads only loaded slices). The readout says "–" there rather than this value.
 */
export const UNLOADED_HU = 0;

/** Slices per request after the first: ~8 MB of a 512×512 scan, a few dozen requests in all. */
export const SLAB_SLICES = 16;

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
 * The order in which the rest of the volume is asked for: slabs of `slab` slices, nearest
 * to the slice on screen first, so scrolling away from it finds loaded slices soonest.
 */
export function slabPlan(nz: number, current: number, slab = SLAB_SLICES): { start: number; count: number }[] {
  if (nz <= 0) return [];
  const k = Math.min(nz - 1, Math.max(0, current));
  const slabs: { start: number; count: number }[] = [];
  for (let start = 0; start < nz; start += slab) slabs.push({ start, count: Math.min(slab, nz - start) });
  const distance = (s: { start: number; count: number }) => (k < s.start ? s.start - k : k >= s.start + s.count ? k - (s.start + s.count - 1) : 0);
  return slabs.sort((a, b) => distance(a) - distance(b) || a.start - b.start);
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
