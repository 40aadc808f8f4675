import { z } from 'zod';
import { Bytes, op } from './define';
import { ScanId } from './scans';

/**
 * 3D surfaces of a scan (issue 14), defined once: the 3D pane asks for them, the worker makes
 * them with the native marching cubes, and `lungdesk mesh` writes the same surfaces to files.
 * Positions are world LPS millimetres (the scan's full direction matrix applied).
 */

/** lung: the newest lung mask; nodules: every lesion (one group each); bone / skin: HU thresholds; mask: one saved version. */
export const SurfaceKind = z.enum(['lung', 'nodules', 'bone', 'skin', 'mask']);
export type SurfaceKind = z.infer<typeof SurfaceKind>;

export const SurfaceRequest = z
  .object({
    scanId: ScanId,
    kind: SurfaceKind,
    /** The mask version to mesh (kind 'mask', or to pin 'lung' / 'nodules' to a version); newest when absent. */
    maskId: z.number().int().positive().optional(),
    /** Iso level in HU for bone (default 400, as the seed's plot_3d) and skin (default −300). */
    thresholdHu: z.number().min(-1200).max(3000).optional(),
    /** Triangles at most after decimation (default 200,000 for lung / bone / skin, 50,000 for nodules). */
    triangleBudget: z.number().int().min(1000).max(5_000_000).optional(),
  })
  .strict();
export type SurfaceRequest = z.infer<typeof SurfaceRequest>;

/** A part of a surface: one lesion of 'nodules' (or the whole surface), as a range of triangles. */
export const SurfaceGroup = z.object({
  /** First triangle and triangle count in `indices` (3 indices a triangle). */
  start: z.number().int().min(0),
  count: z.number().int().min(0),
  /** The label value meshed, and the review lesion it outlines, when it is one. */
  label: z.number().int().min(0).max(255),
  lesionKey: z.string().nullable(),
});
export type SurfaceGroup = z.infer<typeof SurfaceGroup>;

export const Surface = z.object({
  scanId: ScanId,
  kind: SurfaceKind,
  /** Float32 (x, y, z) triples, world LPS mm. */
  positions: Bytes,
  /** Float32 unit normals, one per vertex, pointing out of the surface. */
  normals: Bytes,
  /** Uint32 index triples, counter-clockwise seen from outside. */
  indices: Bytes,
  triangles: z.number().int().min(0),
  groups: z.array(SurfaceGroup),
  bounds: z.object({ min: z.tuple([z.number(), z.number(), z.number()]), max: z.tuple([z.number(), z.number(), z.number()]) }),
  /** The mask version meshed (null for HU thresholds), so a saved edit can be told from the cached one. */
  maskId: z.number().int().nullable(),
  thresholdHu: z.number().nullable(),
  /** From the per-version cache rather than meshed now. */
  cached: z.boolean(),
});
export type Surface = z.infer<typeof Surface>;

export const SurfaceFileFormat = z.enum(['stl', 'obj', 'gltf']);
export type SurfaceFileFormat = z.infer<typeof SurfaceFileFormat>;

export const surfaceOps = {
  getSurface: op({
    input: SurfaceRequest,
    output: Surface,
    binary: true,
    doc: "A scan's surface for the 3D pane: made in a worker (marching cubes, smoothing without shrinking, decimation to the triangle budget, normals) in world LPS mm, cached per mask version.",
  }),
  exportSurface: op({
    input: SurfaceRequest.extend({ format: SurfaceFileFormat, outPath: z.string().min(1).max(4096) }).strict(),
    output: z.object({ path: z.string(), bytes: z.number().int(), triangles: z.number().int() }),
    doc: 'Writes a surface as binary STL, OBJ or glTF in world LPS mm (the coordinate system named in the file or beside it).',
  }),
};
