import { z } from 'zod';

/** Three numbers, (x, y, z) unless said otherwise. */
export const Vec3 = z.tuple([z.number(), z.number(), z.number()]);
export type Vec3 = z.infer<typeof Vec3>;

/**
 * A point in the patient (LPS mm) given by a caller: finite in every coordinate. NaN and
 * ±Infinity cannot come through JSON but do through IPC and wire frames.
 */
export const WorldPoint = Vec3.refine((c) => c.every(Number.isFinite), 'a world point must be finite (LPS mm)');

/** A 3×3 matrix, row-major; column j is the world (LPS) direction of voxel axis j. */
export const Mat3 = z.array(z.number()).length(9);
export type Mat3 = number[];

/**
 * Where a voxel grid sits in the patient, in LPS millimetres as DICOM and ITK use.
 * world = origin + direction · (spacing ⊙ [i, j, k]); origin is the centre of voxel 0.
 */
export const VolumeGeometry = z.object({
  dims: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  spacing: Vec3,
  origin: Vec3,
  direction: Mat3,
});
export type VolumeGeometry = z.infer<typeof VolumeGeometry>;

export const IDENTITY_DIRECTION: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
