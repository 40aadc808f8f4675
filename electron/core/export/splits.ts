import type { ExportSplit } from '../../common/contract/export';
import { mixSeed, mulberry32 } from '../phantom/prng';

/** One patient to place: every case of a patient goes where its patient goes. */
export interface SplitUnit {
  /** The patient (the unit of the split: no patient is ever in two splits). */
  key: string;
  /** Its stratum, e.g. 'lesion/malignant' (see `stratumOf`); units of one stratum are spread evenly. */
  stratum: string;
}

/** Where a patient goes: 'train' | 'validation' | 'test', or 'fold-N' with N its (0-based) validation fold. */
export interface SplitAssignment {
  split: string;
  fold: number | null;
}

/**
 * The LIDC malignancy class of a set of ratings (1–5, one per reader): the median rating
 * ≥ 4 is 'malignant', ≤ 3 'benign'; no ratings is 'none'. An even count takes the mean of
 * the two middle ratings (3.5 counts as malignant, as LIDC studies that threshold at 3.5 do).
 */
export function malignancyClass(ratings: readonly number[]): 'malignant' | 'benign' | 'none' {
  if (!ratings.length) return 'none';
  const s = [...ratings].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return m >= 3.5 ? 'malignant' : 'benign';
}

/**
 * A patient's stratum from its positive lesions' ratings (one array per lesion): 'none' when
 * it has no positive lesion, else 'lesion/<worst class>' (malignant over benign over none).
 */
export function stratumOf(lesionRatings: readonly (readonly number[])[]): string {
  if (!lesionRatings.length) return 'none';
  const classes = lesionRatings.map(malignancyClass);
  const worst = classes.includes('malignant') ? 'malignant' : classes.includes('benign') ? 'benign' : 'unrated';
  return `lesion/${worst}`;
}

/**
 * Places patients into k folds or train/validation/test shares, stratified and seeded.
 *
 * Deterministic: units are sorted by key, grouped by stratum (strata in sorted order), each
 * stratum shuffled by a mulberry32 stream of `seed`, then dealt one by one into the bin
 * whose share is furthest behind its target (p_b·(t+1) − count_b, ties to the lower bin).
 * Dealing carries on across strata, so each stratum is spread over the bins within one
 * patient of its proportional share and the totals stay within one of the shares: with k
 * folds that is round robin; with 70/15/15 and 20 patients it is 14/3/3. A bin of share 0
 * gets nobody. The same units, split and seed always give the same assignment.
 */
export function assignSplits(units: readonly SplitUnit[], split: ExportSplit, seed: number): Map<string, SplitAssignment> {
  const byKey = new Map<string, string>();
  for (const u of units) if (!byKey.has(u.key)) byKey.set(u.key, u.stratum);
  const strata = new Map<string, string[]>();
  for (const key of [...byKey.keys()].sort()) {
    const s = byKey.get(key)!;
    strata.set(s, [...(strata.get(s) ?? []), key]);
  }
  const rand = mulberry32(mixSeed(seed, 0x5e11));
  const sequence: string[] = [];
  for (const s of [...strata.keys()].sort()) {
    const keys = strata.get(s)!;
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    sequence.push(...keys);
  }
  const bins: SplitAssignment[] =
    split.kind === 'folds'
      ? Array.from({ length: split.k }, (_, f) => ({ split: `fold-${f}`, fold: f }))
      : [{ split: 'train', fold: null }, { split: 'validation', fold: null }, { split: 'test', fold: null }];
  const shares = split.kind === 'folds' ? bins.map(() => 1 / split.k) : [split.train / 100, split.validation / 100, split.test / 100];
  const counts = bins.map(() => 0);
  const out = new Map<string, SplitAssignment>();
  sequence.forEach((key, t) => {
    let best = -1;
    let bestDeficit = -Infinity;
    for (let b = 0; b < bins.length; b++) {
      if (shares[b]! <= 0) continue;
      const deficit = shares[b]! * (t + 1) - counts[b]!;
      if (deficit > bestDeficit + 1e-9) {
        best = b;
        bestDeficit = deficit;
      }
    }
    counts[best]!++;
    out.set(key, { ...bins[best]! });
  });
  return out;
}
