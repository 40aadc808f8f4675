import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LungDeskError, isLungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import type { Volume } from '../volume/volume';
import { throwIfCancelled } from './cancel';
import { refuseDatasetFolder } from '../datasets/folder-policy';
import { loadDicomVolume, type DicomVolumeLoad } from './dicom/pixels';
import { ioError } from './dicom/read-file';
import { assembleSeries, groupBySeries, isDicomCandidate, listFiles, readSliceHeaders } from './dicom/series';
import { readMetaImage } from './metaimage';
import { dicomDescriptor, isMetaImage, issueOf, metaImageDescriptor, niftiNrrdDescriptor } from './descriptors';
import { niftiNrrdFormat, readNiftiNrrd } from './nifti-nrrd';
import type { ReadLimits } from './limits';
import type { DiscoveryResult, FileIssue, SeriesDescriptor } from './types';

/**
 * The scan readers' public surface: find series under a path, load one as an HU volume.
 * DICOM (uncompressed; compressed syntaxes are found with their geometry but not decoded
 * yet), MetaImage (.mhd/.mha), NIfTI (.nii/.nii.gz) and NRRD (.nrrd/.nhdr). Everything else
 * in `core/io` is an implementation detail.
 */
export type { DiscoveryResult, FileIssue, SeriesDescriptor } from './types';
export { skipReasonOf } from './types';
export type { PaddedVoxels } from './dicom/pixels';
export { DEFAULT_MAX_VOLUME_BYTES, maxVolumeBytes, type ReadLimits } from './limits';

/**
 * A scan's HU volume and what in it was not measured: `missingSlices` (slots of a DICOM
 * series' missing slices, filled with `PADDING_HU`) and `outsideField` (DICOM pixels the
 * padding rule turned into their intercept). Both are empty for MetaImage, NIfTI and NRRD,
 * whose outside-the-field voxels keep the value the converter wrote.
 */
export type LoadedScanVolume = DicomVolumeLoad;

/**
 * Finds every series under `target`: a folder (DICOM series at any depth and .mhd/.mha,
 * .nii/.nii.gz and .nrrd/.nhdr files anywhere under it) or a single such file. Files that cannot be used are listed in
 * `issues`; one bad series never stops the others. Throws io.not-found for a missing path,
 * io.no-series when a folder holds no series, job.cancelled when `ctx.signal` aborts.
 */
export async function discoverSeries(target: string, ctx?: JobContext): Promise<DiscoveryResult> {
  const abs = path.resolve(target);
  let st: import('node:fs').Stats;
  try {
    st = await fsp.stat(abs);
  } catch (e) {
    const err = ioError(e, abs);
    if (err.code === 'io.not-found') throw new LungDeskError('io.not-found', `${abs} does not exist`, { file: abs });
    throw err;
  }
  throwIfCancelled(ctx);

  if (st.isFile()) {
    if (isMetaImage(abs)) return { series: [await metaImageDescriptor(abs)], issues: [] };
    if (niftiNrrdFormat(abs)) return { series: [(await niftiNrrdDescriptor(abs)).descriptor], issues: [] };
    const issues: FileIssue[] = [];
    const headers = await readSliceHeaders([abs], ctx, issues);
    const first = issues[0];
    if (headers.length === 0 && first) throw new LungDeskError(first.code, first.message, { file: first.file });
    const a = assembleSeries(headers);
    issues.push(...a.issues);
    const d = dicomDescriptor(a);
    if (!d) throw new LungDeskError('io.no-series', `${abs} is not an image that can form a volume`, { file: abs, detail: { issues } });
    return { series: [d], issues };
  }

  // Never a walk of /, /proc, /sys or /dev (nor of a link to one): refused by name, as a dataset is.
  refuseDatasetFolder(abs, await fsp.realpath(abs).catch(() => abs));
  ctx?.progress('list files', 0);
  const files = await listFiles(abs, ctx);
  const issues: FileIssue[] = [];
  const series: SeriesDescriptor[] = [];

  const metaFiles = files.filter(isMetaImage);
  const niftiNrrdFiles = files.filter((f) => niftiNrrdFormat(f) !== undefined);
  // NIfTI/NRRD headers first: a .nhdr's detached data file (.raw.gz, .gz, ...) is then not tried as DICOM.
  const niftiNrrd: SeriesDescriptor[] = [];
  const dataFilesOfHeaders = new Set<string>();
  for (const f of niftiNrrdFiles) {
    throwIfCancelled(ctx);
    try {
      const d = await niftiNrrdDescriptor(f);
      niftiNrrd.push(d.descriptor);
      for (const df of d.dataFiles) dataFilesOfHeaders.add(df);
    } catch (e) {
      if (isLungDeskError(e) && e.code === 'job.cancelled') throw e;
      issues.push(issueOf(e, f));
    }
  }
  const dicomFiles = files.filter((f) => !isMetaImage(f) && !niftiNrrdFormat(f) && !dataFilesOfHeaders.has(f) && isDicomCandidate(f));
  const total = Math.max(1, dicomFiles.length + metaFiles.length);
  const headers = await readSliceHeaders(dicomFiles, ctx, issues, (done) => {
    if (done % 32 === 0 || done === dicomFiles.length) ctx?.progress('read headers', (0.95 * done) / total);
  });
  throwIfCancelled(ctx);
  for (const group of groupBySeries(headers)) {
    const a = assembleSeries(group);
    issues.push(...a.issues);
    const d = dicomDescriptor(a);
    if (d) series.push(d);
  }
  for (const m of metaFiles) {
    throwIfCancelled(ctx);
    try {
      series.push(await metaImageDescriptor(m));
    } catch (e) {
      if (isLungDeskError(e) && e.code === 'job.cancelled') throw e;
      issues.push(issueOf(e, m));
    }
  }
  series.push(...niftiNrrd);
  ctx?.progress('read headers', 1);
  if (series.length === 0) {
    throw new LungDeskError('io.no-series', `${abs}: no readable image series (${files.length} file(s) looked at, ${issues.length} problem(s))`, {
      file: abs,
      detail: { issues: issues.slice(0, 50) },
    });
  }
  series.sort((a, b) => (a.files[0]! < b.files[0]! ? -1 : a.files[0]! > b.files[0]! ? 1 : 0));
  issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { series, issues };
}

/**
 * Loads one series as an HU int16 volume with its geometry. For DICOM, `files` may be in any
 * order (slices are sorted by position again); for MetaImage, NIfTI and NRRD, `files[0]` is
 * the (header) file. A volume above the size cap (`limits`, else LUNGDESK_MAX_VOLUME_MB, else
 * 1 GiB) is io.too-large before its voxels are allocated.
 */
export async function loadVolume(desc: Pick<SeriesDescriptor, 'format' | 'files'>, ctx?: JobContext, limits?: ReadLimits): Promise<LoadedScanVolume> {
  if (desc.files.length === 0) throw new LungDeskError('io.no-series', 'no files given to load');
  const measuredOnly = (r: { volume: Volume; warnings: string[] }): LoadedScanVolume => ({ ...r, missingSlices: [], outsideField: [] });
  if (desc.format === 'metaimage') return measuredOnly(await readMetaImage(desc.files[0]!, ctx, limits));
  if (desc.format === 'nifti' || desc.format === 'nrrd') return measuredOnly(await readNiftiNrrd(desc.files[0]!, ctx, limits));
  return loadDicomVolume(desc.files, ctx, limits);
}

export { loadDicomSlices } from './dicom/pixels';
export { slotsOfFiles } from './dicom/slice-grid';
export { detectFolderChanges, discoverSeriesIncremental, type FolderChanges, type CachedFileEntry, type CachedFileKind, type IncrementalDiscovery } from './incremental-discovery';
