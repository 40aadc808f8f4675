import { describe, expect, it } from 'vitest';
import { assignSplits, malignancyClass, stratumOf, type SplitUnit } from '../../../../electron/core/export/splits';

const units = (n: number, stratum: (i: number) => string): SplitUnit[] =>
  Array.from({ length: n }, (_, i) => ({ key: `P${String(i).padStart(3, '0')}`, stratum: stratum(i) }));

const counts = (m: Map<string, { split: string }>, keys?: Set<string>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [k, a] of m) if (!keys || keys.has(k)) out[a.split] = (out[a.split] ?? 0) + 1;
  return out;
};

describe('patient-level splits', () => {
  it('deals k folds round robin: 23 patients in 5 folds are 5,5,5,4,4 and each patient is in exactly one fold', () => {
    const m = assignSplits(units(23, () => 'none'), { kind: 'folds', k: 5 }, 1);
    expect(m.size).toBe(23);
    expect(Object.values(counts(m)).sort()).toEqual([4, 4, 5, 5, 5]);
    for (const a of m.values()) expect(a.split).toBe(`fold-${a.fold}`);
  });

  it('gives 70/15/15 of 20 patients as 14/3/3 and a zero share to nobody', () => {
    expect(counts(assignSplits(units(20, () => 'none'), { kind: 'ratio', train: 70, validation: 15, test: 15 }, 3))).toEqual({ train: 14, validation: 3, test: 3 });
    expect(counts(assignSplits(units(9, () => 'none'), { kind: 'ratio', train: 80, validation: 20, test: 0 }, 3))).toEqual({ train: 7, validation: 2 });
  });

  it('spreads each stratum over the folds within one patient of its share', () => {
    const strata = ['none', 'lesion/benign', 'lesion/malignant', 'lesion/unrated'];
    const list = units(41, (i) => strata[i % 4]!);
    const m = assignSplits(list, { kind: 'folds', k: 4 }, 99);
    for (const s of strata) {
      const keys = new Set(list.filter((u) => u.stratum === s).map((u) => u.key));
      const c = Object.values(counts(m, keys));
      expect(Math.max(...c) - Math.min(...c), s).toBeLessThanOrEqual(1);
      expect(c.reduce((a, b) => a + b, 0)).toBe(keys.size);
    }
  });

  it('is the same for the same seed whatever the order the patients come in, and differs between seeds', () => {
    const list = units(30, (i) => (i % 3 ? 'none' : 'lesion/benign'));
    const a = assignSplits(list, { kind: 'folds', k: 5 }, 42);
    const b = assignSplits([...list].reverse(), { kind: 'folds', k: 5 }, 42);
    expect([...a].sort()).toEqual([...b].sort());
    const c = assignSplits(list, { kind: 'folds', k: 5 }, 43);
    expect([...a].sort()).not.toEqual([...c].sort());
  });

  it('places a patient listed twice (two scans) once', () => {
    const m = assignSplits([{ key: 'A', stratum: 'none' }, { key: 'A', stratum: 'none' }, { key: 'B', stratum: 'none' }], { kind: 'folds', k: 2 }, 1);
    expect(m.size).toBe(2);
  });

  it('classes LIDC malignancy by the median rating: ≥ 4 malignant, ≤ 3 benign (3.5 counts as malignant), none without ratings', () => {
    expect(malignancyClass([])).toBe('none');
    expect(malignancyClass([4, 5, 2])).toBe('malignant');
    expect(malignancyClass([1, 3, 5])).toBe('benign');
    expect(malignancyClass([3, 4])).toBe('malignant');
    expect(stratumOf([])).toBe('none');
    expect(stratumOf([[2, 2], [5, 4, 4]])).toBe('lesion/malignant');
    expect(stratumOf([[]])).toBe('lesion/unrated');
  });
});
