import fs from 'node:fs';
import { isLungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { throwIfCancelled } from './cancel';
import { WalkGuard, type WalkGuardOptions } from '../datasets/walk-guard';
import { dicomDescriptor, isMetaImage, issueOf, metaImageDescriptorWithData, niftiNrrdDescriptor } from './descriptors';
import { assembleSeries, groupBySeries, isDicomCandidate, listFiles, readSliceHeaders } from './dicom/series';
import type { SliceHeader } from './dicom/slice-header';
import { niftiNrrdFormat } from './nifti-nrrd';
import type { DiscoveryResult, FileIssue, SeriesDescriptor } from './types';

export type CachedFileKind = 'dicom' | 'metaimage' | 'nifti' | 'nrrd' | 'other' | 'error';

/**
 * What discovery learnt from one file, valid while its size and mtime are unchanged.
 * dicom: `header` is the SliceHeader; metaimage/nifti/nrrd: `{ descriptor, dataFiles }`;
 * error: `error` is why the file could not be used; other: not an image (CSV, XML, data
 * file of a header), never read.
 */
export interface CachedFileEntry {
  path: string;
  size: number;
  mtimeMs: number;
  kind: CachedFileKind;
  header: unknown;
  error: FileIssue | null;
}

export interface IncrementalDiscovery extends DiscoveryResult {
  /** New or changed entries, to store. */
  entries: CachedFileEntry[];
  /** Cached paths that are gone. */
  removed: string[];
  /** Every file under the root, sorted. */
  allFiles: string[];
  /** DICOM headers by file (reused and newly read), for callers that need per-slice data. */
  dicomHeaders: Map<string, SliceHeader>;
  /**
   * Every file under the root that no series reads, and why (`skipReasonOf`): `issues`, plus
   * files never opened because their extension says they are no image (a .raw that is no
   * header's data file). Annotation files (CSV, XML) are among them: only the caller knows
   * which of those it imported.
   */
  skipped: FileIssue[];
  stats: { files: number; read: number; reused: number; removed: number };
  /** Symbolic links left out because they lead outside the root (walk-guard.ts). */
  outside: string[];
}

/** A path without its extension: a .mhd and its .raw / .zraw share it (older caches name no data files). */
const stem = (p: string): string => p.replace(/\.[^./\\]*$/, '');

function isSliceHeader(v: unknown): v is SliceHeader {
  const h = v as SliceHeader | null;
  return !!h && typeof h.file === 'string' && Array.isArray(h.imageOrientationPatient) && Array.isArray(h.imagePositionPatient) && typeof h.rows === 'number';
}

function isDescriptorHeader(v: unknown): v is { descriptor: SeriesDescriptor; dataFiles: string[] } {
  const h = v as { descriptor?: SeriesDescriptor; dataFiles?: unknown } | null;
  return !!h && !!h.descriptor && Array.isArray(h.descriptor.files) && Array.isArray(h.dataFiles);
}

/**
 * Discovery that reads only new or changed files: `previous` is what an earlier pass
 * stored (by path), and an entry whose file still has the same size and mtime is reused
 * without opening the file. The series are then assembled from every current header, so
 * the result equals a full `discoverSeries` of the folder (except that an empty folder
 * gives no series instead of io.no-series: a re-index must be able to notice that
 * everything was removed).
 */
export async function discoverSeriesIncremental(
  root: string,
  previous: ReadonlyMap<string, CachedFileEntry>,
  ctx?: JobContext,
  opts: WalkGuardOptions = {},
): Promise<IncrementalDiscovery> {
  ctx?.progress('list files', 0);
  const guard = await WalkGuard.open(root, opts);
  const allFiles = await listFiles(root, ctx, { guard });
  const current = new Map<string, CachedFileEntry>();
  const toRead: { path: string; size: number; mtimeMs: number }[] = [];
  for (let i = 0; i < allFiles.length; i++) {
    if (i % 4096 === 0) throwIfCancelled(ctx);
    const p = allFiles[i]!;
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      continue; // vanished between listing and stat
    }
    const old = previous.get(p);
    const valid =
      old &&
      old.size === st.size &&
      old.mtimeMs === st.mtimeMs &&
      (old.kind === 'dicom' ? isSliceHeader(old.header) : old.kind === 'metaimage' || old.kind === 'nifti' || old.kind === 'nrrd' ? isDescriptorHeader(old.header) : true);
    if (valid) current.set(p, old);
    else toRead.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
  }
  const reused = current.size;
  const entries: CachedFileEntry[] = [];
  const readDone = new Set<string>();
  const put = (e: CachedFileEntry) => {
    current.set(e.path, e);
    entries.push(e);
    readDone.add(e.path);
  };
  const statOf = new Map(toRead.map((f) => [f.path, f]));
  const base = (p: string) => ({ path: p, size: statOf.get(p)!.size, mtimeMs: statOf.get(p)!.mtimeMs });

  // Headers of NIfTI/NRRD first: a .nhdr's data file is then not probed as DICOM.
  const dataFiles = new Set<string>();
  for (const e of current.values()) if (isDescriptorHeader(e.header)) for (const d of e.header.dataFiles) dataFiles.add(d);
  for (const f of toRead) {
    const fmt = niftiNrrdFormat(f.path);
    if (!fmt && !isMetaImage(f.path)) continue;
    throwIfCancelled(ctx);
    try {
      const d = fmt ? await niftiNrrdDescriptor(f.path) : await metaImageDescriptorWithData(f.path);
      for (const df of d.dataFiles) dataFiles.add(df);
      put({ ...base(f.path), kind: fmt ?? 'metaimage', header: d, error: null });
    } catch (e) {
      if (isLungDeskError(e) && e.code === 'job.cancelled') throw e;
      put({ ...base(f.path), kind: 'error', header: null, error: issueOf(e, f.path) });
    }
  }
  const dicomCandidates: string[] = [];
  for (const f of toRead) {
    if (readDone.has(f.path)) continue;
    if (niftiNrrdFormat(f.path) || isMetaImage(f.path)) continue;
    if (dataFiles.has(f.path) || !isDicomCandidate(f.path)) put({ ...base(f.path), kind: 'other', header: null, error: null });
    else dicomCandidates.push(f.path);
  }
  const issues: FileIssue[] = [];
  const headers = await readSliceHeaders(dicomCandidates, ctx, issues, (done) => {
    if (done % 64 === 0 || done === dicomCandidates.length) ctx?.progress('read headers', (0.95 * done) / Math.max(1, dicomCandidates.length));
  });
  for (const h of headers) put({ ...base(h.file), kind: 'dicom', header: h, error: null });
  for (const issue of issues) if (statOf.has(issue.file)) put({ ...base(issue.file), kind: 'error', header: null, error: issue });
  throwIfCancelled(ctx);

  // Assemble from every current entry, reused or new.
  const dicomHeaders = new Map<string, SliceHeader>();
  const series: SeriesDescriptor[] = [];
  const allIssues: FileIssue[] = [];
  for (const e of current.values()) {
    if (e.kind === 'dicom' && isSliceHeader(e.header)) dicomHeaders.set(e.path, e.header);
    else if (isDescriptorHeader(e.header)) series.push(e.header.descriptor);
    else if (e.kind === 'error' && e.error) allIssues.push(e.error);
  }
  for (const group of groupBySeries([...dicomHeaders.values()])) {
    const a = assembleSeries(group);
    allIssues.push(...a.issues);
    const d = dicomDescriptor(a);
    if (d) series.push(d);
  }
  series.sort((a, b) => (a.files[0]! < b.files[0]! ? -1 : a.files[0]! > b.files[0]! ? 1 : 0));
  allIssues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const skipped = [...allIssues];
  const headerStems = new Set([...current.values()].filter((e) => e.kind === 'metaimage').map((e) => stem(e.path)));
  for (const e of current.values()) {
    if (e.kind !== 'other' || dataFiles.has(e.path) || headerStems.has(stem(e.path))) continue;
    skipped.push({ file: e.path, code: 'io.not-dicom', reason: 'not-image', message: `${e.path}: not an image, and no image header names it as its data file` });
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const present = new Set(allFiles);
  const removed = [...previous.keys()].filter((p) => !present.has(p));
  ctx?.progress('read headers', 1);
  return {
    series,
    issues: allIssues,
    entries,
    removed,
    allFiles,
    dicomHeaders,
    skipped,
    stats: { files: allFiles.length, read: toRead.length, reused, removed: removed.length },
    outside: guard.outside,
  };
}

export interface FolderChanges {
  changed: boolean;
  files: number;
  added: number;
  modified: number;
  removed: number;
}

/**
 * Whether anything under `root` differs from `previous` (by path, size and mtime): a cheap
 * check (directory listing and stat only, asynchronous so a host process stays responsive)
 * that lets a re-index of an unchanged dataset skip the indexing job altogether.
 */
export async function detectFolderChanges(
  root: string,
  previous: ReadonlyMap<string, { size: number; mtimeMs: number }>,
  ctx?: JobContext,
): Promise<FolderChanges> {
  ctx?.progress('list files', 0);
  const files = await listFiles(root, ctx);
  let added = 0;
  let modified = 0;
  // Synchronous stat is ~10× cheaper than a thread-pool round trip per file; chunks with a
  // yield in between keep the host's event loop responsive on huge datasets.
  for (let i = 0; i < files.length; i++) {
    if (i % 512 === 0) {
      throwIfCancelled(ctx);
      ctx?.progress('compare files', i / files.length);
      if (i > 0) await new Promise((r) => setImmediate(r));
    }
    const p = files[i]!;
    const old = previous.get(p);
    if (!old) {
      added++;
      continue;
    }
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st || st.size !== old.size || st.mtimeMs !== old.mtimeMs) modified++;
  }
  const present = new Set(files);
  let removed = 0;
  for (const p of previous.keys()) if (!present.has(p)) removed++;
  return { changed: added + modified + removed > 0, files: files.length, added, modified, removed };
}
