import type { MaskVersionInfo } from '../../common/contract/masks';
import type { MaskVersionDetail } from '../../common/contract/mask-edit';
import type { MaskVersion } from '../../db';
import { labelsOfKind } from './job-mask-labels';

/**
 * A version as `listMasks` shows it. Labelled voxels come from its stats when known, else
 * from its reason's end (": N voxels", how job results record their count).
 */
export function maskInfo(v: MaskVersion): MaskVersionInfo {
  const fromReason = /: (\d+) voxels$/.exec(v.reason)?.[1];
  const voxels = v.stats ? v.stats.reduce((n, s) => n + s.voxels, 0) : fromReason ? Number(fromReason) : null;
  return { id: v.id, scanId: v.scanId, kind: v.kind, author: v.author, reason: v.reason, parentId: v.parentId, createdAt: v.createdAt, voxels };
}

/** A version with everything the mask store knows of it (job results: labels from their kind, no tools), and its damage if any. */
export function maskDetail(v: MaskVersion, damaged?: { code: string; message: string }): MaskVersionDetail {
  return {
    ...maskInfo(v),
    ...(damaged ? { damaged: { code: damaged.code, message: damaged.message } } : {}),
    note: v.note,
    tools: v.tools,
    labels: v.labels ?? labelsOfKind(v.kind),
    stats: v.stats ?? [],
    sha256: v.sha256,
    bytesOnDisk: v.bytesOnDisk,
  };
}
