import fs from 'node:fs/promises';
import { z } from 'zod';
import type { ScanFormat } from '../../common';
import { discoverSeries, type FileIssue } from '../../core/io';
import { defineJob } from '../job-definition';

/** One scan as the index stores it (the shape of db's ScanRecordInput). */
export interface IndexedScan {
  seriesInstanceUid: string;
  studyInstanceUid: string;
  patientId: string;
  modality: string;
  description: string;
  format: ScanFormat;
  path: string;
  dims: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  direction: number[];
  sliceCount: number;
  warnings: string[];
  files: { path: string; size: number; mtimeMs: number }[];
}

export interface IndexFolderResult {
  scans: IndexedScan[];
  issues: FileIssue[];
}

/**
 * Reads the headers of every DICOM series and MetaImage under a folder (no pixels) and
 * returns them for the host to store; the database stays in the host process.
 */
export const indexFolderJob = defineJob({
  type: 'indexFolder',
  params: z.object({ path: z.string().min(1) }),
  async run({ path }, ctx): Promise<IndexFolderResult> {
    const found = await discoverSeries(path, ctx);
    const scans: IndexedScan[] = [];
    for (const s of found.series) {
      const files = await Promise.all(
        s.files.map(async (f) => {
          const st = await fs.stat(f);
          return { path: f, size: st.size, mtimeMs: st.mtimeMs };
        }),
      );
      scans.push({
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
        warnings: s.warnings,
        files,
      });
    }
    return { scans, issues: found.issues };
  },
});

/** The deepest folder holding every file of a series. */
function commonFolder(files: string[]): string {
  const dirs = files.map((f) => f.slice(0, Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'))));
  let prefix = dirs[0] ?? '';
  for (const d of dirs) {
    while (prefix && d !== prefix && !d.startsWith(prefix + '/') && !d.startsWith(prefix + '\\')) {
      prefix = prefix.slice(0, Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\')));
    }
  }
  return prefix || '/';
}
