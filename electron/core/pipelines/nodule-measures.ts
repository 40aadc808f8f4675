import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { boxDims, type BoxMask } from '../volume/box-mask';
import { voxelToWorld } from '../volume/volume';

/** What a report gives for a segmented nodule. */
export interface NoduleMeasures {
  voxels: number;
  volumeMm3: number;
  /** Diameter of the sphere of the same volume. */
  equivalentDiameterMm: number;
  /**
   * In the axial slice with the largest cross-section: the longest diameter and the longest
   * one perpendicular to it (RECIST / Fleischner style long and short axes), pixel centres
   * plus one pixel so a single pixel measures its size.
   */
  longAxisMm: number;
  shortAxisMm: number;
  /** Centroid of the mask, world LPS mm; null when the mask is empty. */
  centroid: Vec3 | null;
}

/** Volume, equivalent diameter, axial axes and centroid of a box mask on grid `g`. */
export function measureNodule(m: BoxMask, g: VolumeGeometry): NoduleMeasures {
  const [bx, by, bz] = boxDims(m.box);
  let voxels = 0;
  let sx = 0, sy = 0, sz = 0;
  const sliceArea = new Int32Array(bz);
  for (let z = 0, i = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      for (let x = 0; x < bx; x++, i++) {
        if (!m.mask[i]) continue;
        voxels++;
        sx += x;
        sy += y;
        sz += z;
        sliceArea[z]!++;
      }
    }
  }
  const volumeMm3 = voxels * g.spacing[0] * g.spacing[1] * g.spacing[2];
  let bestZ = 0;
  for (let z = 1; z < bz; z++) if (sliceArea[z]! > sliceArea[bestZ]!) bestZ = z;
  const axes = voxels ? axialAxes(m.mask, bx, by, bestZ, g.spacing) : { long: 0, short: 0 };
  return {
    voxels,
    volumeMm3,
    equivalentDiameterMm: Math.cbrt((6 * volumeMm3) / Math.PI),
    longAxisMm: axes.long,
    shortAxisMm: axes.short,
    centroid: voxels ? voxelToWorld(g, [sx / voxels + m.box.x0, sy / voxels + m.box.y0, sz / voxels + m.box.z0]) : null,
  };
}

/**
 * Longest in-plane diameter of one slice's region and the longest one perpendicular to it (mm).
 * The longest chord joins two boundary pixels, so only those are paired (the pair loop stays
 * small for any nodule); the perpendicular extent is taken over every pixel.
 */
function axialAxes(mask: Uint8Array, bx: number, by: number, z: number, spacing: Vec3): { long: number; short: number } {
  const all: [number, number][] = [];
  const edge: [number, number][] = [];
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < bx && y < by && mask[x + bx * (y + by * z)] === 1;
  for (let y = 0; y < by; y++) {
    for (let x = 0; x < bx; x++) {
      if (!at(x, y)) continue;
      const p: [number, number] = [x * spacing[0], y * spacing[1]];
      all.push(p);
      if (!at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1)) edge.push(p);
    }
  }
  let long = 0;
  let dir: [number, number] = [1, 0];
  for (let i = 0; i < edge.length; i++) {
    for (let j = i + 1; j < edge.length; j++) {
      const d = Math.hypot(edge[i]![0] - edge[j]![0], edge[i]![1] - edge[j]![1]);
      if (d > long) {
        long = d;
        dir = [(edge[j]![0] - edge[i]![0]) / d, (edge[j]![1] - edge[i]![1]) / d];
      }
    }
  }
  const perp: [number, number] = [-dir[1], dir[0]];
  let mn = Infinity, mx = -Infinity;
  for (const [x, y] of all) {
    const t = x * perp[0] + y * perp[1];
    mn = Math.min(mn, t);
    mx = Math.max(mx, t);
  }
  const px = Math.min(spacing[0], spacing[1]);
  return { long: long + px, short: all.length ? mx - mn + px : 0 };
}
