/**
 * The DSB2017 tutorial's normalisation: HU clipped to [minBound, maxBound] mapped to 0..1,
 * then zero-centred by subtracting pixelMean (0.25, the LUNA16 mean). Computed in float64
 * per voxel, stored float32, as the seed. Matches seed_pipeline.normalize/zero_center
 * (../shared/conformance/cases/normalize).
 */
export interface NormalizeParams {
  minBound: number;
  maxBound: number;
  pixelMean: number;
}

export const SEED_NORMALIZATION: NormalizeParams = { minBound: -1000, maxBound: 400, pixelMean: 0.25 };

/** clip((hu − min) / (max − min), 0, 1) − pixelMean for every voxel. */
export function normalizeZeroCenter(hu: Int16Array, p: NormalizeParams = SEED_NORMALIZATION, into?: Float32Array): Float32Array {
  if (into && into.length !== hu.length) throw new RangeError(`into has ${into.length} values, the volume ${hu.length}`);
  const out = into ?? new Float32Array(hu.length);
  const range = p.maxBound - p.minBound;
  for (let i = 0; i < hu.length; i++) {
    let v = (hu[i]! - p.minBound) / range;
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    out[i] = v - p.pixelMean;
  }
  return out;
}

/**
 * The normalised, zero-centred value where `mask` is non-zero, and 0.0 elsewhere (not
 * −pixelMean): the seed's `apply_mask`, which the tutorials feed to their networks.
 */
export function normalizeMasked(hu: Int16Array, mask: Uint8Array, p: NormalizeParams = SEED_NORMALIZATION, into?: Float32Array): Float32Array {
  if (mask.length !== hu.length) throw new RangeError(`mask has ${mask.length} voxels, the volume ${hu.length}`);
  const out = normalizeZeroCenter(hu, p, into);
  for (let i = 0; i < out.length; i++) if (mask[i] === 0) out[i] = 0;
  return out;
}
