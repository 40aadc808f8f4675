// Binding of the 3D lung-mask kernel (native/src/lung-mask.h).
import { nativeAddon } from './addon-loader';

interface LungMaskAddon {
  lungMasks3d(
    hu: Int16Array,
    dims: readonly [number, number, number],
    threshold: number,
    sides: boolean,
    wantNofill: boolean,
    wantFill: boolean,
  ): { nofill?: Uint8Array; fill?: Uint8Array };
}

/**
 * The DSB2017 tutorial's 3D lung mask without and/or with the per-slice fill, in one native
 * pass sharing the threshold, the 26-connected labelling and the outside-air removal.
 *
 * b = (hu > threshold) + 1; every voxel labelled (equal values join); the outside air becomes
 * tissue: `sides` false, the region of voxel [0,0,0] (the tutorial), true, every air region
 * touching the four in-plane sides (its suggested improvement); fill: per axial slice, pixels
 * outside the largest 8-connected tissue blob become air (slices in parallel); lungs = the
 * largest 26-connected air region. Outputs: new 0/1 Uint8Arrays, x fastest.
 *
 * Matches: seed_pipeline.segment_lung_mask voxel for voxel
 * (../shared/conformance/cases/segment_lung_mask) with sides false.
 * @throws TypeError / RangeError naming the parameter (hu must be an Int16Array of nx·ny·nz).
 */
export function lungMasks3d(
  hu: Int16Array,
  dims: readonly [number, number, number],
  opts: { threshold?: number; sides?: boolean; nofill?: boolean; fill?: boolean } = {},
): { nofill?: Uint8Array; fill?: Uint8Array } {
  return nativeAddon<LungMaskAddon>().lungMasks3d(hu, dims, opts.threshold ?? -320, opts.sides ?? false, opts.nofill ?? true, opts.fill ?? true);
}
