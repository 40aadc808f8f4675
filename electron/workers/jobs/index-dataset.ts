import fs from 'node:fs';
import type { IndexedScan } from '../../common/job-catalogue';
import { indexDataset } from '../../core/datasets';
import type { CachedFileEntry } from '../../core/io';
import { defineJob } from '../job-definition';

/**
 * Indexes a dataset folder: layout, headers of new or changed files (the host passes what
 * it stored last time), and its annotation files. Returns everything for the host to store;
 * the database stays in the host process.
 */
export const indexDatasetJob = defineJob('indexDataset', async ({ path: root, previous, fileBudget }, ctx) => {
  const usable = previous.filter((e) => e.kind !== 'annotation') as CachedFileEntry[];
  const { series, ...rest } = await indexDataset(root, usable, ctx, fileBudget === undefined ? {} : { fileBudget });
  const scans: IndexedScan[] = series.map((s) => ({
    seriesInstanceUid: s.seriesInstanceUid,
    studyInstanceUid: s.studyInstanceUid,
    patientId: s.patientId,
    modality: s.modality,
    description: s.description,
    format: s.format,
    path: s.format === 'dicom' ? commonFolder(s.files) : s.files[0]!,
    dims: s.geometry.dims,
    spacing: s.geometry.spacing,
    origin: s.geometry.origin,
    direction: s.geometry.direction,
    sliceCount: s.sliceCount,
  missingSlices: s.missingSlices,
    warnings: s.warnings,
    files: s.files.map((f) => {
      const st = fs.statSync(f, { throwIfNoEntry: false });
      return { path: f, size: st?.size ?? 0, mtimeMs: st?.mtimeMs ?? 0 };
    }),
  }));
  return { ...rest, scans };
});

/** The deepest folder holding every file of a series. */
export function commonFolder(files: readonly string[]): string {
  const dirs = files.map((f) => f.slice(0, Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'))));
  let prefix = dirs[0] ?? '';
  for (const d of dirs) {
    while (prefix && d !== prefix && !d.startsWith(prefix + '/') && !d.startsWith(prefix + '\\')) {
      prefix = prefix.slice(0, Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\')));
    }
  }
  return prefix || '/';
}
