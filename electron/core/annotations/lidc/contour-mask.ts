import type { VolumeGeometry } from '../../../common/geometry';
import type { LidcPoint, LidcRoi } from './parse-lidc-xml';
import { type MaskStats, type SparseMask, cropToContent, maskStats } from './sparse-mask';

/**
 * Rasterises one reader's LIDC contours onto a scan's voxel grid.
 *
 * Conventions (LIDC documentation, "edge map"): edgeMap points are pixel centres (column x,
 * row y) of the nodule's OUTER boundary, and those boundary pixels belong to the nodule. So an
 * inclusion roi sets (a) every pixel whose centre is inside the polygon by the even-odd rule
 * (PNPOLY: a pixel centre exactly on an edge may fall either way) and (b) every pixel on the
 * polygon's edges, drawn with Bresenham, last point joined to the first. An exclusion roi
 * (inclusion=FALSE) outlines a hole: its strictly inner pixels (inside, not on its drawn
 * boundary, since those boundary pixels are nodule by the same convention) are cleared from
 * the union of that slice's inclusion rois. Slices are handled one by one; rois on the same
 * slice are combined as union-of-inclusions minus exclusions.
 *
 * A roi is placed on slice k by its imageSOP_UID when `sopToSlice` knows it, otherwise by
 * imageZposition: nearest entry of `slicePositionsZ` within half a slice spacing, or, without
 * positions, by solving the geometry's world z for k at the roi's first point (any direction
 * matrix whose slice axis has a z component). A roi that fits no slice, or whose points leave
 * the image, is skipped with a warning, never an exception.
 */

export interface SliceLocator {
  geometry: VolumeGeometry;
  /** SOPInstanceUID → slice index k (0-based, the volume's z order). */
  sopToSlice?: ReadonlyMap<string, number>;
  /** World z (ImagePositionPatient[2], mm) of each slice k. */
  slicePositionsZ?: readonly number[];
}

export interface RasterizedNodule extends MaskStats {
  /** Undefined when no voxel was set (every roi skipped or empty). */
  mask: SparseMask | undefined;
  warnings: string[];
}

/** Even-odd point-in-polygon (PNPOLY); the polygon is closed implicitly. */
export function pointInPolygon(px: number, py: number, poly: readonly LidcPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Sets `value` in `out` (a w×h raster whose pixel (0,0) is image pixel (ox, oy)) at every
 * pixel centre inside `poly` by the same rule as `pointInPolygon`, one scanline at a time.
 */
export function fillPolygonInterior(poly: readonly LidcPoint[], out: Uint8Array, ox: number, oy: number, w: number, h: number, value: number): void {
  if (poly.length < 3) return;
  const xs: number[] = [];
  for (let r = 0; r < h; r++) {
    const py = oy + r;
    xs.length = 0;
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i]!;
      const [xj, yj] = poly[j]!;
      if (yi > py !== yj > py) xs.push(((xj - xi) * (py - yi)) / (yj - yi) + xi);
    }
    if (xs.length === 0) continue;
    xs.sort((a, b) => a - b);
    // Pixel px is inside when an odd number of crossings lie strictly right of it.
    let le = 0;
    for (let c = 0; c < w; c++) {
      const px = ox + c;
      while (le < xs.length && xs[le]! <= px) le++;
      if ((xs.length - le) & 1) out[c + w * r] = value;
    }
  }
}

/** Sets `value` on the closed polyline through `poly` (Bresenham), same raster as above. */
export function drawPolygonBoundary(poly: readonly LidcPoint[], out: Uint8Array, ox: number, oy: number, w: number, h: number, value: number): void {
  const put = (x: number, y: number): void => {
    const c = x - ox;
    const r = y - oy;
    if (c >= 0 && c < w && r >= 0 && r < h) out[c + w * r] = value;
  };
  if (poly.length === 0) return;
  if (poly.length === 1) {
    put(Math.round(poly[0]![0]), Math.round(poly[0]![1]));
    return;
  }
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    let x0 = Math.round(a[0]);
    let y0 = Math.round(a[1]);
    const x1 = Math.round(b[0]);
    const y1 = Math.round(b[1]);
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      put(x0, y0);
      if (x0 === x1 && y0 === y1) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }
}

/** Slice index k of a roi, or a reason it has none. */
export function locateSlice(roi: Pick<LidcRoi, 'imageZposition' | 'imageSop' | 'edgeMap'>, loc: SliceLocator): { k: number } | { reason: string } {
  const nz = loc.geometry.dims[2];
  if (roi.imageSop && loc.sopToSlice) {
    const k = loc.sopToSlice.get(roi.imageSop);
    if (k !== undefined && Number.isInteger(k) && k >= 0 && k < nz) return { k };
  }
  const z = roi.imageZposition;
  if (!Number.isFinite(z)) return { reason: 'imageZposition is not a number' };
  const half = Math.abs(loc.geometry.spacing[2]) / 2 + 1e-3;
  if (loc.slicePositionsZ && loc.slicePositionsZ.length > 0) {
    let best = -1;
    let bestD = Infinity;
    loc.slicePositionsZ.forEach((p, k) => {
      const d = Math.abs(p - z);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    if (best >= 0 && best < nz && bestD <= half) return { k: best };
    return { reason: `imageZposition ${z} mm is ${bestD.toFixed(2)} mm from the nearest slice (more than half a slice spacing)` };
  }
  // world z = o_z + d6·i·sx + d7·j·sy + d8·k·sz, solved for k at the roi's first point.
  const g = loc.geometry;
  const d = g.direction;
  const dk = d[8]! * g.spacing[2];
  if (Math.abs(dk) < 1e-6) return { reason: 'the slice axis has no z component, imageZposition cannot place the roi' };
  const [x, y] = roi.edgeMap[0] ?? [0, 0];
  const k = (z - g.origin[2] - d[6]! * x * g.spacing[0] - d[7]! * y * g.spacing[1]) / dk;
  const kr = Math.round(k);
  if (kr < 0 || kr >= nz) return { reason: `imageZposition ${z} mm lies outside the scan (slice ${k.toFixed(2)} of 0..${nz - 1})` };
  return { k: kr };
}

/** A roi placed on slice k of the scan grid: what rasterising needs, and what the index stores. */
export interface LocatedRoi {
  k: number;
  inclusion: boolean;
  edgeMap: LidcPoint[];
}

/**
 * Places each roi of one reader's nodule on a slice (see the module comment); rois outside
 * the image or off every slice are left out with a warning. `label` prefixes the warnings.
 */
export function locateRois(rois: readonly LidcRoi[], loc: SliceLocator, label = ''): { located: LocatedRoi[]; warnings: string[] } {
  const warnings: string[] = [];
  const located: LocatedRoi[] = [];
  const [nx, ny] = loc.geometry.dims;
  const prefix = label ? `${label}: ` : '';
  rois.forEach((roi, idx) => {
    if (roi.edgeMap.length === 0) return;
    const off = roi.edgeMap.find(([x, y]) => !(x >= 0 && x <= nx - 1 && y >= 0 && y <= ny - 1));
    if (off) {
      warnings.push(`${prefix}roi ${idx} has point (${off[0]}, ${off[1]}) outside the ${nx}×${ny} image, skipped`);
      return;
    }
    const at = locateSlice(roi, loc);
    if ('reason' in at) {
      warnings.push(`${prefix}roi ${idx} skipped: ${at.reason}`);
      return;
    }
    located.push({ k: at.k, inclusion: roi.inclusion, edgeMap: roi.edgeMap });
  });
  return { located, warnings };
}

/**
 * Rasterises the rois of one reader's nodule (see the module comment). `label` prefixes the
 * warnings (e.g. "reader 1 nodule 3").
 */
export function rasterizeRois(rois: readonly LidcRoi[], loc: SliceLocator, label = ''): RasterizedNodule {
  const { located, warnings } = locateRois(rois, loc, label);
  const r = rasterizeLocatedRois(located, loc.geometry, label);
  return { ...r, warnings: [...warnings, ...r.warnings] };
}

/** Rasterises rois already placed on slices (the union of inclusions minus exclusions, slice by slice). */
export function rasterizeLocatedRois(rois: readonly LocatedRoi[], geometry: VolumeGeometry, label = ''): RasterizedNodule {
  const warnings: string[] = [];
  const prefix = label ? `${label}: ` : '';
  const bySlice = new Map<number, { inc: LocatedRoi[]; exc: LocatedRoi[] }>();
  for (const roi of rois) {
    if (roi.edgeMap.length === 0 || !(roi.k >= 0 && roi.k < geometry.dims[2])) continue;
    let s = bySlice.get(roi.k);
    if (!s) bySlice.set(roi.k, (s = { inc: [], exc: [] }));
    (roi.inclusion ? s.inc : s.exc).push(roi);
  }

  // Box over all inclusion points (boundary pixels included, so the fill never leaves it).
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (const [k, s] of bySlice) {
    if (s.inc.length === 0) continue;
    z0 = Math.min(z0, k);
    z1 = Math.max(z1, k);
    for (const r of s.inc) {
      for (const [x, y] of r.edgeMap) {
        x0 = Math.min(x0, Math.floor(x));
        x1 = Math.max(x1, Math.ceil(x));
        y0 = Math.min(y0, Math.floor(y));
        y1 = Math.max(y1, Math.ceil(y));
      }
    }
  }
  if (!(x1 >= x0)) {
    if (bySlice.size > 0) warnings.push(`${prefix}only exclusion contours, nothing to fill`);
    return { mask: undefined, warnings, ...maskStats({ bbox: { x0: 0, y0: 0, z0: 0, x1: 0, y1: 0, z1: 0 }, mask: new Uint8Array(1) }, geometry) };
  }
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const dpt = z1 - z0 + 1;
  const mask = new Uint8Array(w * h * dpt);
  const plane = new Uint8Array(w * h);
  const hole = new Uint8Array(w * h);
  for (const [k, s] of bySlice) {
    if (s.inc.length === 0) {
      warnings.push(`${prefix}slice ${k} has only exclusion contours, ignored`);
      continue;
    }
    plane.fill(0);
    for (const r of s.inc) {
      fillPolygonInterior(r.edgeMap, plane, x0, y0, w, h, 1);
      drawPolygonBoundary(r.edgeMap, plane, x0, y0, w, h, 1);
    }
    for (const r of s.exc) {
      hole.fill(0);
      fillPolygonInterior(r.edgeMap, hole, x0, y0, w, h, 1);
      drawPolygonBoundary(r.edgeMap, hole, x0, y0, w, h, 0);
      for (let n = 0; n < plane.length; n++) if (hole[n]) plane[n] = 0;
    }
    mask.set(plane, w * h * (k - z0));
  }
  const cropped = cropToContent({ bbox: { x0, y0, z0, x1, y1, z1 }, mask });
  const empty = { bbox: { x0: 0, y0: 0, z0: 0, x1: 0, y1: 0, z1: 0 }, mask: new Uint8Array(1) };
  return { mask: cropped, warnings, ...maskStats(cropped ?? empty, geometry) };
}
