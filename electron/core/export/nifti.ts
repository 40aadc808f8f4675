import type { CaseExporter, ExportCase, ExportContext, ExportedFile } from './case-model';
import { type CaseImageFile, writeCaseImages } from './case-images';

/**
 * The 'nifti' and 'nrrd' formats: each case's scan and labelmap for other tools (3D Slicer,
 * ITK-SNAP, SimpleITK, nibabel), on the scan's own grid:
 *
 *     nifti/{caseId}/image.nii.gz   int16 HU, sform (and qform when exact) = the scan's LPS grid as RAS
 *     nifti/{caseId}/label.nii.gz   uint8, 0 background, ctx.labels.lung, ctx.labels.nodule
 *     nrrd/{caseId}/image.nrrd      int16 HU, space left-posterior-superior, gzip
 *     nrrd/{caseId}/label.nrrd      uint8
 *
 * Each format has its own folder so that asking for both never mixes them. The MONAI datalist
 * points at the NIfTI pair when nnU-Net's copies are not written (see monai.ts).
 */

/** Where the NIfTI pair of a case goes, relative to the export folder. */
export function niftiCasePaths(caseId: string): { image: string; label: string } {
  return { image: `nifti/${caseId}/image.nii.gz`, label: `nifti/${caseId}/label.nii.gz` };
}

/** Where the NRRD pair of a case goes, relative to the export folder. */
export function nrrdCasePaths(caseId: string): { image: string; label: string } {
  return { image: `nrrd/${caseId}/image.nrrd`, label: `nrrd/${caseId}/label.nrrd` };
}

/** The NIfTI pair of a case as files to write (also used by the MONAI exporter). */
export function niftiCaseFiles(caseId: string): CaseImageFile[] {
  const p = niftiCasePaths(caseId);
  return [
    { path: p.image, kind: 'image', container: 'nifti' },
    { path: p.label, kind: 'label', container: 'nifti' },
  ];
}

export const niftiExporter: CaseExporter = {
  format: 'nifti',
  writeCase(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
    return writeCaseImages(c, ctx, niftiCaseFiles(c.plan.caseId));
  },
};

export const nrrdExporter: CaseExporter = {
  format: 'nrrd',
  writeCase(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
    const p = nrrdCasePaths(c.plan.caseId);
    return writeCaseImages(c, ctx, [
      { path: p.image, kind: 'image', container: 'nrrd' },
      { path: p.label, kind: 'label', container: 'nrrd' },
    ]);
  },
};
