import type { Vec3 } from '../../common/geometry';

export interface NoduleMark {
  source: string;
  kind: string;
  center: Vec3;
  diameterMm: number | null;
}

/**
 * How many physical nodules a scan has: LIDC consensus nodules, plus LUNA16 rows and user
 * marks that do not lie on one already counted (LUNA16's nodules are LIDC reader consensus,
 * so a scan in both datasets lists most nodules twice). Two marks are the same nodule when
 * their centres are closer than the larger radius, or 5 mm for small ones.
 */
export function countPhysicalNodules(marks: readonly NoduleMark[]): number {
  const counted: NoduleMark[] = [];
  const order = (m: NoduleMark) => (m.kind === 'consensus' ? 0 : m.source === 'luna-csv' ? 1 : 2);
  for (const m of [...marks].filter((x) => x.kind === 'consensus' || x.kind === 'nodule').sort((a, b) => order(a) - order(b))) {
    const same = counted.some((c) => {
      const d = Math.hypot(m.center[0] - c.center[0], m.center[1] - c.center[1], m.center[2] - c.center[2]);
      return d < Math.max(5, (m.diameterMm ?? 0) / 2, (c.diameterMm ?? 0) / 2);
    });
    if (!same) counted.push(m);
  }
  return counted.length;
}
