import { describe, expect, it } from 'vitest';
import {
  cameraCentredOn,
  cameraThrough,
  fitScale,
  huAt,
  indexToWorld,
  planeDistance,
  projectOntoPlane,
  sectionRadius,
  sliceCircle,
  voxelOf,
} from '../../../../renderer/features/viewport/model/slice-geometry';
import { worldToIndex } from '../../../../renderer/features/viewport/model/volume-input';

const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
// Voxel axis 0 → world -y, axis 1 → world +x, axis 2 → world +z (column j = axis j).
const rotated = [0, 1, 0, -1, 0, 0, 0, 0, 1];
const grid = { dims: [10, 20, 30] as [number, number, number], spacing: [0.5, 0.7, 2.5] as [number, number, number], origin: [-100, 50, -300] as [number, number, number], direction: rotated };

describe('indexToWorld / worldToIndex', () => {
  it('maps voxel 0 to the origin and steps by spacing along the direction columns', () => {
    expect(indexToWorld([0, 0, 0], grid)).toEqual([-100, 50, -300]);
    const p = indexToWorld([2, 0, 0], grid);
    expect(p[0]).toBeCloseTo(-100);
    expect(p[1]).toBeCloseTo(49);
    const q = indexToWorld([0, 1, 4], { ...grid, direction: identity });
    expect(q).toEqual([-100, 50.7, -290]);
  });

  it('round-trips a point through a rotated grid', () => {
    const ijk = [3.25, 7.5, 11];
    const back = worldToIndex(indexToWorld(ijk, grid), grid);
    back.forEach((v, a) => expect(v).toBeCloseTo(ijk[a]!));
  });
});

describe('voxelOf and huAt', () => {
  it('rounds to the nearest voxel and refuses points outside the grid', () => {
    expect(voxelOf(indexToWorld([4.4, 5.6, 0.2], grid), grid)).toEqual([4, 6, 0]);
    expect(voxelOf(indexToWorld([-0.6, 0, 0], grid), grid)).toBeNull();
    expect(voxelOf(indexToWorld([0, 0, 29.6], grid), grid)).toBeNull();
  });

  it('reads x-fastest voxels', () => {
    const dims = [3, 2, 2];
    const v = new Int16Array(12).map((_, i) => i * 10 - 50);
    expect(huAt(v, dims, [2, 1, 1])).toBe((2 + 3 * (1 + 2 * 1)) * 10 - 50);
  });
});

describe('planes and sections', () => {
  it('gives the signed distance to a plane and its foot point', () => {
    expect(planeDistance([1, 2, 7], [0, 0, 4], [0, 0, 1])).toBe(3);
    expect(projectOntoPlane([1, 2, 7], [0, 0, 4], [0, 0, -1])).toEqual([1, 2, 4]);
  });

  it('cuts a sphere in a circle of radius sqrt(r² − d²) and misses it beyond r', () => {
    expect(sectionRadius(5, 0)).toBe(5);
    expect(sectionRadius(5, 3)).toBe(4);
    expect(sectionRadius(5, -3)).toBe(4);
    expect(sectionRadius(5, 5)).toBe(0);
    expect(sectionRadius(5, 5.01)).toBeNull();
    expect(sectionRadius(0, 0)).toBeNull();
  });

  it('draws a sphere on an oblique-free coronal plane around the centre foot, with the section radius', () => {
    // Coronal plane y = 10 (normal along y); sphere at y = 13, r = 5 → circle r = 4 at y = 10.
    const c = sliceCircle([1, 13, -7], 5, [0, 10, 0], [0, -1, 0]);
    expect(c?.center[0]).toBeCloseTo(1);
    expect(c?.center[1]).toBeCloseTo(10);
    expect(c?.center[2]).toBeCloseTo(-7);
    expect(c?.radiusMm).toBeCloseTo(4);
    expect(sliceCircle([1, 16, -7], 5, [0, 10, 0], [0, -1, 0])).toBeNull();
  });

  it('moves a camera along its normal so the focal plane contains the point, keeping the pan', () => {
    const cam = { focalPoint: [10, 20, 30], position: [10, 20, 130], viewPlaneNormal: [0, 0, 1] };
    const moved = cameraThrough(cam, [-5, 0, 42]);
    expect(moved.focalPoint).toEqual([10, 20, 42]);
    expect(moved.position).toEqual([10, 20, 142]);
  });

  it('centres a camera on a point keeping its view offset', () => {
    const c = cameraCentredOn({ focalPoint: [1, 2, 3], position: [1, -98, 3] }, [5, 6, 7]);
    expect(c).toEqual({ focalPoint: [5, 6, 7], position: [5, -94, 7] });
  });

  it('fits three diameters across the narrower side, at least 15 mm half-extent', () => {
    expect(fitScale(20)).toBe(30);
    expect(fitScale(4)).toBe(15);
    expect(fitScale(null)).toBe(15);
  });

  it('widens the scale of a portrait pane so the nodule fits its width, not its height', () => {
    expect(fitScale(20, 2)).toBe(60);
    expect(fitScale(20, 0.5)).toBe(30);
    expect(fitScale(20, Number.NaN)).toBe(30);
  });
});
