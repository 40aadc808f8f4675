/**
 * What the heavy mask operations of issue 12 are asked to do, as data: one request names a
 * kernel, the label it works on and that kernel's parameters. Data rather than closures so a
 * request can cross to a Web Worker (structured clone) and be logged in the edit's audit.
 */
import type { IslandConnectivity } from '../model/islands';
import type { SmoothingKind } from '../model/smooth';
import type { Ijk, SliceAxis } from '../model/voxel-edit';

interface OnLabel {
  /** The label the kernel reads and edits (1 lung, 2.. nodules). */
  readonly label: number;
}

/** Grow by a margin in mm (margin.ts `growLabel`). */
export interface GrowRequest extends OnLabel {
  readonly kernel: 'grow';
  readonly marginMm: number;
}

/** Shrink by a margin in mm (margin.ts `shrinkLabel`). */
export interface ShrinkRequest extends OnLabel {
  readonly kernel: 'shrink';
  readonly marginMm: number;
}

/** Opening then closing with a ball in mm, or one of the two (smooth.ts `smoothLabel`). */
export interface SmoothRequest extends OnLabel {
  readonly kernel: 'smooth';
  readonly radiusMm: number;
  /** Default 'open-close'. */
  readonly kind?: SmoothingKind;
}

/** Keep the largest island (islands.ts `keepLargestIsland`). */
export interface KeepLargestRequest extends OnLabel {
  readonly kernel: 'keep-largest';
  /** Default 26. */
  readonly connectivity?: IslandConnectivity;
}

/** Remove islands strictly below a volume in mm³ (islands.ts `removeSmallIslands`). */
export interface RemoveSmallRequest extends OnLabel {
  readonly kernel: 'remove-small';
  readonly minVolumeMm3: number;
  /** Default 26. */
  readonly connectivity?: IslandConnectivity;
}

/** Keep only the island holding voxel `at` (islands.ts `keepIslandAt`). */
export interface KeepAtRequest extends OnLabel {
  readonly kernel: 'keep-at';
  readonly at: Ijk;
  /** Default 26. */
  readonly connectivity?: IslandConnectivity;
}

/** Fill between slices drawn in one view (interpolate.ts `fillBetweenSlices`). */
export interface InterpolateRequest extends OnLabel {
  readonly kernel: 'interpolate';
  /** Default 'axial'. */
  readonly axis?: SliceAxis;
}

export type KernelRequest = GrowRequest | ShrinkRequest | SmoothRequest | KeepLargestRequest | RemoveSmallRequest | KeepAtRequest | InterpolateRequest;

/** The kernels a request can name. */
export type KernelName = KernelRequest['kernel'];

export const KERNEL_NAMES: readonly KernelName[] = ['grow', 'shrink', 'smooth', 'keep-largest', 'remove-small', 'keep-at', 'interpolate'];
