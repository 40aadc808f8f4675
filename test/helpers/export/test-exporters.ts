import type { ExportFormat } from '../../../electron/common/contract/export';
import type { CaseExporter, ExportCase, ExportedFile } from '../../../electron/core/export/case-model';
import { writeExportFile } from '../../../electron/core/export/export-file';
import { EXPORTERS } from '../../../electron/core/export/exporters';
import { npyHeader } from '../../../electron/core/io/write/npy-writer';

/**
 * Test-only stand-ins for the format exporters (the real ones live in their own modules of
 * electron/core/export and are merged separately), written against the same CaseExporter
 * interface so the export's spine (planning, loading, workers, resume, shards, manifest) can
 * be tested end to end. Deterministic, as every exporter must be.
 *
 * 'nifti' (a placeholder, NOT NIfTI): per case `cases/{case}/image.npy` (int16 HU, z,y,x),
 * `label.npy` (uint8 labelmap) and `lesions.json` (each positive lesion's voxel count and
 * label source); its finish writes `cases.json` (case → split).
 * 'monai' (a placeholder): per case nothing; its finish writes `datalist.json` from the
 * plans and files only, as a datalist exporter would.
 */
const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export const placeholderNifti: CaseExporter = {
  format: 'nifti',
  async writeCase(c: ExportCase, ctx): Promise<ExportedFile[]> {
    const [nx, ny, nz] = c.volume.dims;
    const dir = `cases/${c.plan.caseId}`;
    const positives = c.plan.lesions.filter((l) => l.role === 'positive');
    const lesions = positives.map((l, i) => ({ key: l.key, voxels: c.lesionVoxels.get(l.key)?.length ?? 0, source: c.labelSources.nodule[i] }));
    return [
      await writeExportFile(ctx.outDir, `${dir}/image.npy`, [npyHeader([nz, ny, nx], '<i2'), bytesOf(c.volume.voxels)], 'image'),
      await writeExportFile(ctx.outDir, `${dir}/label.npy`, [npyHeader([nz, ny, nx], '|u1'), c.labelmap], 'label'),
      await writeExportFile(ctx.outDir, `${dir}/lesions.json`, [Buffer.from(JSON.stringify({ lesions, lung: c.labelSources.lung }))], 'meta'),
    ];
  },
  async finish(cases, ctx) {
    const list = cases.map((c) => ({ caseId: c.plan.caseId, split: c.plan.split, files: c.files.map((f) => f.path) }));
    return [await writeExportFile(ctx.outDir, 'cases.json', [Buffer.from(JSON.stringify(list, null, 1))], 'index')];
  },
};

export const placeholderMonai: CaseExporter = {
  format: 'monai',
  async writeCase() {
    return [];
  },
  async finish(cases, ctx) {
    const training = cases.map((c) => ({ image: c.files.find((f) => f.role === 'image')?.path ?? null, fold: c.plan.fold }));
    return [await writeExportFile(ctx.outDir, 'datalist.json', [Buffer.from(JSON.stringify({ training }))], 'index')];
  },
};

/**
 * Puts the placeholders into the exporter table in place of the real 'nifti' and 'monai'
 * (in this process only): the spine's tests read the placeholder's plain arrays, whatever the
 * build's own formats write.
 */
export function registerTestExporters(): void {
  const table = EXPORTERS as Partial<Record<ExportFormat, CaseExporter>>;
  table.nifti = placeholderNifti;
  table.monai = placeholderMonai;
}
