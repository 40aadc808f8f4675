import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LungDeskError, type SurfaceRequest } from '../../common';
import type { MeshSourceParam } from '../../common/job-catalogue';
import { getMaskVersion, listMaskVersions, type MaskVersion } from '../../db';
import { labelsOfKind } from '../mask-store/job-mask-labels';
import type { ServiceContext } from '../service-context';

export const DEFAULT_THRESHOLD_HU = { bone: 400, skin: -300 } as const;
export const DEFAULT_BUDGET = { lung: 200_000, bone: 200_000, skin: 200_000, mask: 200_000, nodules: 50_000 } as const;
/** Bumped when the meshing changes, so surfaces cached on disk by an older build are not reused. */
const MESH_VERSION = 'mesh-2';

/** What a surface request resolves to: the job's source, and the key its result is cached under. */
export interface ResolvedSurface {
  source: MeshSourceParam;
  maskId: number | null;
  thresholdHu: number | null;
  triangleBudget: number;
  /** sha256 over the scan, the mask version's content hash (or the threshold), the parts and the budget. */
  cacheKey: string;
}

const positiveOrNull = (d: number | null | undefined): number | null => (d !== null && d !== undefined && d > 0 ? d : null);

const newest = (vs: readonly MaskVersion[]): MaskVersion | undefined => [...vs].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];

function labelsOf(v: MaskVersion): NonNullable<MaskVersion['labels']> {
  return v.labels ?? labelsOfKind(v.kind);
}

/** A version's content identity: its recorded sha256, else its file's path, size and time (job results record none). */
function contentId(v: MaskVersion): string {
  if (v.sha256) return v.sha256;
  const st = fs.statSync(v.path, { throwIfNoEntry: false });
  if (!st) throw new LungDeskError('io.not-found', `mask ${v.id}'s file ${v.path} is gone`, { file: v.path });
  return `${v.path}|${st.size}|${st.mtimeMs}`;
}

function pinned(ctx: ServiceContext, scanId: number, maskId: number): MaskVersion {
  const v = getMaskVersion(ctx.db, maskId);
  if (!v || v.scanId !== scanId) throw new LungDeskError('not-found', `no mask ${maskId} on scan ${scanId}`);
  return v;
}

/**
 * Which voxels a request meshes. lung: the newest undilated lung mask (or the pinned one);
 * nodules: the newest nodule mask or edited mask with nodule labels, one part per nodule label
 * linked to its lesion, or a segmentation job's binary union split by the scan's lesion
 * centres; mask: one version, one part per label; bone / skin: an HU threshold.
 */
export function resolveSurface(ctx: ServiceContext, req: SurfaceRequest): ResolvedSurface {
  const scan = ctx.scanOrThrow(req.scanId);
  const triangleBudget = req.triangleBudget ?? DEFAULT_BUDGET[req.kind];
  const key = (identity: unknown): string => createHash('sha256').update(JSON.stringify([MESH_VERSION, scan.id, scan.seriesInstanceUid, req.kind, identity, triangleBudget])).digest('hex');
  if (req.kind === 'bone' || req.kind === 'skin') {
    const thresholdHu = req.thresholdHu ?? DEFAULT_THRESHOLD_HU[req.kind];
    return { source: { kind: 'threshold', thresholdHu, ...(req.kind === 'skin' ? { body: true } : {}) }, maskId: null, thresholdHu, triangleBudget, cacheKey: key([thresholdHu, scan.path]) };
  }
  const versions = listMaskVersions(ctx.db, req.scanId);
  let v: MaskVersion | undefined;
  if (req.maskId !== undefined) v = pinned(ctx, req.scanId, req.maskId);
  else if (req.kind === 'lung') v = newest(versions.filter((x) => x.kind === 'lung'));
  else if (req.kind === 'nodules') v = newest(versions.filter((x) => x.kind === 'nodules' || (x.labels ?? []).some((l) => l.kind === 'nodule')));
  else throw new LungDeskError('contract.bad-input', "a surface of kind 'mask' needs a maskId");
  if (!v && req.kind === 'nodules') {
    // No nodule mask yet: the lesions still show, each as its readers' consensus outline or a
    // sphere of its (accepted) diameter, so a reader sees where they sit before segmenting.
    const lesions = ctx.lesions
      .list(req.scanId)
      .lesions.filter((l) => l.category === 'nodule')
      .slice(0, 255)
      .map((l) => ({ lesionKey: l.key, center: l.center, diameterMm: positiveOrNull(l.decision?.diameterMm ?? l.diameterMm), outline: l.outline }));
    if (lesions.length) {
      const source: MeshSourceParam = { kind: 'lesions', lesions };
      return { source, maskId: null, thresholdHu: null, triangleBudget, cacheKey: key(['lesions', source]) };
    }
  }
  if (!v) {
    const what = req.kind === 'lung' ? 'no lung mask yet: run the lung mask first' : 'no nodule lesion and no nodule mask: add a nodule, or save an edited mask with nodule labels, first';
    throw new LungDeskError('not-found', `scan ${req.scanId} has ${what}`);
  }
  const labels = labelsOf(v);
  let source: MeshSourceParam;
  if (req.kind === 'lung') {
    const values = labels.filter((l) => l.kind === 'lung').map((l) => l.value);
    source = { kind: 'mask', path: v.path, parts: [{ values: values.length ? values : [1], label: values[0] ?? 1, lesionKey: null }] };
  } else if (req.kind === 'nodules') {
    const nodules = labels.filter((l) => l.kind === 'nodule');
    const linked = nodules.some((l) => l.lesionKey !== undefined);
    const lesions = ctx.lesions.list(req.scanId).lesions;
    if (!linked && lesions.length > 0) {
      source = { kind: 'seeds', path: v.path, values: nodules.length ? nodules.map((l) => l.value) : [1], seeds: lesions.slice(0, 255).map((l) => ({ lesionKey: l.key, center: l.center })) };
    } else {
      const parts = (nodules.length ? nodules : [{ value: 1, lesionKey: undefined }]).map((l) => ({ values: [l.value], label: l.value, lesionKey: l.lesionKey ?? null }));
      source = { kind: 'mask', path: v.path, parts };
    }
  } else {
    const parts = labels.length ? labels.map((l) => ({ values: [l.value], label: l.value, lesionKey: l.lesionKey ?? null })) : [{ values: Array.from({ length: 255 }, (_, i) => i + 1), label: 1, lesionKey: null }];
    source = { kind: 'mask', path: v.path, parts };
  }
  return { source, maskId: v.id, thresholdHu: null, triangleBudget, cacheKey: key([contentId(v), source]) };
}
