import path from 'node:path';
import { LungDeskError, type ContractHandlers, type Surface, type SurfaceRequest } from '../../common';
import { writeSurfaceFile, type WorldMesh } from '../../core/mesh';
import { confineOutput } from '../../core/datasets/folder-policy';
import type { ServiceContext } from '../service-context';
import { SurfaceCache, type CachedSurface } from '../surfaces/surface-cache';
import { resolveSurface } from '../surfaces/surface-source';

type SurfaceHandlers = Pick<ContractHandlers, 'getSurface' | 'exportSurface'>;

// Bytes that crossed from a worker may sit at any offset of a shared buffer: copy when unaligned.
const aligned = (b: Uint8Array): Uint8Array => (b.byteOffset % 4 === 0 ? b : b.slice());
const f32 = (b: Uint8Array): Float32Array => {
  const a = aligned(b);
  return new Float32Array(a.buffer, a.byteOffset, a.byteLength / 4);
};
const u32 = (b: Uint8Array): Uint32Array => {
  const a = aligned(b);
  return new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
};

/**
 * 3D surfaces (issue 14): getSurface resolves the request to a mask version or an HU threshold
 * (surface-source.ts), answers from the cache when that version was meshed before, else runs
 * the `meshSurface` worker job and caches its result; exportSurface writes the same surface as
 * binary STL, OBJ or glTF in world LPS mm.
 */
export function surfaceHandlers(ctx: ServiceContext): SurfaceHandlers {
  const cache = new SurfaceCache(path.join(ctx.dataDir, 'surfaces'));
  // One job per key at a time: the 3D pane may ask twice while the first is meshing.
  const running = new Map<string, Promise<CachedSurface>>();

  async function surfaceOf(req: SurfaceRequest): Promise<{ s: CachedSurface; cached: boolean; maskId: number | null; thresholdHu: number | null }> {
    const r = resolveSurface(ctx, req);
    const hit = await cache.get(r.cacheKey);
    if (hit) return { s: hit, cached: true, maskId: r.maskId, thresholdHu: r.thresholdHu };
    let job = running.get(r.cacheKey);
    if (!job) {
      const scan = ctx.scanOrThrow(req.scanId);
      const geometry = { dims: scan.dims, spacing: scan.spacing, origin: scan.origin, direction: scan.direction };
      job = ctx.runner
        .start('meshSurface', { format: scan.format, files: ctx.filesOf(scan), geometry, source: r.source, triangleBudget: r.triangleBudget }, { label: `3D ${req.kind} surface of ${ctx.scanLabel(scan)}` })
        .done.then(async ({ seconds: _s, ...s }) => {
          await cache.put(r.cacheKey, s).catch((e: unknown) => ctx.log(`surface cache: could not store ${r.cacheKey}: ${(e as Error).message}`));
          return s;
        })
        .finally(() => running.delete(r.cacheKey));
      running.set(r.cacheKey, job);
    }
    return { s: await job, cached: false, maskId: r.maskId, thresholdHu: r.thresholdHu };
  }

  return {
    getSurface: async (req) => {
      const { s, cached, maskId, thresholdHu } = await surfaceOf(req);
      const out: Surface = {
        scanId: req.scanId,
        kind: req.kind,
        positions: s.positions,
        normals: s.normals,
        indices: s.indices,
        triangles: s.triangles,
        groups: s.groups,
        bounds: s.bounds,
        maskId,
        thresholdHu,
        cached,
      };
      return out;
    },
    exportSurface: async ({ format, outPath, ...req }) => {
      const file = confineSurfaceFile(outPath, ctx.dataDir);
      const { s } = await surfaceOf(req);
      const mesh: WorldMesh = { positions: f32(s.positions), normals: f32(s.normals), indices: u32(s.indices) };
      const groups = s.groups.map((g) => ({ name: g.lesionKey ?? (req.kind === 'nodules' ? `label ${g.label}` : req.kind), start: g.start, count: g.count }));
      const bytes = await writeSurfaceFile(file, format, mesh, groups, `${req.kind} surface of scan ${req.scanId}`);
      return { path: file, bytes, triangles: s.triangles };
    },
  };
}

/**
 * The export file as an absolute path, or export.bad-folder: relative, or (through symlinks
 * too) in a system folder or inside the data folder (core/datasets/folder-policy.ts).
 */
function confineSurfaceFile(outPath: string, dataDir: string): string {
  if (!path.isAbsolute(outPath)) throw new LungDeskError('export.bad-folder', `cannot write ${outPath}: give the file as an absolute path`, { file: outPath });
  return confineOutput(outPath, { dataDir, code: 'export.bad-folder' });
}
