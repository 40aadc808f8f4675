import type { ExportLabelValues } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import { encodeNiftiGz } from '../io/write/nifti-encoder';
import { encodeNrrdGz } from '../io/write/nrrd-encoder';
import type { ExportCase, ExportContext, ExportedFile } from './case-model';
import { writeExportFile } from './export-file';

/**
 * A case's image (int16 HU) and labelmap (uint8) as whole `.nii.gz` / `.nrrd` files, for the
 * nnU-Net, MONAI and NIfTI/NRRD exporters. Each encoding is made once per loaded case and
 * shared: with nnunet and nifti both asked for, the same bytes are written twice but
 * compressed once. The cache is keyed by the case object, so it goes when the case does.
 */

export type ImageContainer = 'nifti' | 'nrrd';
export type CaseImageKind = 'image' | 'label';

const cache = new WeakMap<ExportCase, Map<string, Promise<Buffer[]>>>();

/** What the label file's header says its values mean (NIfTI descrip). */
export function labelDescription(labels: ExportLabelValues): string {
  return labels.lung > 0 ? `LungDesk labels: 0 background, ${labels.lung} lung, ${labels.nodule} nodule` : `LungDesk labels: 0 background, ${labels.nodule} nodule`;
}

function checkCase(c: ExportCase): void {
  const [nx, ny, nz] = c.volume.dims;
  const n = nx * ny * nz;
  if (c.volume.voxels.length !== n || c.labelmap.length !== n) {
    throw new LungDeskError('contract.bad-input', `case ${c.plan.caseId}: ${c.volume.voxels.length} image voxels and ${c.labelmap.length} label voxels on a ${nx}×${ny}×${nz} grid`, {
      detail: { caseId: c.plan.caseId },
    });
  }
}

/** The encoded bytes of one of a case's two volumes. */
export function encodedCaseImage(c: ExportCase, container: ImageContainer, kind: CaseImageKind, labels: ExportLabelValues): Promise<Buffer[]> {
  let byCase = cache.get(c);
  if (!byCase) cache.set(c, (byCase = new Map()));
  const key = `${container}/${kind}/${labels.lung}/${labels.nodule}`;
  let p = byCase.get(key);
  if (!p) {
    checkCase(c);
    const g = c.volume;
    if (container === 'nifti') {
      p = kind === 'image' ? encodeNiftiGz(g.voxels, g, 'int16', { descrip: 'LungDesk CT (HU)' }) : encodeNiftiGz(c.labelmap, g, 'uint8', { intent: 'label', descrip: labelDescription(labels) });
    } else {
      p = kind === 'image' ? encodeNrrdGz(g.voxels, g, 'int16') : encodeNrrdGz(c.labelmap, g, 'uint8');
    }
    byCase.set(key, p);
  }
  return p;
}

/** One file a case writes: where, what it is, and which encoding fills it. */
export interface CaseImageFile {
  path: string;
  kind: CaseImageKind;
  container: ImageContainer;
}

/** Writes `files` of case `c` in order (stopping between files when the export is cancelled) and returns their manifest entries. */
export async function writeCaseImages(c: ExportCase, ctx: ExportContext, files: readonly CaseImageFile[]): Promise<ExportedFile[]> {
  const out: ExportedFile[] = [];
  for (const f of files) {
    if (ctx.signal?.aborted) throw new LungDeskError('job.cancelled', 'cancelled');
    const bytes = await encodedCaseImage(c, f.container, f.kind, ctx.labels);
    out.push(await writeExportFile(ctx.outDir, f.path, bytes, f.kind));
  }
  return out;
}
