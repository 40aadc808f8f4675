/**
 * HU → 8-bit grey through a display window, the viewer's formula: lower = level − width/2,
 * upper = level + width/2, linear between, clamped outside (Cornerstone's linear VOI with
 * voiRangeOf's bounds). Inverted is 255 − grey.
 */

export interface GreyWindow {
  width: number;
  level: number;
}

/** Narrowest window drawn; a zero or negative width becomes a threshold at the level. */
const MIN_WIDTH = 1;

/**
 * The window as a linear map grey = clamp((hu − lower) · scale, 0, 255), precomputed once
 * per montage so the per-pixel work is one multiply.
 */
export interface GreyMap {
  lower: number;
  upper: number;
  scale: number;
  invert: boolean;
}

export function greyMap(w: GreyWindow, invert: boolean): GreyMap {
  const width = Number.isFinite(w.width) && w.width >= MIN_WIDTH ? w.width : MIN_WIDTH;
  const level = Number.isFinite(w.level) ? w.level : 0;
  const lower = level - width / 2;
  const upper = level + width / 2;
  return { lower, upper, scale: 255 / (upper - lower), invert };
}

/** Grey 0..255 (whole) of an HU value; `hu` may be a box average, not a whole number. */
export function toGrey(hu: number, m: GreyMap): number {
  let g: number;
  if (hu <= m.lower) g = 0;
  else if (hu >= m.upper) g = 255;
  else g = Math.round((hu - m.lower) * m.scale);
  return m.invert ? 255 - g : g;
}
