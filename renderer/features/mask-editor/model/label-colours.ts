import type { MaskLabel } from '../../../../electron/common/contract';

/** Lung blue as the overlays draw it; nodule labels take the next colour of this palette. */
const LUNG: readonly [number, number, number, number] = [60, 140, 255, 255];
const NODULES: readonly (readonly [number, number, number, number])[] = [
  [255, 150, 40, 255],
  [240, 220, 40, 255],
  [230, 60, 200, 255],
  [60, 220, 120, 255],
  [250, 90, 90, 255],
  [150, 110, 255, 255],
];

/** One RGBA per label value 0..max (0 transparent): lung labels blue, others by palette. */
export function labelColours(labels: readonly MaskLabel[]): [number, number, number, number][] {
  const max = Math.max(1, ...labels.map((l) => l.value));
  const out: [number, number, number, number][] = [[0, 0, 0, 0]];
  for (let v = 1; v <= max; v++) {
    const l = labels.find((x) => x.value === v);
    out.push([...(l?.kind === 'lung' || (!l && v === 1) ? LUNG : NODULES[(v - 2 + NODULES.length) % NODULES.length]!)]);
  }
  return out;
}

/** "#3c8cff" for a label's swatch in the picker. */
export function labelCss(labels: readonly MaskLabel[], value: number): string {
  const c = labelColours(labels)[value] ?? [128, 128, 128, 255];
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
