import type { RleMaskWire } from '../../../../electron/common/contract';

/** A lesion outline decoded on its box: 0/1 voxels, x fastest. */
export interface BoxMask {
  bbox: RleMaskWire['bbox'];
  w: number;
  h: number;
  d: number;
  mask: Uint8Array;
}

/**
 * Reads the contract's run-length masks (alternating runs, 0s first, over the box x fastest:
 * electron/core/review/mask-rle.ts writes them). Runs that overflow the box are cut at its
 * end: the drawing shows what fits rather than nothing.
 */
export function decodeRle(r: RleMaskWire): BoxMask {
  const w = r.bbox.x1 - r.bbox.x0 + 1;
  const h = r.bbox.y1 - r.bbox.y0 + 1;
  const d = r.bbox.z1 - r.bbox.z0 + 1;
  const n = Math.max(0, w * h * d);
  const mask = new Uint8Array(n);
  let at = 0;
  let v = 0;
  for (const run of r.runs) {
    const end = Math.min(n, at + run);
    if (v) mask.fill(1, at, end);
    at = end;
    v ^= 1;
    if (at >= n) break;
  }
  return { bbox: r.bbox, w, h, d, mask };
}
