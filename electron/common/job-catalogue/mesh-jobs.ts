import { z } from 'zod';
import { Vec3, VolumeGeometry } from '../geometry';
import { jobSpec } from './define';
import { Bytes, ScanFiles } from './shared-schemas';

/** One part of the surface: the mask values it outlines, the label it reports and its lesion. */
export const MeshPartSchema = z.object({
  values: z.array(z.number().int().min(1).max(255)).min(1),
  label: z.number().int().min(0).max(255),
  lesionKey: z.string().nullable(),
});

/**
 * What to mesh: mask parts (values of a stored mask version), a binary nodule union split
 * into lesions by their centres (a segmentation job's mask, which keeps no lesion labels), or
 * HU above a threshold (the scan itself).
 */
export const MeshSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mask'), path: z.string().min(1), parts: z.array(MeshPartSchema).min(1) }),
  z.object({ kind: z.literal('seeds'), path: z.string().min(1), values: z.array(z.number().int().min(1).max(255)).min(1), seeds: z.array(z.object({ lesionKey: z.string(), center: Vec3 })).min(1) }),
  /**
   * Lesions without a saved nodule mask: each its readers' consensus outline, else a sphere of
   * its diameter, as the training-set export labels them (core/export/lesion-voxels).
   */
  z.object({
    kind: z.literal('lesions'),
    lesions: z
      .array(
        z.object({
          lesionKey: z.string(),
          center: Vec3,
          diameterMm: z.number().positive().nullable(),
          outline: z.object({ bbox: z.object({ x0: z.number().int(), y0: z.number().int(), z0: z.number().int(), x1: z.number().int(), y1: z.number().int(), z1: z.number().int() }), runs: z.array(z.number().int().nonnegative()) }).nullable(),
        }),
      )
      .min(1)
      .max(255),
  }),
  /** body: the largest region above the threshold with its holes filled (skin), not the bare iso-surface. */
  z.object({ kind: z.literal('threshold'), thresholdHu: z.number(), body: z.boolean().optional() }),
]);
export type MeshSourceParam = z.infer<typeof MeshSourceSchema>;

export const MeshSurfaceResultSchema = z.object({
  positions: Bytes,
  normals: Bytes,
  indices: Bytes,
  triangles: z.number().int(),
  trianglesBeforeDecimation: z.number().int(),
  groups: z.array(z.object({ start: z.number().int(), count: z.number().int(), label: z.number().int(), lesionKey: z.string().nullable() })),
  bounds: z.object({ min: Vec3, max: Vec3 }),
  seconds: z.number(),
});
export type MeshSurfaceResult = z.infer<typeof MeshSurfaceResultSchema>;

export const meshJobs = {
  meshSurface: jobSpec({
    runs: 'worker',
    params: z.object({ ...ScanFiles, geometry: VolumeGeometry, source: MeshSourceSchema, triangleBudget: z.number().int().min(100) }),
    result: MeshSurfaceResultSchema,
    doc: 'A closed surface of a mask version or an HU threshold in world LPS mm (marching cubes, decimation, Taubin smoothing, outward normals), one group per part.',
  }),
};
