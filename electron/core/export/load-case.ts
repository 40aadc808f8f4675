import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { loadVolume } from '../io';
import { throwIfCancelled } from '../io/cancel';
import { sha256Hex } from '../masks/mask-file';
import { readMaskVoxels } from '../masks/read-mask';
import type { Volume } from '../volume/volume';
import type { ExportCase, ExportCasePlan, PlannedLesion, PlannedMask } from './case-model';
import { componentsAt, outlineVoxels, sphereVoxels } from './lesion-voxels';

/** A loaded case and the sha256 of each mask version's voxels as read (the manifest records them). */
export interface LoadedExportCase {
  exportCase: ExportCase;
  maskSha256: Record<string, string>;
}

/** How far the files' geometry may drift from the index's before the case is refused (mm). */
const GEOMETRY_TOLERANCE_MM = 1e-3;

/**
 * Loads one planned case: the scan's HU volume (DICOM slices sorted by position with missing
 * slots padded, or the image file), each planned mask version (verified against the sha256 the
 * index recorded), merged into one labelmap, and each positive lesion's voxels.
 *
 * Label rule: `labels.lung` where any planned version has a lung label; then `labels.nodule`
 * on every positive lesion's voxels (nodules win over lung). A positive lesion's voxels come
 * from, in order: (1) a nodule label linked to it by lesion key in a planned version; (2) the
 * 26-connected parts of a version's unlinked nodule labels (the nodule job's union) that
 * reach into its sphere; (3) its consensus outline; (4) a sphere of its diameter. Nodule
 * voxels that belong to no positive lesion (a rejected lesion's segmentation in a job's
 * union, a label linked to a rejected lesion) are not exported as nodule.
 */
export async function loadExportCase(plan: ExportCasePlan, labels: { lung: number; nodule: number }, ctx: JobContext): Promise<LoadedExportCase> {
  ctx.progress('reading the scan', 0.05);
  const { volume } = await loadVolume({ format: plan.format, files: plan.files }, ctx);
  checkGeometry(plan, volume);
  const n = volume.voxels.length;
  const labelmap = new Uint8Array(n);
  const positives = plan.lesions.filter((l) => l.role === 'positive');
  const positiveKeys = new Set(positives.map((l) => l.key));
  const linked = new Map<string, { versionId: number; voxels: number[] }>();
  const unlinked: { versionId: number; mask: Uint8Array }[] = [];
  const lungSources: number[] = [];
  const maskSha256: Record<string, string> = {};
  // Newest first: a lesion linked in two versions takes the newer one's voxels.
  const masks = [...plan.masks].sort((a, b) => b.versionId - a.versionId);
  for (const [m, mask] of masks.entries()) {
    throwIfCancelled(ctx);
    ctx.progress('reading the masks', 0.2 + (0.4 * m) / masks.length);
    const voxels = await readMaskVoxels(mask.path, volume.dims);
    const sha = sha256Hex(voxels);
    if (mask.sha256 !== null && mask.sha256 !== sha) {
      throw new LungDeskError('io.checksum-mismatch', `mask file ${mask.path} (version ${mask.versionId}): voxels hash to sha256 ${sha}, the index records ${mask.sha256} (the file was changed)`, { file: mask.path });
    }
    maskSha256[String(mask.versionId)] = sha;
    const r = mergeMask(voxels, mask, labels.lung, labelmap, positiveKeys, linked);
    if (r.lung) lungSources.push(mask.versionId);
    if (r.unlinked) unlinked.push({ versionId: mask.versionId, mask: r.unlinked });
  }
  ctx.progress('placing the lesions', 0.7);
  const lesionVoxels = new Map<string, Uint32Array>();
  const noduleSources: ExportCase['labelSources']['nodule'] = [];
  for (const l of positives) {
    const { voxels, source } = voxelsOfLesion(l, plan, volume, linked, unlinked);
    lesionVoxels.set(l.key, voxels);
    noduleSources.push(source);
    for (const i of voxels) labelmap[i] = labels.nodule;
  }
  const exportCase: ExportCase = { plan, volume, labelmap, lesionVoxels, labelSources: { lung: lungSources.sort((a, b) => a - b), nodule: noduleSources } };
  return { exportCase, maskSha256 };
}

/**
 * Writes one version's lung labels into the labelmap, collects its nodule labels linked to a
 * positive lesion, and returns its unlinked nodule voxels as a 0/1 mask (null when none).
 */
function mergeMask(
  voxels: Uint8Array,
  mask: PlannedMask,
  lungValue: number,
  labelmap: Uint8Array,
  positiveKeys: ReadonlySet<string>,
  linked: Map<string, { versionId: number; voxels: number[] }>,
): { lung: boolean; unlinked: Uint8Array | null } {
  // value → 1 lung, 2 linked nodule of a positive lesion, 3 unlinked nodule; 0 ignored.
  const role = new Uint8Array(256);
  const keyOf = new Map<number, string>();
  for (const l of mask.labels) {
    if (l.kind === 'lung') role[l.value] = 1;
    else if (l.kind === 'nodule' && l.lesionKey === undefined) role[l.value] = 3;
    else if (l.kind === 'nodule' && positiveKeys.has(l.lesionKey!) && !linked.has(l.lesionKey!)) {
      role[l.value] = 2;
      keyOf.set(l.value, l.lesionKey!);
    }
  }
  const found = new Map<number, number[]>();
  let lung = false;
  let unlinked: Uint8Array | null = null;
  for (let i = 0; i < voxels.length; i++) {
    const v = voxels[i]!;
    const r = role[v]!;
    if (!r) continue;
    if (r === 1) {
      if (labelmap[i] === 0) labelmap[i] = lungValue;
      lung = true;
    } else if (r === 2) {
      let list = found.get(v);
      if (!list) found.set(v, (list = []));
      list.push(i);
    } else {
      unlinked ??= new Uint8Array(voxels.length);
      unlinked[i] = 1;
    }
  }
  for (const [value, list] of found) linked.set(keyOf.get(value)!, { versionId: mask.versionId, voxels: list });
  return { lung, unlinked };
}

function voxelsOfLesion(
  l: PlannedLesion,
  plan: ExportCasePlan,
  volume: Volume,
  linked: ReadonlyMap<string, { versionId: number; voxels: number[] }>,
  unlinked: readonly { versionId: number; mask: Uint8Array }[],
): { voxels: Uint32Array; source: number | 'outline' | 'sphere' } {
  const own = linked.get(l.key);
  if (own && own.voxels.length) return { voxels: Uint32Array.from(own.voxels), source: own.versionId };
  const sphere = sphereVoxels(volume, l.center, l.diameterMm);
  for (const u of unlinked) {
    const parts = componentsAt(u.mask, volume.dims, sphere);
    if (parts.length) return { voxels: parts, source: u.versionId };
  }
  if (l.outline) {
    const o = outlineVoxels(volume, l.outline, `outline of lesion ${l.ordinal} of ${plan.caseId}`);
    if (o.length) return { voxels: o, source: 'outline' };
  }
  return { voxels: sphere, source: 'sphere' };
}

/** The files must still be the scan the index describes: same grid, same place. */
function checkGeometry(plan: ExportCasePlan, v: Volume): void {
  const g = plan.geometry;
  const what = plan.files.length === 1 ? plan.files[0]! : `the ${plan.files.length}-file series of ${plan.files[0] ?? '?'}`;
  const drift = (a: readonly number[], b: readonly number[]) => a.some((x, i) => Math.abs(x - b[i]!) > GEOMETRY_TOLERANCE_MM);
  if (v.dims.some((d, i) => d !== g.dims[i]) || drift(v.spacing, g.spacing) || drift(v.origin, g.origin) || drift(v.direction, g.direction)) {
    throw new LungDeskError(
      'io.size-mismatch',
      `${what}: the files hold a ${v.dims.join('×')} grid at ${v.origin.map((x) => x.toFixed(2)).join(', ')}, the index says ${g.dims.join('×')} at ${g.origin.map((x) => x.toFixed(2)).join(', ')}: the scan changed on disk since it was indexed; re-index its dataset`,
      { file: plan.files[0] },
    );
  }
}
