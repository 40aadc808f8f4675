import type { Vec3 } from '../../../common/geometry';
import { type SparseMask, masksOverlap } from './sparse-mask';

/**
 * Groups the readers' marks into physical nodules.
 *
 * LIDC readers mark nodules independently, so the same nodule appears up to once per
 * reading session under unrelated ids. Two marks of DIFFERENT sessions may join when
 * (contoured marks) their centres are within max(`minDistanceMm`, half the larger equivalent
 * diameter) or their masks share a voxel, or (small marks, < 3 mm points) their points are
 * within `smallDistanceMm`. Candidate links are taken greedily, closest first; a link merges
 * two groups only if no session would then appear twice, so a reader contributes at most one
 * mark per cluster. Small and contoured marks never join each other (as in pylidc, which
 * clusters only the ≥ 3 mm annotations).
 *
 * Clusters come out ordered by more marks first, then by world z, x, y of their mean centre;
 * member lists are ordered by session.
 */

export interface ReaderMark {
  /** 0-based reading-session index: the identity of "a reader" here (reader ids may repeat). */
  session: number;
  readerId: string;
  noduleId: string;
  small: boolean;
  centerWorld: Vec3;
  /** Equivalent-sphere diameter of the mask (0 for small marks). */
  diameterMm: number;
  mask?: SparseMask;
}

export interface ClusterOptions {
  /** Floor of the centre-distance threshold for contoured marks (mm). Default 5. */
  minDistanceMm?: number;
  /** Centre-distance threshold for small (< 3 mm) marks (mm). Default 5. */
  smallDistanceMm?: number;
}

export interface ReaderCluster {
  small: boolean;
  /** Indices into the marks array given to `clusterReaderMarks`, ordered by session. */
  members: number[];
}

const dist = (a: Vec3, b: Vec3): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

export function clusterReaderMarks(marks: readonly ReaderMark[], opts: ClusterOptions = {}): ReaderCluster[] {
  const minD = opts.minDistanceMm ?? 5;
  const smallD = opts.smallDistanceMm ?? 5;
  const links: Array<{ a: number; b: number; d: number }> = [];
  for (let a = 0; a < marks.length; a++) {
    const ma = marks[a]!;
    for (let b = a + 1; b < marks.length; b++) {
      const mb = marks[b]!;
      if (ma.session === mb.session || ma.small !== mb.small) continue;
      const d = dist(ma.centerWorld, mb.centerWorld);
      let linked: boolean;
      if (ma.small) linked = d <= smallD;
      else {
        const threshold = Math.max(minD, Math.max(ma.diameterMm, mb.diameterMm) / 2);
        linked = d <= threshold || (ma.mask !== undefined && mb.mask !== undefined && masksOverlap(ma.mask, mb.mask));
      }
      // NaN distances (a mark without a centre) never link.
      if (linked && !Number.isNaN(d)) links.push({ a, b, d });
      else if (linked && ma.mask && mb.mask) links.push({ a, b, d: Number.MAX_VALUE });
    }
  }
  links.sort((p, q) => p.d - q.d || p.a - q.a || p.b - q.b);

  // Union-find over marks; each root keeps the set of sessions in its group.
  const parent = marks.map((_, i) => i);
  const sessions = marks.map((m) => new Set([m.session]));
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (const { a, b } of links) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    const sa = sessions[ra]!;
    const sb = sessions[rb]!;
    let clash = false;
    for (const s of sb) if (sa.has(s)) clash = true;
    if (clash) continue;
    parent[rb] = ra;
    for (const s of sb) sa.add(s);
  }

  const groups = new Map<number, number[]>();
  marks.forEach((_, i) => {
    const r = find(i);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(i);
  });
  const mean = (idx: number[]): Vec3 => {
    const s: Vec3 = [0, 0, 0];
    for (const i of idx) for (let c = 0; c < 3; c++) s[c] = s[c]! + marks[i]!.centerWorld[c]! / idx.length;
    return s;
  };
  const out = [...groups.values()].map((members) => {
    members.sort((p, q) => marks[p]!.session - marks[q]!.session);
    return { small: marks[members[0]!]!.small, members, c: mean(members) };
  });
  out.sort((p, q) => q.members.length - p.members.length || p.c[2] - q.c[2] || p.c[0] - q.c[0] || p.c[1] - q.c[1]);
  return out.map(({ small, members }) => ({ small, members }));
}
