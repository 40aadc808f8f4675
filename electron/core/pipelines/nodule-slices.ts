import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { worldToVoxel } from '../volume/volume';

/**
 * The LUNA16 tutorial's nodule training samples: the three axial slices around a nodule's
 * centre on the scan's own grid, with a mask per slice. Two masks are made:
 *
 * - `masks`: pixels whose centre lies within the nodule's RADIUS (diameter / 2) of its
 *   world centre, indexed directly (the corrected construction);
 * - `masksSeed`: the tutorial's `make_mask` as written, kept for users who must reproduce
 *   published results: the test is distance ≤ DIAMETER (a slip in that code), searched in a
 *   box of ±(int(d/s_x + 5) + 5) pixels, and each pixel written back at
 *   int((p − origin) / spacing), which lands one pixel low for some columns and rows when the
 *   spacing is not exact in binary (empty stripes and doubled pixels).
 *
 * Like the tutorial it assumes an axis-aligned grid (identity direction): world = origin +
 * spacing · index. Matches seed_pipeline.nodule_slices (../shared/conformance/cases/nodule_mask)
 * voxel for voxel.
 */
export interface NoduleSlices {
  /** Slice indices used (clipped to the volume, so a nodule at the first or last slice repeats one). */
  slices: [number, number, number];
  /** HU of the three slices, (3, ny, nx) x-fastest. */
  images: Int16Array;
  masks: Uint8Array;
  masksSeed: Uint8Array;
}

export function noduleSlices(hu: Int16Array, g: Pick<VolumeGeometry, 'dims' | 'spacing' | 'origin'>, center: Vec3, diameterMm: number): NoduleSlices {
  const [nx, ny, nz] = g.dims;
  const plane = nx * ny;
  const vcz = rint((center[2] - g.origin[2]) / g.spacing[2]);
  const zc = Math.trunc(vcz);
  const slices = [zc - 1, zc, zc + 1].map((z) => Math.min(nz - 1, Math.max(0, z))) as [number, number, number];
  const images = new Int16Array(3 * plane);
  const masks = new Uint8Array(3 * plane);
  const masksSeed = new Uint8Array(3 * plane);
  slices.forEach((iz, i) => {
    const z = iz * g.spacing[2] + g.origin[2];
    makeMaskSeed(masksSeed.subarray(i * plane, (i + 1) * plane), center, diameterMm, z, nx, ny, g.spacing, g.origin);
    makeMaskCorrected(masks.subarray(i * plane, (i + 1) * plane), center, diameterMm, z, nx, ny, g.spacing, g.origin);
    images.set(hu.subarray(iz * plane, (iz + 1) * plane), i * plane);
  });
  return { slices, images, masks, masksSeed };
}

/**
 * The same three slices and images for a nodule that has its own mask (a reviewed lesion):
 * `masks` are its `voxels` (flat indices on the volume's grid) on those slices; there is no
 * seed variant. The centre slice comes from the full direction matrix (`worldToVoxel`,
 * rounded half to even), which is `noduleSlices`' choice on an axis-aligned grid.
 */
export function noduleSlicesOfVoxels(hu: Int16Array, g: VolumeGeometry, center: Vec3, voxels: Uint32Array): Omit<NoduleSlices, 'masksSeed'> {
  const [nx, ny, nz] = g.dims;
  const plane = nx * ny;
  const zc = Math.trunc(rint(worldToVoxel(g, center)[2]));
  const slices = [zc - 1, zc, zc + 1].map((z) => Math.min(nz - 1, Math.max(0, z))) as [number, number, number];
  const images = new Int16Array(3 * plane);
  const masks = new Uint8Array(3 * plane);
  slices.forEach((iz, i) => images.set(hu.subarray(iz * plane, (iz + 1) * plane), i * plane));
  for (let n = 0; n < voxels.length; n++) {
    const v = voxels[n]!;
    const z = Math.floor(v / plane);
    // A slice clipped at the volume's edge appears twice, and so does its mask.
    for (let i = 0; i < 3; i++) if (slices[i] === z) masks[i * plane + v - z * plane] = 1;
  }
  return { slices, images, masks };
}

/** numpy.rint: round half to even. */
function rint(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function makeMaskSeed(mask: Uint8Array, center: Vec3, diam: number, z: number, width: number, height: number, spacing: Vec3, origin: Vec3): void {
  const vcx = (center[0] - origin[0]) / spacing[0];
  const vcy = (center[1] - origin[1]) / spacing[1];
  const vDiam = Math.trunc(diam / spacing[0] + 5);
  const xmin = Math.max(0, Math.trunc(vcx - vDiam) - 5);
  const xmax = Math.min(width - 1, Math.trunc(vcx + vDiam) + 5);
  const ymin = Math.max(0, Math.trunc(vcy - vDiam) - 5);
  const ymax = Math.min(height - 1, Math.trunc(vcy + vDiam) + 5);
  for (let vx = xmin; vx <= xmax; vx++) {
    for (let vy = ymin; vy <= ymax; vy++) {
      const px = spacing[0] * vx + origin[0];
      const py = spacing[1] * vy + origin[1];
      const dx = center[0] - px;
      const dy = center[1] - py;
      const dz = center[2] - z;
      if (Math.sqrt(dx * dx + dy * dy + dz * dz) <= diam) {
        const row = Math.trunc((py - origin[1]) / spacing[1]);
        const col = Math.trunc((px - origin[0]) / spacing[0]);
        if (row >= 0 && row < height && col >= 0 && col < width) mask[row * width + col] = 1;
      }
    }
  }
}

function makeMaskCorrected(mask: Uint8Array, center: Vec3, diam: number, z: number, width: number, height: number, spacing: Vec3, origin: Vec3): void {
  const r = diam / 2;
  const vcx = (center[0] - origin[0]) / spacing[0];
  const vcy = (center[1] - origin[1]) / spacing[1];
  const x0 = Math.max(0, Math.floor(vcx - r / spacing[0]) - 1);
  const x1 = Math.min(width - 1, Math.ceil(vcx + r / spacing[0]) + 1);
  const y0 = Math.max(0, Math.floor(vcy - r / spacing[1]) - 1);
  const y1 = Math.min(height - 1, Math.ceil(vcy + r / spacing[1]) + 1);
  if (x0 > x1 || y0 > y1) return;
  const dz = center[2] - z;
  for (let vy = y0; vy <= y1; vy++) {
    const py = spacing[1] * vy + origin[1];
    const dy = center[1] - py;
    for (let vx = x0; vx <= x1; vx++) {
      const px = spacing[0] * vx + origin[0];
      const dx = center[0] - px;
      mask[vy * width + vx] = Math.sqrt(dx * dx + dy * dy + dz * dz) <= r ? 1 : 0;
    }
  }
}
