import type { Lesion, MaskLabel } from '../../../../electron/common/contract';

/** The values present in a labelmap (1..255), ascending. */
export function valuesPresent(labels: Uint8Array): number[] {
  const seen = new Uint8Array(256);
  for (let i = 0; i < labels.length; i++) seen[labels[i]!] = 1;
  const out: number[] = [];
  for (let v = 1; v < 256; v++) if (seen[v]) out.push(v);
  return out;
}

/** "Lesion 2 (nodule)": a lesion label's name. */
const lesionName = (l: Pick<Lesion, 'ordinal' | 'category'>): string => `lesion ${l.ordinal}${l.category === 'nodule' ? '' : ` (${l.category})`}`;

/**
 * The labels an editing session offers: the version's own labels when it declares them,
 * else one per value present (1 is the lung for a lung mask, a nodule otherwise), then one
 * label per review lesion of the scan that has none yet (each linked by its lesion key), on
 * the next free values. A lung mask always offers the lung label; a nodule mask never does,
 * and one on a scan without lesions offers a single nodule label.
 */
export function sessionLabels(kind: string, declared: readonly MaskLabel[], present: readonly number[], lesions: readonly Pick<Lesion, 'key' | 'ordinal' | 'category'>[]): MaskLabel[] {
  const out: MaskLabel[] = declared.map((l) => ({ ...l }));
  const lungKind = kind.startsWith('lung');
  for (const v of present) {
    if (out.some((l) => l.value === v)) continue;
    out.push(v === 1 && lungKind ? { value: 1, name: 'lung', kind: 'lung' } : { value: v, name: kind === 'nodules' ? `nodule ${v}` : `label ${v}`, kind: kind === 'nodules' ? 'nodule' : 'other' });
  }
  if (lungKind && !out.some((l) => l.kind === 'lung')) out.push({ value: out.some((l) => l.value === 1) ? nextFree(out) : 1, name: 'lung', kind: 'lung' });
  for (const lesion of lesions) {
    if (out.some((l) => l.lesionKey === lesion.key)) continue;
    const value = nextFree(out);
    if (value > 255) break;
    out.push({ value, name: lesionName(lesion), kind: 'nodule', lesionKey: lesion.key });
  }
  // A nodule mask on a scan without lesions still needs something to paint.
  if (!out.length) out.push({ value: 1, name: kind === 'nodules' ? 'nodule 1' : 'label 1', kind: kind === 'nodules' ? 'nodule' : 'other' });
  return out.sort((a, b) => a.value - b.value);
}

function nextFree(labels: readonly MaskLabel[]): number {
  let v = 1;
  while (labels.some((l) => l.value === v)) v++;
  return v;
}

/**
 * The labels a save declares: those present in the mask now, plus those a session came with
 * (a label erased to nothing still says what its value meant).
 */
export function labelsToSave(labels: readonly MaskLabel[], present: readonly number[]): MaskLabel[] {
  return labels.filter((l) => present.includes(l.value) || !l.lesionKey);
}
