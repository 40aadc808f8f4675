import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { LungDeskError } from '../../common/errors';
import { binaryDilation, binaryOpening, voxelRadiiForMm } from '../../../native/morphology';
import { countSet, type BoxMask, type VoxelBox } from '../volume/box-mask';
import { worldToVoxel } from '../volume/volume';
import { andInPlace, ballMask, coarseOpening, componentAt, componentsTouching, countHu, cropToMask, dist2Mm, indexAt, medianHu, nearestSet, positionOf, RegionEdge, searchBox, smoothedBox, type SearchBox } from './nodule-box';
import { measureNodule, type NoduleMeasures } from './nodule-measures';

export interface NoduleSegmentationParams {
  /** Seed, world LPS mm: a point on the nodule, ideally near its centre. */
  center: Vec3;
  /** Diameter hint in mm (an annotation's diameter); sets the search region and the scales. */
  diameterMm?: number;
  /** Fixed HU range instead of the automatic threshold (expert override). */
  huRange?: [number, number];
  /** Lung mask on the scan's grid: voxels outside it are never nodule. */
  lungMask?: Uint8Array;
}

export type NoduleKind = 'solid' | 'subsolid';

export interface NoduleSegmentation extends BoxMask, Omit<NoduleMeasures, 'centroid'> {
  /** A box of the scan's grid holding the mask (voxel indices, both ends inclusive); `mask` is on it, x fastest. */
  box: VoxelBox;
  /** Centroid of the mask, world LPS mm. */
  centroid: Vec3;
  /** What the intensity statistics at the seed said the nodule is. */
  kind: NoduleKind;
  /** The HU threshold the nodule was grown at (voxels at or above it, smoothed). */
  thresholdHu: number;
  /** Lung parenchyma level around the nodule (median HU of the box's lung voxels). */
  backgroundHu: number;
  /** Radius of the vessel-cutting opening, mm (0: none was needed). */
  openingMm: number;
  /** Radius of the search region around the seed, mm. */
  searchRadiusMm: number;
  /** The mask reaches the edge of the search region: the nodule may be larger than searched. */
  reachesSearchLimit: boolean;
}

/** Largest search radius, mm: holds a 30 mm nodule (the upper size of a nodule) seeded off-centre. */
const MAX_SEARCH_MM = 45;
/** Search radius without a diameter hint, before growing when the nodule reaches it. */
const DEFAULT_SEARCH_MM = 20;
/** HU that separates solid tissue from ground glass in the statistics. */
const SOLID_HU = -300;
/** Threshold between lung and solid tissue, as the fraction of the step from the lung level to the nodule's. */
const SOLID_LEVEL = 0.4;
/** Threshold between lung and ground glass, same rule. */
const SUBSOLID_LEVEL = 0.5;
/** Ground-glass level assumed before the nodule's own is measured. */
const GG_PRIOR_HU = -620;

/**
 * Semi-automatic segmentation of one lung nodule from a seed point (world LPS mm), with an
 * optional diameter hint, on the scan's own HU grid at any spacing (isotropic or not: every
 * radius is in mm and becomes an ellipsoid in voxels). It works in a box around the seed, so
 * its cost does not depend on the scan's size.
 *
 * Search region (size-adaptive): a ball around the seed of radius R + (1.4 R + 2) + 2 mm, R
 * the nodule's radius (half the hint, or measured in step 3; 20 mm before it is known),
 * 10..45 mm: room for the nodule and for the wall test of step 4 beside it. When the result
 * touches the ball's surface the search runs again in a ball 1.6× larger, up to 45 mm.
 *
 * Steps, on the box:
 *  1. Smoothing: binomial [1,2,1] along every axis of ≤ 1.5 mm spacing (noise ÷ 2.7 in-plane).
 *  2. Lung level `bg`: median of the voxels below −600 HU (clamped to −950..−700). Tissue is
 *     ≥ bg + max(100, ½(−620 − bg)) (≈ −735 HU for bg −850), ground glass included. A seed
 *     in lung or air moves to the nearest tissue voxel within max(3 mm, 0.3 d); with none
 *     there is nothing to segment (a `not-found` error saying so).
 *  3. Size R: the hint's radius; without one, climb from the seed through tissue to the local
 *     maximum of its thickness (distance to non-tissue), moving no farther than the seed's own
 *     thickness, and take the thickness there (the nodule's inscribed radius) and that point
 *     as the centre.
 *  4. Chest wall: the lung around the nodule is the air (below ½·bg, ≈ −425 HU) connected to
 *     the air nearest the centre (plus any air within a few mm of it). Everything else
 *     (wall, mediastinum, outside air, other lobes) is "not lung", and the part of it that
 *     holds a ball of 1.4 R + 2 mm (an opening, outside the box counting as not-lung) is wall.
 *     A nodule, thinner than that ball, never holds it, so a pleural nodule stays out of the
 *     wall and is cut at the pleura; thin structures (vessels, fissures) are not wall either.
 *     The opening runs on a grid with pixels under 0.9 mm paired (a coarse voxel is not-lung
 *     when all its fine ones are), then is limited to the fine not-lung voxels: the lung side
 *     of the pleura is exact and the ball, many voxels wide, finds the same wall.
 *  5. Solid or sub-solid: among the interior tissue voxels (all face neighbours tissue, so the
 *     partial-volume rim does not vote; in-plane only for slices thicker than 1.5 pixels)
 *     within 0.8 R of the centre, the share at ≥ −300 HU. At least half: solid, threshold
 *     bg + 0.4·(median solid HU − bg) (≈ −500 for a +30 HU nodule in −850 lung; a little
 *     outside the half-way point because readers draw the outer edge); less: sub-solid
 *     (ground glass, part-solid), threshold bg + ½·(median ground-glass HU − bg) (≈ −735), so
 *     a ground-glass halo belongs to the nodule. `huRange` replaces the threshold.
 *  6. Region: the 6-connected component at the centre (or nearest to it within max(2 mm,
 *     R/2)) of voxels over the threshold, in the search ball, not wall, inside `lungMask`;
 *     when there is none (a seed on the faint edge of a nodule whose centre read solid), the
 *     same at the tissue threshold.
 *  7. Vessels: openings by balls of R/4 (1..3 mm), then 1.5, 2, 3, 4, 5 mm, up to 0.75 R, until
 *     the component at the centre is compact (≤ 2 % of it farther than 1.25 equivalent radii
 *     from its centroid). A vessel thinner than the ball falls off; the nodule, thicker,
 *     stays. The kept part grows back by one voxel (6 neighbours) inside the region, which
 *     restores the rim and end slices the opening shaved but leaves only a stump of a vessel.
 *
 * Result: the mask on a box of the scan's grid (the region's bounding box plus the opening's
 * reach), volume, equivalent diameter, long/short axial axes, centroid, and what was decided
 * (kind, threshold, lung level, opening radius, search radius, whether the search was cut).
 *
 * Limits. A nodule not thicker than the vessel it sits on (a 5 mm nodule on a 3 mm vessel)
 * keeps a stump of it or is cut with it. The wall test needs the not-lung side next to the
 * nodule (wall and whatever lies beyond it) to hold the wall ball, which a narrow recess of
 * the lung (a costophrenic angle) may not; a broad-based pleural nodule loses a shallow lens
 * at its base where a wall ball still fits. A nodule in
 * the mediastinum or hilum, where the lung wraps around narrow structures, can take part of
 * them. Against dependent lung (≈ −700 HU) a ground-glass boundary follows a faint step.
 * Spiculations thinner than the opening that was needed are cut. Small solid nodules on thick
 * slices may read as sub-solid (their whole volume is partial volume) and come out a voxel
 * larger. Without a hint the size is the inscribed radius at the seed, so an elongated
 * nodule gets a smaller wall ball and search box than with a hint.
 */
export function segmentNodule(hu: Int16Array, g: VolumeGeometry, p: NoduleSegmentationParams): NoduleSegmentation {
  const [nx, ny, nz] = g.dims;
  if (hu.length !== nx * ny * nz) throw new LungDeskError('io.size-mismatch', `volume has ${hu.length} voxels, dims ${g.dims.join('×')} need ${nx * ny * nz}`);
  const hint = p.diameterMm;
  if (hint !== undefined && (!(hint > 0) || !Number.isFinite(hint))) throw new LungDeskError('contract.bad-input', `nodule diameter must be a positive number of mm, not ${hint}`);
  if (!p.center.every(Number.isFinite)) throw new LungDeskError('contract.bad-input', `the seed must be three finite numbers, not ${p.center.join(', ')}`);
  const c = worldToVoxel(g, p.center);
  if (c.some((v, i) => v < -0.5 || v > g.dims[i]! - 0.5)) {
    throw new LungDeskError('contract.bad-input', `the seed (${p.center.map((v) => v.toFixed(1)).join(', ')}) mm lies outside the scan (voxel ${c.map((v) => v.toFixed(1)).join(', ')} of ${g.dims.join('×')})`);
  }
  if (p.lungMask && p.lungMask.length !== hu.length) throw new LungDeskError('io.size-mismatch', `lung mask has ${p.lungMask.length} voxels, the scan ${hu.length}`);
  if (p.huRange && !(p.huRange[0] < p.huRange[1])) throw new LungDeskError('contract.bad-input', `HU range [${p.huRange.join(', ')}] is empty`);

  // Size-adaptive search: the box must hold the nodule and, around it, enough of the wall to
  // recognise it as wall (see step 4); grow it when either does not fit.
  let radius = hint !== undefined ? clampSearch(wallReachMm(hint / 2)) : DEFAULT_SEARCH_MM;
  for (;;) {
    const r = segmentInBox(hu, g, p, c, radius);
    if ('needMm' in r) {
      radius = clampSearch(r.needMm);
      continue;
    }
    if (!r.reachesSearchLimit || radius >= MAX_SEARCH_MM) return r;
    radius = clampSearch(1.6 * radius);
  }
}

/** Radius of the ball that tells the wall from a nodule of radius R (step 4). */
const wallBallMm = (R: number): number => 1.4 * R + 2;
/** Search radius that holds a nodule of radius R and a wall ball beside it. */
const wallReachMm = (R: number): number => R + wallBallMm(R) + 2;
const clampSearch = (mm: number): number => Math.min(MAX_SEARCH_MM, Math.max(10, mm));

function segmentInBox(hu: Int16Array, g: VolumeGeometry, p: NoduleSegmentationParams, c: Vec3, searchMm: number): NoduleSegmentation | { needMm: number } {
  const sb = searchBox(g.dims, g.spacing, c, searchMm);
  const s = smoothedBox(hu, g.dims, sb);
  const n = s.length;
  const search = ballMask(sb, sb.seed, searchMm);
  if (p.lungMask) andInPlace(search, boxOf(p.lungMask, g.dims, sb));

  // 2. Lung level and the tissue threshold.
  // Every 3rd voxel: plenty for a level, a third of the time.
  const bg = Math.min(-700, Math.max(-950, medianHu(s, search, -1100, -600, 3) || -850));
  const tLow = bg + Math.max(100, 0.5 * (GG_PRIOR_HU - bg));
  const tissue = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (search[i] && s[i]! >= tLow) tissue[i] = 1;
  const hint = p.diameterMm;
  let seedIdx = indexAt(sb, sb.seed);
  if (!tissue[seedIdx]) {
    const reach = Math.max(3, 0.3 * (hint ?? 0));
    const nearest = nearestSet(sb, tissue, sb.seed, reach);
    if (nearest < 0) {
      throw new LungDeskError('not-found', `nothing to segment at the seed (${p.center.map((v) => v.toFixed(1)).join(', ')}) mm: it lies in lung or air (${Math.round(s[seedIdx]!)} HU) with no tissue above ${Math.round(tLow)} HU within ${reach.toFixed(1)} mm`);
    }
    seedIdx = nearest;
  }
  const seedAt = positionOf(sb, seedIdx);

  // 3. Size: the hint, or the thickness of the tissue at its centre near the seed.
  let R: number;
  let centre: Vec3;
  if (hint !== undefined) {
    R = hint / 2;
    centre = seedAt;
  } else {
    // Edges farther than the search radius cannot matter: the thickness is capped there.
    const edge = new RegionEdge(sb, tissue, seedAt, 2 * searchMm);
    const travel = Math.max(edge.distanceMm(seedAt), 1.5 * Math.max(...sb.spacing));
    const core = edge.climb(tissue, seedAt, travel);
    R = Math.max(Math.min(core.radiusMm, searchMm), 1.5);
    centre = core.at;
  }
  if (wallReachMm(R) > searchMm + 1 && searchMm < MAX_SEARCH_MM) return { needMm: wallReachMm(R) };

  // 4. The chest wall: whatever is not the lung around the nodule and is thick enough to hold
  //    a ball larger than the nodule. The lung is the air (below halfway to soft tissue) that
  //    comes within a few mm of the nearest air to the centre; outside the box counts as
  //    not-lung, so the wall goes on past the box's faces.
  const airT = 0.5 * (bg + 0);
  const air = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (s[i]! < airT) air[i] = 1;
  const nearestAir = nearestSet(sb, air, centre, 2 * searchMm);
  const nearMm = nearestAir < 0 ? 0 : Math.sqrt(dist2Mm(sb, nearestAir, centre));
  const lung = componentsTouching(sb, air, ballMask(sb, centre, nearMm + Math.max(3, 0.5 * R)));
  for (let i = 0; i < n; i++) lung[i] = lung[i] ? 0 : 1;
  // The ball is many voxels wide: find it on a grid with voxels of 0.9..1.8 mm (pixels under
  // 0.9 mm paired), a quarter of the work on a typical chest CT.
  const factor = sb.spacing.map((s) => (s < 0.9 ? 2 : 1)) as [number, number, number];
  const wall = coarseOpening(lung, sb.dims, sb.spacing, wallBallMm(R), factor);
  const closed = new Uint8Array(n);
  for (let i = 0; i < n; i++) closed[i] = wall[i] ? 0 : 1;

  // 5. Solid or sub-solid, from the statistics of the centre.
  const inner = ballMask(sb, centre, Math.max(0.8 * R, 1.5 * Math.max(sb.spacing[0], sb.spacing[1])));
  // Interior voxels only (all six neighbours tissue): the partial-volume rim of a solid
  // nodule is ground-glass HU and must not vote.
  andInPlace(andInPlace(inner, interiorOf(sb, tissue)), closed);
  const solid = countHu(s, inner, SOLID_HU, Infinity);
  const gg = countHu(s, inner, -Infinity, SOLID_HU);
  let kind: NoduleKind = solid >= 0.5 * (solid + gg) && solid > 0 ? 'solid' : 'subsolid';
  let lo: number;
  let hi = Infinity;
  if (p.huRange) [lo, hi] = p.huRange;
  else if (kind === 'solid') lo = bg + SOLID_LEVEL * (medianHu(s, inner, SOLID_HU, 4000) - bg);
  else lo = Math.max(tLow, bg + SUBSOLID_LEVEL * ((medianHu(s, inner, -1100, SOLID_HU) || GG_PRIOR_HU) - bg));

  // 6. The region at the centre. A seed on a faint part (the halo of a nodule the centre
  //    called solid) finds nothing over the solid threshold near it: it then grows at the
  //    tissue threshold rather than return an empty mask.
  const regionAt = (t: number): Uint8Array => {
    const region = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (search[i] && closed[i] && s[i]! >= t && s[i]! <= hi) region[i] = 1;
    return componentAt(sb, region, centre, Math.max(2, 0.5 * R));
  };
  let grown = regionAt(lo);
  if (countSet(grown) === 0 && !p.huRange && lo > tLow) {
    lo = tLow;
    kind = 'subsolid';
    grown = regionAt(lo);
  }

  // 7. Vessels off by the smallest opening that leaves a compact nodule, on the region's own box.
  const radii = openingRadii(R);
  const margin = voxelRadiiForMm(radii[radii.length - 1]! + Math.max(...sb.spacing), sb.spacing);
  const { sub, mask: region0 } = cropToMask(sb, grown, [margin[0] + 1, margin[1] + 1, margin[2] + 1]);
  const subCentre: Vec3 = [centre[0] - (sub.box.x0 - sb.box.x0), centre[1] - (sub.box.y0 - sb.box.y0), centre[2] - (sub.box.z0 - sb.box.z0)];
  let kept = region0;
  let openingMm = 0;
  if (countSet(region0) > 0) {
    for (const r of radii) {
      const opened = componentAt(sub, binaryOpening(region0, sub.dims, voxelRadiiForMm(r, sub.spacing)), subCentre, Math.max(2, 0.5 * R));
      if (countSet(opened) === 0) break;
      kept = opened;
      openingMm = r;
      if (isCompact(sub, opened)) break;
    }
    if (openingMm > 0) kept = andInPlace(binaryDilation(kept, sub.dims, [1, 1, 1]), region0);
  }

  const seg: BoxMask = { box: sub.box, mask: kept };
  const m = measureNodule(seg, g);
  return {
    ...seg,
    ...m,
    centroid: m.centroid ?? p.center,
    kind,
    thresholdHu: Math.round(lo),
    backgroundHu: Math.round(bg),
    openingMm,
    searchRadiusMm: searchMm,
    reachesSearchLimit: reachesLimit(sub, kept, searchMm, g.dims),
  };
}

/**
 * Voxels of `m` whose face neighbours are all set (the box edge counts as set): the six of
 * them, or only the four in-plane ones when slices are thicker than 1.5 pixels (a small
 * nodule on thick slices has no voxel with both slice neighbours inside it).
 */
function interiorOf(sb: SearchBox, m: Uint8Array): Uint8Array {
  const [bx, by, bz] = sb.dims;
  const thick = sb.spacing[2] > 1.5 * Math.max(sb.spacing[0], sb.spacing[1]);
  const out = new Uint8Array(m.length);
  const sxy = bx * by;
  for (let z = 0, i = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      for (let x = 0; x < bx; x++, i++) {
        if (!m[i]) continue;
        if ((x > 0 && !m[i - 1]) || (x < bx - 1 && !m[i + 1]) || (y > 0 && !m[i - bx]) || (y < by - 1 && !m[i + bx])) continue;
        if (!thick && ((z > 0 && !m[i - sxy]) || (z < bz - 1 && !m[i + sxy]))) continue;
        out[i] = 1;
      }
    }
  }
  return out;
}

/** Opening radii to try, mm: from R/4 (1..3 mm) up to 0.75 R (at least the first): a sphere of radius R survives any of them. */
function openingRadii(R: number): number[] {
  const start = Math.min(3, Math.max(1, 0.25 * R));
  const all = [start, ...[1, 1.5, 2, 3, 4, 5].filter((r) => r > start)];
  const fit = all.filter((r) => r <= 0.75 * R);
  return fit.length ? fit : [all[0]!];
}

/** Under 2 % of the mask lies farther than 1.5 equivalent radii from its centroid. */
function isCompact(sb: SearchBox, m: Uint8Array): boolean {
  const [bx, by] = sb.dims;
  const [sx, sy, sz] = sb.spacing;
  let count = 0, cx = 0, cy = 0, cz = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i]) continue;
    count++;
    cx += i % bx;
    cy += Math.floor(i / bx) % by;
    cz += Math.floor(i / (bx * by));
  }
  if (!count) return true;
  cx /= count;
  cy /= count;
  cz /= count;
  const re = Math.cbrt((3 * count * sx * sy * sz) / (4 * Math.PI));
  const lim = (1.25 * re) ** 2;
  let far = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i]) continue;
    const d = ((i % bx) - cx) ** 2 * sx * sx + ((Math.floor(i / bx) % by) - cy) ** 2 * sy * sy + (Math.floor(i / (bx * by)) - cz) ** 2 * sz * sz;
    if (d > lim) far++;
  }
  return far <= 0.02 * count;
}

/**
 * Whether the search ball cut the mask: some mask voxel has a face neighbour on the grid that
 * lies outside the ball (so the region might have gone on there).
 */
function reachesLimit(sb: SearchBox, m: Uint8Array, searchMm: number, gridDims: readonly [number, number, number]): boolean {
  const [bx, by] = sb.dims;
  const [sx, sy, sz] = sb.spacing;
  const r2 = searchMm * searchMm;
  const steps: Vec3[] = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
  for (let i = 0; i < m.length; i++) {
    if (!m[i]) continue;
    const x = i % bx, y = Math.floor(i / bx) % by, z = Math.floor(i / (bx * by));
    for (const [dx, dy, dz] of steps) {
      const gx = sb.box.x0 + x + dx, gy = sb.box.y0 + y + dy, gz = sb.box.z0 + z + dz;
      if (gx < 0 || gy < 0 || gz < 0 || gx >= gridDims[0] || gy >= gridDims[1] || gz >= gridDims[2]) continue;
      const d = ((x + dx - sb.seed[0]) * sx) ** 2 + ((y + dy - sb.seed[1]) * sy) ** 2 + ((z + dz - sb.seed[2]) * sz) ** 2;
      if (d > r2) return true;
    }
  }
  return false;
}

/** The part of a full-grid mask inside the search box. */
function boxOf(mask: Uint8Array, dims: readonly [number, number, number], sb: SearchBox): Uint8Array {
  const [nx, ny] = dims;
  const [bx, by, bz] = sb.dims;
  const out = new Uint8Array(bx * by * bz);
  for (let z = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      const src = sb.box.x0 + nx * (y + sb.box.y0 + ny * (z + sb.box.z0));
      out.set(mask.subarray(src, src + bx), bx * (y + by * z));
    }
  }
  return out;
}
