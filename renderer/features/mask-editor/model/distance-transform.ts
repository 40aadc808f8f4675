/**
 * Exact Euclidean distance transform on a block with anisotropic spacing: for every voxel, the
 * squared distance in mm² to the nearest voxel whose mask value is `target`. Separable, as in
 * Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled Functions" (Theory of
 * Computing 8, 2012): a two-sweep scan along x, then the lower envelope of parabolas along y
 * and along z, each weighted by that axis's spacing. Linear in the voxel count.
 *
 * Matches scipy.ndimage.distance_transform_edt(mask != target, sampling=spacing) squared,
 * with one stated difference: only voxels of the block count, so a block with no target voxel
 * is Infinity everywhere (scipy returns distances to nothing meaningful there). Squares are
 * summed x, y, z in that order; with spacings that are short binary fractions (0.5, 0.625,
 * 0.703125, 1.25, ...) every sum is exact, so thresholds tie exactly as numpy's do.
 */

/**
 * Fills `out` (length nx·ny·nz, x fastest) with squared distances in mm² to the nearest voxel
 * where `mask` equals `target`. Squared distances above `limitSq` come out as Infinity: a
 * caller that only asks "within r?" passes r² and skips the far work. `out` may be a
 * Float32Array (half the memory; exact for the short binary-fraction spacings above, whose
 * squares below 2^11 mm² need fewer than 24 bits) or a Float64Array.
 */
export function squaredDistanceTo(
  mask: Uint8Array,
  target: 0 | 1,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  out: Float32Array | Float64Array,
  limitSq = Infinity,
): void {
  const [nx, ny, nz] = dims;
  if (mask.length !== nx * ny * nz || out.length !== mask.length) {
    throw new RangeError(`distance transform: mask ${mask.length} and out ${out.length} do not fit dims ${dims.join('×')}`);
  }
  sweepRows(mask, target, nx, ny * nz, spacing[0], out, limitSq);
  const longest = Math.max(ny, nz);
  const line = new Float64Array(longest);
  const result = new Float64Array(longest);
  const sites = new Int32Array(longest);
  const bounds = new Float64Array(longest + 1);
  const plane = nx * ny;
  // The envelope always works on a Float64Array block (one type keeps V8's element access
  // monomorphic whether `out` is 32- or 64-bit): a copy of one xy-plane for the y lines, of
  // one xz-slab for the z lines. Lines along z are a whole plane apart in memory; walking
  // them in place misses the cache on every step, inside the slab they stay in it.
  if (ny > 1) {
    const block = new Float64Array(plane);
    for (let z = 0; z < nz; ++z) {
      const from = plane * z;
      block.set(out.subarray(from, from + plane));
      for (let x = 0; x < nx; ++x) envelopeLine(block, x, nx, ny, spacing[1], limitSq, line, result, sites, bounds);
      out.set(block, from);
    }
  }
  if (nz > 1) {
    const block = new Float64Array(nx * nz);
    for (let y = 0; y < ny; ++y) {
      for (let z = 0; z < nz; ++z) block.set(out.subarray(nx * y + plane * z, nx * (y + 1) + plane * z), nx * z);
      for (let x = 0; x < nx; ++x) envelopeLine(block, x, nx, nz, spacing[2], limitSq, line, result, sites, bounds);
      for (let z = 0; z < nz; ++z) out.set(block.subarray(nx * z, nx * (z + 1)), nx * y + plane * z);
    }
  }
}

// Along x the input is binary, so two sweeps (nearest target on the left, on the right) give
// the 1D distance directly; no envelope needed.
function sweepRows(
  mask: Uint8Array,
  target: 0 | 1,
  nx: number,
  rows: number,
  sx: number,
  out: Float32Array | Float64Array,
  limitSq: number,
): void {
  for (let r = 0; r < rows; ++r) {
    const start = r * nx;
    let last = -Infinity;
    for (let x = 0; x < nx; ++x) {
      if (mask[start + x] === target) last = x;
      out[start + x] = x - last; // voxels to the nearest target on the left (Infinity if none)
    }
    last = Infinity;
    for (let x = nx - 1; x >= 0; --x) {
      if (mask[start + x] === target) last = x;
      const steps = Math.min(out[start + x]!, last - x);
      const d = steps * sx;
      const sq = d * d;
      out[start + x] = sq > limitSq ? Infinity : sq;
    }
  }
}

// One line of the volume (n values `stride` apart from `first`): out[q] = min over sites r of
// out[r] + ((q − r)·s)², by the lower envelope of those parabolas. Infinite sites are left out
// of the envelope (they would turn the intersections into NaN).
function envelopeLine(
  out: Float64Array,
  first: number,
  stride: number,
  n: number,
  s: number,
  limitSq: number,
  f: Float64Array,
  d: Float64Array,
  v: Int32Array,
  z: Float64Array,
): void {
  let k = -1;
  for (let q = 0, i = first; q < n; ++q, i += stride) {
    const fq = out[i]!;
    f[q] = fq;
    if (fq === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    const pq = q * s;
    let cross: number;
    for (;;) {
      const r = v[k]!;
      const pr = r * s;
      cross = (fq + pq * pq - (f[r]! + pr * pr)) / (2 * (pq - pr));
      // z[0] is −∞, so k never drops below 0 here.
      if (cross <= z[k]!) --k;
      else break;
    }
    ++k;
    v[k] = q;
    z[k] = cross;
    z[k + 1] = Infinity;
  }
  if (k < 0) return; // no site on this line: it stays Infinity
  let j = 0;
  for (let q = 0; q < n; ++q) {
    const pq = q * s;
    while (z[j + 1]! < pq) ++j;
    const r = v[j]!;
    const dq = (q - r) * s;
    d[q] = f[r]! + dq * dq;
  }
  for (let q = 0, i = first; q < n; ++q, i += stride) {
    const sq = d[q]!;
    out[i] = sq > limitSq ? Infinity : sq;
  }
}
