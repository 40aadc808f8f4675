import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { masksOverlap, type SparseMask } from '../annotations/lidc/sparse-mask';
import { voxelToWorld, worldToVoxel } from '../volume/volume';
import { BoxGrid, type Box } from './box-grid';
import { runSteps, type Steps } from '../../common/steps';
import { markCategory, type LesionCategory, type LesionMark } from './lesion-marks';

/**
 * Groups a scan's annotations into lesions: one entry per physical finding, whoever marked it.
 *
 * THE RULE. Two marks belong to the same lesion when their extents overlap and they come
 * from different readers; one reader's marks never merge with each other. Extents:
 * - an LIDC reader's contoured mark (≥ 3 mm): the voxels inside its contours;
 * - a LUNA16 row or a mark made here: the sphere of its diameter;
 * - an LIDC point mark (a nodule < 3 mm, a non-nodule): a sphere of radius max(1.5 mm, half
 *   the slice spacing): half the 3 mm size limit, widened on thick slices so that marks one
 *   slice apart still meet.
 * Overlap: two masks share a voxel; a sphere meets a mask when it meets one of its voxels
 * (as boxes); two spheres when their centres are closer than the sum of their radii.
 * Links between overlapping marks are taken closest centres first, and a link that would
 * put two marks of one reader into a lesion is skipped, so a reader appears at most once per
 * lesion and two separate nodules of one reader stay two lesions even when they touch.
 *
 * This follows published LIDC practice: the LIDC readers marked independently and the
 * database does not match marks across readers (Armato et al., Med Phys 2011); pylidc's
 * `cluster_annotations` joins annotations whose contours meet and never lets a cluster hold
 * two annotations of one reader, and LUNA16 (Setio et al., Med Image Anal 2017) merged the
 * readers' annotations that were closer than the sum of their radii. Here the same test runs
 * on every source, so a LUNA16 row and a user mark join the LIDC lesion they lie on.
 *
 * The lesion's category is its most definite member's: nodule if any reader marked it as a
 * nodule ≥ 3 mm (or it is a LUNA16 row or a user mark), else < 3 mm if any marked it so,
 * else non-nodule. Lesions are ordered nodules first, then < 3 mm, then non-nodules, each
 * from head to feet (descending z, LPS), then by x; members by reader.
 */

export interface LesionGroup {
  /** Stable across re-indexing: derived from the anchor member's ref (see lesionKeyOf). */
  key: string;
  category: LesionCategory;
  /** Indices into the marks given to groupLesions. */
  members: number[];
}

type Extent = { kind: 'mask'; mask: SparseMask; center: Vec3 } | { kind: 'sphere'; center: Vec3; radiusMm: number };

/** Radius (mm) of the sphere standing for a mark without a contour. */
export function pointRadiusMm(g: VolumeGeometry): number {
  return Math.max(1.5, Math.abs(g.spacing[2]) / 2);
}

function extentOf(m: LesionMark, g: VolumeGeometry): Extent {
  if (m.mask) return { kind: 'mask', mask: m.mask, center: m.center };
  const r = m.diameterMm !== null && m.diameterMm > 0 && markCategory(m.kind) === 'nodule' ? m.diameterMm / 2 : pointRadiusMm(g);
  return { kind: 'sphere', center: m.center, radiusMm: r };
}

/** Whether a sphere meets any voxel (as a box) of a mask; the grid's axes taken orthogonal. */
function sphereMeetsMask(center: Vec3, radiusMm: number, m: SparseMask, g: VolumeGeometry): boolean {
  const c = worldToVoxel(g, center);
  const [sx, sy, sz] = g.spacing.map(Math.abs) as [number, number, number];
  const { x0, y0, z0, x1, y1, z1 } = m.bbox;
  const gap = (v: number, lo: number, hi: number) => Math.max(0, lo - 0.5 - v, v - hi - 0.5);
  const r2 = radiusMm * radiusMm;
  if ((gap(c[0], x0, x1) * sx) ** 2 + (gap(c[1], y0, y1) * sy) ** 2 + (gap(c[2], z0, z1) * sz) ** 2 > r2) return false;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  for (let z = z0; z <= z1; z++) {
    const dz = Math.max(0, Math.abs(z - c[2]) - 0.5) * sz;
    if (dz * dz > r2) continue;
    for (let y = y0; y <= y1; y++) {
      const dy = Math.max(0, Math.abs(y - c[1]) - 0.5) * sy;
      if (dz * dz + dy * dy > r2) continue;
      const row = w * (y - y0 + h * (z - z0)) - x0;
      for (let x = x0; x <= x1; x++) {
        if (!m.mask[row + x]) continue;
        const dx = Math.max(0, Math.abs(x - c[0]) - 0.5) * sx;
        if (dx * dx + dy * dy + dz * dz <= r2) return true;
      }
    }
  }
  return false;
}

const dist = (a: Vec3, b: Vec3): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Whether two marks' extents overlap (see the rule above). */
export function extentsOverlap(a: LesionMark, b: LesionMark, g: VolumeGeometry): boolean {
  const ea = extentOf(a, g);
  const eb = extentOf(b, g);
  if (ea.kind === 'mask' && eb.kind === 'mask') return masksOverlap(ea.mask, eb.mask);
  if (ea.kind === 'sphere' && eb.kind === 'sphere') return dist(ea.center, eb.center) < ea.radiusMm + eb.radiusMm;
  const [s, m] = ea.kind === 'sphere' ? [ea, eb as Extent & { kind: 'mask' }] : [eb as Extent & { kind: 'sphere' }, ea];
  return sphereMeetsMask(s.center, s.radiusMm, m.mask, g);
}

/**
 * The world box an extent cannot leave: a sphere's cube; a mask's voxel box (voxels as
 * boxes) through the grid's full direction matrix. Null for a sphere without a finite centre
 * (it overlaps nothing).
 */
function extentBox(e: Extent, g: VolumeGeometry): Box | null {
  if (e.kind === 'sphere') {
    if (!e.center.every(Number.isFinite) || !Number.isFinite(e.radiusMm)) return null;
    const r = e.radiusMm;
    return { lo: [e.center[0] - r, e.center[1] - r, e.center[2] - r], hi: [e.center[0] + r, e.center[1] + r, e.center[2] + r] };
  }
  const { x0, y0, z0, x1, y1, z1 } = e.mask.bbox;
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const x of [x0 - 0.5, x1 + 0.5])
    for (const y of [y0 - 0.5, y1 + 0.5])
      for (const z of [z0 - 0.5, z1 + 0.5]) {
        const w = voxelToWorld(g, [x, y, z]);
        for (let k = 0; k < 3; k++) {
          lo[k] = Math.min(lo[k]!, w[k]!);
          hi[k] = Math.max(hi[k]!, w[k]!);
        }
      }
  // A hair of slack so float rounding never drops a pair that touches.
  const eps = 1e-6 * Math.max(1, ...hi.map(Math.abs), ...lo.map(Math.abs));
  return { lo: lo.map((v) => v - eps) as Vec3, hi: hi.map((v) => v + eps) as Vec3 };
}

/**
 * The pairs of marks whose extents may overlap (their world boxes meet), each once as [a, b]
 * with a < b: a grid finds them in time linear in the marks, so a scan with 25k LUNA16 rows
 * groups in well under a second instead of testing 312 million pairs. Every pair that
 * overlaps is among them; the exact test is still extentsOverlap.
 */
export function overlapCandidates(marks: readonly LesionMark[], g: VolumeGeometry): Array<[number, number]> {
  return runSteps(overlapCandidatesSteps(marks, g));
}

/** Items handled between two pauses of the grouping's steps (a power of two). */
const STEP_ITEMS = 256;
const pauseAt = (i: number): boolean => (i & (STEP_ITEMS - 1)) === STEP_ITEMS - 1;

function* overlapCandidatesSteps(marks: readonly LesionMark[], g: VolumeGeometry): Steps<Array<[number, number]>> {
  const boxes: (Box | null)[] = new Array<Box | null>(marks.length);
  for (let i = 0; i < marks.length; i++) {
    boxes[i] = extentBox(extentOf(marks[i]!, g), g);
    if (pauseAt(i)) yield;
  }
  const grid = new BoxGrid(boxes);
  yield;
  return yield* grid.meetingPairsSteps();
}

const CATEGORY_RANK: Record<LesionCategory, number> = { nodule: 0, small: 1, 'non-nodule': 2 };
/** Which member names a lesion: LIDC marks first (they outline it), then LUNA16, then user marks. */
const SOURCE_RANK: Record<LesionMark['source'], number> = { 'lidc-xml': 0, 'luna-csv': 1, user: 2 };

/** A short stable key from a mark's ref (FNV-1a, 52 bits, base 36). */
export function lesionKeyOf(ref: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `L${((h1 & 0xfffff) * 2 ** 32 + h2).toString(36)}`;
}

export function groupLesions(marks: readonly LesionMark[], g: VolumeGeometry): LesionGroup[] {
  return runSteps(groupLesionsSteps(marks, g));
}

/**
 * groupLesions in steps that pause every few hundred marks, links or groups (see steps.ts):
 * a scan of 25k LUNA16 rows takes ~200 ms to group, too long to hold the host's event loop.
 */
export function* groupLesionsSteps(marks: readonly LesionMark[], g: VolumeGeometry): Steps<LesionGroup[]> {
  const links: Array<{ a: number; b: number; d: number }> = [];
  const candidates = yield* overlapCandidatesSteps(marks, g);
  for (let k = 0; k < candidates.length; k++) {
    if (pauseAt(k)) yield;
    const [a, b] = candidates[k]!;
    const ma = marks[a]!;
    const mb = marks[b]!;
    if (ma.reader === mb.reader) continue;
    if (!extentsOverlap(ma, mb, g)) continue;
    const d = dist(ma.center, mb.center);
    links.push({ a, b, d: Number.isFinite(d) ? d : Number.MAX_VALUE });
  }
  links.sort((p, q) => p.d - q.d || p.a - q.a || p.b - q.b);
  yield;

  const parent = marks.map((_, i) => i);
  const readers = marks.map((m) => new Set([m.reader]));
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let k = 0; k < links.length; k++) {
    if (pauseAt(k)) yield;
    const { a, b } = links[k]!;
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    const sa = readers[ra]!;
    const sb = readers[rb]!;
    let clash = false;
    for (const r of sb) if (sa.has(r)) clash = true;
    if (clash) continue;
    parent[rb] = ra;
    for (const r of sb) sa.add(r);
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < marks.length; i++) {
    if (pauseAt(i)) yield;
    const r = find(i);
    const list = groups.get(r);
    if (list) list.push(i);
    else groups.set(r, [i]);
  }

  const out: Array<{ key: string; category: LesionCategory; members: number[]; c: Vec3 }> = [];
  for (const members of groups.values()) {
    if (pauseAt(out.length)) yield;
    out.push(lesionOf(marks, members));
  }
  out.sort((p, q) => CATEGORY_RANK[p.category] - CATEGORY_RANK[q.category] || q.c[2] - p.c[2] || p.c[0] - q.c[0] || p.c[1] - q.c[1]);
  return out.map(({ key, category, members }) => ({ key, category, members }));
}

/** One lesion from its members: members ordered by source and reader, its key, category and mean centre (for ordering). */
function lesionOf(marks: readonly LesionMark[], members: number[]): { key: string; category: LesionCategory; members: number[]; c: Vec3 } {
  members.sort((p, q) => SOURCE_RANK[marks[p]!.source] - SOURCE_RANK[marks[q]!.source] || (marks[p]!.reader < marks[q]!.reader ? -1 : marks[p]!.reader > marks[q]!.reader ? 1 : 0) || p - q);
  const category = members.map((i) => markCategory(marks[i]!.kind)).reduce((best, c) => (CATEGORY_RANK[c] < CATEGORY_RANK[best] ? c : best), 'non-nodule' as LesionCategory);
  const anchor = [...members].sort((p, q) => SOURCE_RANK[marks[p]!.source] - SOURCE_RANK[marks[q]!.source] || (marks[p]!.ref < marks[q]!.ref ? -1 : marks[p]!.ref > marks[q]!.ref ? 1 : 0))[0]!;
  const c: Vec3 = [0, 0, 0];
  for (const i of members) for (let k = 0; k < 3; k++) c[k] = c[k]! + marks[i]!.center[k]! / members.length;
  return { key: lesionKeyOf(marks[anchor]!.ref), category, members, c };
}
