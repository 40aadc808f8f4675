import type { Vec3, VolumeGeometry } from '../../../common/geometry';
import { CHARACTERISTIC_KEYS, type LidcCharacteristics } from './parse-lidc-xml';
import { type MaskStats, type SparseMask, countAtLeast, maskStats } from './sparse-mask';

/**
 * The consensus of one cluster of reader marks.
 *
 * Consensus mask: voxels marked by at least `level` (default 0.5) of the DENOMINATOR, which
 * by default is the number of marks in the cluster, as pylidc does (`consensus(clevel=0.5)`
 * averages the cluster's annotation masks). With 4 marks a voxel needs 2, with 3 it needs 2,
 * with 2 it needs 1 (the union), with 1 the mark itself. `denominator: 'sessions'` uses the
 * number of readers who read the scan instead (a nodule seen by 1 of 4 readers then has no
 * consensus at 0.5); give `sessionCount` for it.
 *
 * Centre = centroid of the consensus mask (world LPS mm); diameter = diameter of the sphere
 * with the consensus volume, (6V/π)^(1/3). When the consensus is empty (marks that touch no
 * common voxel), the centre falls back to the mean of the marks' centres and the diameter and
 * volume to the means of theirs, and `mask` is undefined.
 */

export interface ConsensusOptions {
  /** Fraction of the denominator a voxel needs. Default 0.5. */
  level?: number;
  /** 'cluster' (default, pylidc): marks in the cluster. 'sessions': readers of the scan. */
  denominator?: 'cluster' | 'sessions';
  /** Reading sessions in the file; required for denominator 'sessions'. */
  sessionCount?: number;
}

export interface ConsensusMember {
  mask: SparseMask | undefined;
  centerWorld: Vec3;
  diameterMm: number;
  volumeMm3: number;
  characteristics?: LidcCharacteristics;
}

export interface ConsensusResult {
  mask: SparseMask | undefined;
  /** Marks a voxel needed to be kept: ceil(level · denominator), at least 1. */
  minCount: number;
  centerWorld: Vec3;
  diameterMm: number;
  volumeMm3: number;
  voxelCount: number;
  stats?: MaskStats;
  /** Mean of each rating over the members that gave it; undefined when none did. */
  characteristics: LidcCharacteristics;
}

export function meanCharacteristics(list: readonly (LidcCharacteristics | undefined)[]): LidcCharacteristics {
  const out: LidcCharacteristics = {};
  for (const k of CHARACTERISTIC_KEYS) {
    let sum = 0;
    let n = 0;
    for (const c of list) {
      const v = c?.[k];
      if (v !== undefined) {
        sum += v;
        n++;
      }
    }
    if (n > 0) out[k] = sum / n;
  }
  return out;
}

export function consensusOf(members: readonly ConsensusMember[], geometry: VolumeGeometry, opts: ConsensusOptions = {}): ConsensusResult {
  const level = opts.level ?? 0.5;
  const denom = opts.denominator === 'sessions' ? (opts.sessionCount ?? members.length) : members.length;
  // A small epsilon so that 0.5·4 = 2 is not pushed to 3 by floating point.
  const minCount = Math.max(1, Math.ceil(level * denom - 1e-9));
  const masks = members.map((m) => m.mask).filter((m): m is SparseMask => m !== undefined);
  const mask = masks.length >= minCount ? countAtLeast(masks, minCount) : undefined;
  const characteristics = meanCharacteristics(members.map((m) => m.characteristics));
  if (mask) {
    const stats = maskStats(mask, geometry);
    return {
      mask,
      minCount,
      centerWorld: stats.centroidWorld,
      diameterMm: stats.equivalentDiameterMm,
      volumeMm3: stats.volumeMm3,
      voxelCount: stats.voxelCount,
      stats,
      characteristics,
    };
  }
  const n = Math.max(1, members.length);
  const centerWorld: Vec3 = [0, 0, 0];
  let diameterMm = 0;
  let volumeMm3 = 0;
  for (const m of members) {
    for (let c = 0; c < 3; c++) centerWorld[c] = centerWorld[c]! + m.centerWorld[c]! / n;
    diameterMm += m.diameterMm / n;
    volumeMm3 += m.volumeMm3 / n;
  }
  return { mask: undefined, minCount, centerWorld, diameterMm, volumeMm3, voxelCount: 0, characteristics };
}
