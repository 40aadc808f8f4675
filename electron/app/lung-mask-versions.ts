import path from 'node:path';
import type { z } from 'zod';
import type { LungMaskParams } from '../common/contract/masks';
import { appendAudit, insertMaskVersion, type LungDeskDb } from '../db';
import type { LungMaskJobResult } from '../common/job-catalogue';

/** Where one lung-mask run writes its files: the mask, and its dilation when one is asked for. */
export function lungMaskPaths(dataDir: string, scanId: number, dilateMm: number, now = Date.now()): { out: string; outDilated?: string } {
  const dir = path.join(dataDir, 'masks', String(scanId));
  return dilateMm > 0 ? { out: path.join(dir, `lung-${now}.npy`), outDilated: path.join(dir, `lung-${now}-dilated-${dilateMm}mm.npy`) } : { out: path.join(dir, `lung-${now}.npy`) };
}

/**
 * Records one lung-mask run as mask versions in one transaction, each with an audit entry:
 * the lung mask itself (kind 'lung': what a reader checks and corrects, and what the
 * overlay shows by default) and, when dilated, the dilation (kind 'lung-dilated', its child:
 * the DSB2017 preprocessing's margin that keeps juxtapleural nodules inside, derived from
 * the parent and its radius). Returns the id of the mask `params` describe: the dilated one
 * when a dilation was asked for, so callers that segment inside "the lung mask" keep the
 * margin they asked for.
 */
export function recordLungMasks(db: LungDeskDb, scanId: number, params: z.output<typeof LungMaskParams>, res: LungMaskJobResult): number {
  const how = `fill ${params.fill}, outside air ${params.outsideAir}, threshold ${params.threshold} HU`;
  return db.sqlite.transaction(() => {
    const lungId = insertMaskVersion(db, {
      scanId,
      kind: 'lung',
      path: res.path,
      author: 'lungdesk',
      reason: `lung mask (${how}): ${res.voxels} voxels`,
      parentId: null,
      sha256: null,
    });
    appendAudit(db, { actor: 'lungdesk', action: 'mask.created', entity: 'scan', entityId: String(scanId), detail: { maskId: lungId, kind: 'lung', voxels: res.voxels, ...params, dilateMm: 0 } });
    if (!res.dilated) return lungId;
    const dilatedId = insertMaskVersion(db, {
      scanId,
      kind: 'lung-dilated',
      path: res.dilated.path,
      author: 'lungdesk',
      reason: `lung mask #${lungId} dilated ${params.dilateMm} mm: ${res.dilated.voxels} voxels`,
      parentId: lungId,
      sha256: null,
    });
    appendAudit(db, { actor: 'lungdesk', action: 'mask.created', entity: 'scan', entityId: String(scanId), detail: { maskId: dilatedId, kind: 'lung-dilated', parentId: lungId, voxels: res.dilated.voxels, ...params } });
    return dilatedId;
  })();
}
