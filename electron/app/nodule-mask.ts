import path from 'node:path';
import type { Annotation } from '../common/contract/annotations';
import type { JobContext } from '../common/jobs';
import type { Vec3, VolumeGeometry } from '../common/geometry';
import { LungDeskError } from '../common/errors';
import { countPhysicalNodules } from '../core/annotations/physical-nodules';
import { npyHeader, writeChunksAtomic } from '../core/io/write/npy-writer';
import { segmentNodule, type NoduleSegmentation } from '../core/pipelines/nodule-segmentation';
import { worldToVoxel } from '../core/volume/volume';
import { appendAudit, insertMaskVersion, type LungDeskDb, type MaskVersion } from '../db';

/** One nodule mark to segment: where it is and how large to search. */
export interface NoduleSeed {
  annotationId: number;
  source: Annotation['source'];
  kind: Annotation['kind'];
  center: Vec3;
  diameterMm: number;
}

/**
 * The marks that stand for physical nodules: LUNA16 rows and user marks (kind 'nodule') and
 * LIDC consensus nodules. Single readers' marks, small nodules and non-nodules are left out,
 * as the nodule count does. A mark without a diameter uses the one of its volume; with
 * neither it cannot be segmented and is dropped. Marks of the same nodule from two sources
 * are all kept: their segmentations overlap and the union is the nodule.
 */
export function noduleSeeds(annotations: readonly Annotation[]): NoduleSeed[] {
  const seeds: NoduleSeed[] = [];
  for (const a of annotations) {
    if (a.kind !== 'nodule' && a.kind !== 'consensus') continue;
    const diameterMm = a.diameterMm !== null && a.diameterMm > 0 ? a.diameterMm : a.volumeMm3 ? Math.cbrt((6 * a.volumeMm3) / Math.PI) : 0;
    if (!(diameterMm > 0)) continue;
    seeds.push({ annotationId: a.id, source: a.source, kind: a.kind, center: a.center, diameterMm });
  }
  return seeds;
}

/** The scan's seeds, or the reason there is nothing to segment (checked before the volume is loaded). */
export function requireNoduleSeeds(scanId: number, annotations: readonly Annotation[]): NoduleSeed[] {
  const seeds = noduleSeeds(annotations);
  if (!seeds.length) {
    throw new LungDeskError('not-found', `scan ${scanId} has no nodule annotations to segment (LUNA16 rows, LIDC consensus nodules or user nodules)`);
  }
  return seeds;
}

/** The lung mask nodules are segmented inside: the newest version of kind lung or lung-dilated. */
export function newestLungMask(versions: readonly MaskVersion[]): MaskVersion | undefined {
  return versions.filter((v) => v.kind === 'lung' || v.kind === 'lung-dilated').sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];
}

/**
 * Writes `label` into `target` (the full grid, x fastest) wherever the box mask is set;
 * returns how many voxels were newly labelled, so overlapping nodules are counted once.
 */
export function pasteBoxMask(target: Uint8Array, dims: readonly [number, number, number], seg: Pick<NoduleSegmentation, 'box' | 'mask'>, label = 1): number {
  const [nx, ny] = dims;
  const { x0, y0, z0, x1, y1, z1 } = seg.box;
  const bx = x1 - x0 + 1;
  const by = y1 - y0 + 1;
  if (seg.mask.length !== bx * by * (z1 - z0 + 1)) throw new LungDeskError('internal', `box mask of ${seg.mask.length} voxels does not fit its box ${bx}×${by}×${z1 - z0 + 1}`);
  if (x0 < 0 || y0 < 0 || z0 < 0 || x1 >= nx || y1 >= ny || z1 >= dims[2]) throw new LungDeskError('internal', 'box mask lies outside the grid');
  let added = 0;
  let i = 0;
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      const row = nx * (y + ny * z);
      for (let x = x0; x <= x1; x++, i++) {
        if (!seg.mask[i]) continue;
        if (target[row + x] !== label) added++;
        target[row + x] = label;
      }
    }
  }
  return added;
}

export interface NoduleMaskResult {
  /** uint8 on the scan grid, x fastest: 1 = nodule. */
  mask: Uint8Array;
  voxels: number;
  /** Seeds segmented, with the voxels each found (0 when nothing in range was there). */
  segmented: { seed: NoduleSeed; voxels: number }[];
  /** Seeds whose centre lies outside the scan. */
  outside: NoduleSeed[];
}

/** Segments every seed on the volume (inside `lungMask` when given) and unites the results. */
export function segmentNodules(hu: Int16Array, g: VolumeGeometry, seeds: readonly NoduleSeed[], lungMask: Uint8Array | undefined, ctx?: JobContext): NoduleMaskResult {
  const [nx, ny, nz] = g.dims;
  const n = nx * ny * nz;
  if (hu.length !== n) throw new LungDeskError('io.size-mismatch', `volume has ${hu.length} voxels, dims ${g.dims.join('×')} need ${n}`);
  if (lungMask && lungMask.length !== n) throw new LungDeskError('io.size-mismatch', `lung mask has ${lungMask.length} voxels, the scan ${n}`);
  const mask = new Uint8Array(n);
  let voxels = 0;
  const segmented: NoduleMaskResult['segmented'] = [];
  const outside: NoduleSeed[] = [];
  seeds.forEach((seed, i) => {
    if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'nodule mask cancelled');
    ctx?.progress(`nodule ${i + 1} of ${seeds.length}`, 0.1 + (0.8 * i) / seeds.length);
    if (!insideGrid(g, seed.center)) {
      outside.push(seed);
      return;
    }
    const seg = segmentNodule(hu, g, lungMask ? { center: seed.center, diameterMm: seed.diameterMm, lungMask } : { center: seed.center, diameterMm: seed.diameterMm });
    voxels += pasteBoxMask(mask, g.dims, seg);
    segmented.push({ seed, voxels: seg.voxels });
  });
  return { mask, voxels, segmented, outside };
}

/** Whether a world point lies on the grid (within half a voxel of its outer centres), as segmentNodule requires. */
function insideGrid(g: VolumeGeometry, p: Vec3): boolean {
  return worldToVoxel(g, p).every((v, i) => v >= -0.5 && v <= g.dims[i]! - 0.5);
}

export interface StoreNoduleMaskInput {
  scanId: number;
  hu: Int16Array;
  geometry: VolumeGeometry;
  seeds: readonly NoduleSeed[];
  /** The lung mask to segment inside, with its version (null when the scan has none). */
  lung: { version: MaskVersion; voxels: Uint8Array } | null;
  /** <dataDir>/masks/<scanId> */
  dir: string;
  ctx?: JobContext;
}

/**
 * The whole nodule-mask step after the volume is loaded: segments the scan's nodule seeds,
 * writes the union as a uint8 .npy (nz, ny, nx) like the lung masks, and records it as a mask
 * version of kind 'nodules' with its audit entry. Returns the new mask id.
 */
export async function storeNoduleMask(db: LungDeskDb, input: StoreNoduleMaskInput): Promise<{ maskId: number; voxels: number; nodules: number; path: string }> {
  const { scanId, geometry: g, seeds, ctx } = input;
  const r = segmentNodules(input.hu, g, seeds, input.lung?.voxels, ctx);
  if (!r.segmented.length) {
    throw new LungDeskError('not-found', `none of scan ${scanId}'s ${seeds.length} nodule annotation(s) lies inside the scan`);
  }
  const nodules = countPhysicalNodules(r.segmented.map(({ seed }) => seed));
  if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'nodule mask cancelled');
  ctx?.progress('writing the mask', 0.9);
  const file = path.join(input.dir, `nodules-${Date.now()}.npy`);
  const [nx, ny, nz] = g.dims;
  await writeChunksAtomic(file, [npyHeader([nz, ny, nx], '|u1'), r.mask]);
  const where = input.lung ? `inside ${input.lung.version.kind} mask ${input.lung.version.id}` : 'no lung mask';
  const outside = r.outside.length ? `, ${r.outside.length} outside the scan skipped` : '';
  const maskId = db.sqlite.transaction(() => {
    const id = insertMaskVersion(db, {
      scanId,
      kind: 'nodules',
      path: file,
      author: 'lungdesk',
      // maskInfo reads the voxel count from the reason's end.
      reason: `nodule mask of ${nodules} nodule(s) from ${r.segmented.length} mark(s) (${where}${outside}): ${r.voxels} voxels`,
      parentId: null,
      sha256: null,
    });
    appendAudit(db, {
      actor: 'lungdesk',
      action: 'mask.created',
      entity: 'scan',
      entityId: String(scanId),
      detail: {
        maskId: id,
        kind: 'nodules',
        voxels: r.voxels,
        nodules,
        lungMaskId: input.lung?.version.id ?? null,
        marks: r.segmented.map(({ seed, voxels }) => ({ annotationId: seed.annotationId, voxels })),
        outside: r.outside.map((s) => s.annotationId),
      },
    });
    return id;
  })();
  return { maskId, voxels: r.voxels, nodules, path: file };
}
