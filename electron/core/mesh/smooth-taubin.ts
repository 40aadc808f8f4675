/**
 * Taubin λ|μ smoothing (Taubin 1995): a shrinking Laplacian step (λ > 0) followed by an
 * inflating one (μ < −λ), so the staircase of a voxel mask is smoothed while the enclosed
 * volume stays within about a percent. Uniform (umbrella) weights over the one-ring; the
 * pass band is k_PB = 1/λ + 1/μ ≈ 0.1 with the defaults.
 *
 * @param positions - (x, y, z) triples, smoothed in place.
 * @param indices - triangles of a welded mesh (shared vertices), so one-rings are real.
 */
export function smoothTaubin(positions: Float32Array, indices: Uint32Array, iterations: number, lambda = 0.5, mu = -0.53): void {
  if (iterations <= 0 || indices.length === 0) return;
  const nv = positions.length / 3;
  const { offsets, neighbours } = vertexRings(nv, indices);
  const tmp = new Float32Array(positions.length);
  for (let it = 0; it < iterations; it++) {
    laplacianStep(positions, tmp, offsets, neighbours, lambda);
    laplacianStep(positions, tmp, offsets, neighbours, mu);
  }
}

function laplacianStep(p: Float32Array, tmp: Float32Array, offsets: Uint32Array, nb: Uint32Array, f: number): void {
  const nv = p.length / 3;
  for (let v = 0; v < nv; v++) {
    const s = offsets[v]!;
    const e = offsets[v + 1]!;
    const k = e - s;
    if (k === 0) {
      tmp[3 * v] = p[3 * v]!;
      tmp[3 * v + 1] = p[3 * v + 1]!;
      tmp[3 * v + 2] = p[3 * v + 2]!;
      continue;
    }
    let x = 0;
    let y = 0;
    let z = 0;
    for (let i = s; i < e; i++) {
      const u = nb[i]!;
      x += p[3 * u]!;
      y += p[3 * u + 1]!;
      z += p[3 * u + 2]!;
    }
    tmp[3 * v] = p[3 * v]! + f * (x / k - p[3 * v]!);
    tmp[3 * v + 1] = p[3 * v + 1]! + f * (y / k - p[3 * v + 1]!);
    tmp[3 * v + 2] = p[3 * v + 2]! + f * (z / k - p[3 * v + 2]!);
  }
  p.set(tmp);
}

/** One-ring neighbours of every vertex as CSR (each undirected edge once per end). */
export function vertexRings(nv: number, indices: Uint32Array): { offsets: Uint32Array; neighbours: Uint32Array } {
  // Each triangle edge a→b; in a closed oriented mesh every undirected edge appears once per
  // direction, so collecting a's forward targets and b's backward ones, then deduplicating, is exact.
  const deg = new Uint32Array(nv + 1);
  for (let t = 0; t < indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      deg[indices[t + e]!]! += 2;
    }
  }
  const offsets = new Uint32Array(nv + 1);
  for (let v = 0; v < nv; v++) offsets[v + 1] = offsets[v]! + deg[v]!;
  const raw = new Uint32Array(offsets[nv]!);
  const fill = offsets.slice(0, nv);
  for (let t = 0; t < indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e]!;
      const b = indices[t + ((e + 1) % 3)]!;
      raw[fill[a]!++] = b;
      raw[fill[b]!++] = a;
    }
  }
  // Deduplicate each ring (sorted), compacting into a new CSR.
  const outOff = new Uint32Array(nv + 1);
  const out = new Uint32Array(raw.length);
  let w = 0;
  for (let v = 0; v < nv; v++) {
    const ring = raw.subarray(offsets[v]!, offsets[v + 1]!).sort();
    outOff[v] = w;
    for (let i = 0; i < ring.length; i++) if (i === 0 || ring[i] !== ring[i - 1]) out[w++] = ring[i]!;
  }
  outOff[nv] = w;
  return { offsets: outOff, neighbours: out.slice(0, w) };
}
