import type { Volume } from './volume';

/**
 * Fills the slots of missing slices, in place, by linear interpolation along z between the
 * nearest acquired slices below and above (weights by slot distance, rounded half away from
 * zero), the value a resampler working from the acquired positions would give there.
 *
 * For pipelines only (lung masks, preprocessing): padding (`PADDING_HU`) is below the air
 * threshold, so a padded slice joins the lungs to the air around the body and the tutorial's
 * outside-air step removes them (on LIDC-IDRI-0001 with one slice missing, 3.07 M lung voxels
 * fall to 16 k); any fill above the threshold would cut the lungs in two instead. What the
 * pipelines then produce at a missing slot is an interpolation: callers say so (the lung-mask
 * job clears its mask there, preprocessing lists the slots in meta.json). The first and last
 * slots always hold acquired slices (the grid runs from the first to the last); a slot with
 * an acquired slice on one side only takes that slice.
 */
export function bridgeMissingSlices(volume: Pick<Volume, 'voxels' | 'dims'>, missingSlices: readonly number[]): void {
  if (missingSlices.length === 0) return;
  const [nx, ny, nz] = volume.dims;
  const n = nx * ny;
  const v = volume.voxels;
  const missing = new Set(missingSlices);
  for (const k of missingSlices) {
    if (k < 0 || k >= nz) continue;
    let lo = k - 1;
    while (lo >= 0 && missing.has(lo)) lo--;
    let hi = k + 1;
    while (hi < nz && missing.has(hi)) hi++;
    const out = k * n;
    if (lo < 0 && hi >= nz) continue;
    if (lo < 0 || hi >= nz) {
      v.copyWithin(out, (lo < 0 ? hi : lo) * n, (lo < 0 ? hi : lo) * n + n);
      continue;
    }
    const w = (k - lo) / (hi - lo);
    const a = lo * n;
    const b = hi * n;
    for (let i = 0; i < n; i++) {
      const x = v[a + i]! + w * (v[b + i]! - v[a + i]!);
      v[out + i] = x < 0 ? -Math.round(-x) : Math.round(x);
    }
  }
}

/** Sets the slots of missing slices of a mask on the same grid to 0 (no image there, no label). */
export function clearMissingSlices(mask: Uint8Array, dims: readonly [number, number, number], missingSlices: readonly number[]): void {
  const n = dims[0] * dims[1];
  for (const k of missingSlices) if (k >= 0 && k < dims[2]) mask.fill(0, k * n, (k + 1) * n);
}
