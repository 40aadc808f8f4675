import type { ExportFormat } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import type { CaseExporter } from './case-model';
import { cubesExporter } from './cubes';
import { dicomSegExporter } from './dicom-seg';
import { monaiExporter } from './monai';
import { niftiExporter, nrrdExporter } from './nifti';
import { nnunetExporter } from './nnunet';
import { seedArraysExporter } from './seed-arrays';

/**
 * Format → its exporter: the one place an export finds the code of a format, in the host
 * (to refuse an export this build cannot write before anything is planned) and in the
 * workers (to write a case). A format without an entry is not available in this build.
 * Formats are added here as their modules land (nnunet, monai, nifti, nrrd: nifti.ts and
 * friends; seg: dicom-seg.ts; cubes, npy: cubes.ts, seed-arrays.ts).
 *
 * Tests add their own exporters to this table from a module preloaded into the test's
 * processes (`--import`), so workers see them too; product code never changes it at run time.
 */
export const EXPORTERS: Partial<Record<ExportFormat, CaseExporter>> = {
  nnunet: nnunetExporter,
  monai: monaiExporter,
  npy: seedArraysExporter,
  cubes: cubesExporter,
  seg: dicomSegExporter,
  nifti: niftiExporter,
  nrrd: nrrdExporter,
};

/** The exporters of `formats`, in that order, or export.format-unavailable naming what is missing. */
export function exportersFor(formats: readonly ExportFormat[]): CaseExporter[] {
  const missing = formats.filter((f) => !EXPORTERS[f]);
  if (missing.length) {
    const have = Object.keys(EXPORTERS).sort();
    throw new LungDeskError(
      'export.format-unavailable',
      `format${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not available in this build (available: ${have.length ? have.join(', ') : 'none'})`,
      { detail: { missing, available: have } },
    );
  }
  return formats.map((f) => EXPORTERS[f]!);
}

/** Formats this build can write. */
export function availableFormats(): ExportFormat[] {
  return (Object.keys(EXPORTERS) as ExportFormat[]).sort();
}
