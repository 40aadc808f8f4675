import fs from 'node:fs';
import path from 'node:path';
import { isLungDeskError, toErrorInfo } from '../../common/errors';
import { pairNnunetLabelmaps, type NnunetLabelmap } from './nnunet-labelmaps';
import type { JobContext } from '../../common/jobs';
import type { AnnotationFileReport, ImportedAnnotation, ImportedCandidate } from '../../common/job-catalogue';
import { readDsbLabels } from '../annotations/dsb';
import { readLidcReaderMarks, slotLocator, type LidcReaderMarks } from '../annotations/lidc';
import { readLunaAnnotations } from '../annotations/luna';
import { discoverSeriesIncremental, type CachedFileEntry, type IncrementalDiscovery, type SeriesDescriptor } from '../io';
import { detectDatasetLayout } from './detect-layout';

export type { AnnotationFileReport, ImportedAnnotation, ImportedCandidate };

export interface DatasetIndex {
  layout: { kind: string; displayName: string; evidence: string[]; truncated: boolean };
  /** Scans: every image series except LUNA16's lung masks. */
  series: SeriesDescriptor[];
  discovery: Omit<IncrementalDiscovery, 'dicomHeaders' | 'series' | 'allFiles' | 'outside'>;
  /** Annotations per series UID (a UID can name a DICOM series and a .mhd of the same scan). */
  annotations: { seriesUid: string; source: 'luna-csv' | 'lidc-xml'; rows: ImportedAnnotation[] }[];
  candidates: { seriesUid: string; source: 'luna-candidates' | 'luna-excluded'; rows: ImportedCandidate[] }[];
  labels: { patientId: string; name: string; value: number; sourceFile: string }[];
  /** nnU-Net label files with the image each labels (opened as that scan's mask). */
  labelmaps: NnunetLabelmap[];
  reports: AnnotationFileReport[];
  warnings: string[];
}

// LUNA16's official lung masks (.mhd) are masks of scans, not scans.
const isLunaLungMask = (file: string) => /(^|[\\/])seg-lungs-LUNA16([\\/]|$)/i.test(path.dirname(file));

// An nnU-Net dataset's labelsTr / labelsTs (beside its dataset.json) hold labelmaps of the
// images in imagesTr / imagesTs, not scans: an exported training set opens with its images only.
function isNnunetLabel(file: string): boolean {
  const dir = path.dirname(file);
  return /^labels(Tr|Ts)$/.test(path.basename(dir)) && fs.existsSync(path.join(path.dirname(dir), 'dataset.json'));
}
const isLabelNotScan = (file: string): boolean => isLunaLungMask(file) || isNnunetLabel(file);

/**
 * Indexes a dataset root: recognises its layout, reads the headers of new or changed
 * image files (reusing `previous` for the rest), and imports every annotation file the
 * layout names: LUNA16 annotations / candidates / irrelevant findings matched by series
 * UID (rows for scans not present are counted, not errors), LIDC reader XML turned into
 * reader marks and ≥ 50 % consensus nodules on the matching series' grid, and DSB2017
 * labels. Malformed rows are reported with their line numbers; the rest is imported.
 * The walks stay inside the root (symbolic links out of it are named in `warnings`, not
 * followed) and stop with dataset.too-many-files past `opts.fileBudget` files.
 */
export async function indexDataset(root: string, previous: readonly CachedFileEntry[], ctx?: JobContext, opts: { fileBudget?: number } = {}): Promise<DatasetIndex> {
  const abs = path.resolve(root);
  const sub = (from: number, to: number): JobContext | undefined =>
    ctx && { ...ctx, progress: (stage: string, f: number) => ctx.progress(stage, from + (to - from) * Math.min(1, Math.max(0, f))) };

  ctx?.progress('recognise layout', 0);
  let layout: DatasetIndex['layout'] = { kind: 'folder', displayName: 'Folder of scans', evidence: [], truncated: false };
  let annotationFiles: { kind: string; path: string }[] = [];
  try {
    const l = await detectDatasetLayout(abs, { ...(ctx ? { ctx } : {}), ...opts });
    layout = { kind: l.kind, displayName: l.displayName, evidence: l.evidence, truncated: l.truncated };
    annotationFiles = l.annotationFiles;
  } catch (e) {
    if (isLungDeskError(e) && (e.code === 'job.cancelled' || e.code === 'dataset.too-many-files')) throw e;
    // No recognisable layout (or no images): discovery below says what is there.
  }

  const prev = new Map(previous.map((e) => [e.path, e]));
  const d = await discoverSeriesIncremental(abs, prev, sub(0.05, 0.7), opts);
  const warnings: string[] = [];
  if (d.outside.length) {
    const shown = d.outside.slice(0, 5).map((p) => path.relative(abs, p)).join(', ');
    warnings.push(`${d.outside.length} symbolic link(s) lead outside the dataset folder and were not followed: ${shown}${d.outside.length > 5 ? ', …' : ''}`);
  }
  const masks = d.series.filter((s) => isLunaLungMask(s.files[0]!));
  if (masks.length) warnings.push(`${masks.length} LUNA16 lung mask(s) (seg-lungs-LUNA16) found; kept as masks, not listed as scans`);
  const nnunetLabels = d.series.filter((s) => isNnunetLabel(s.files[0]!));
  if (nnunetLabels.length) warnings.push(`${nnunetLabels.length} nnU-Net label file(s) (labelsTr / labelsTs beside dataset.json) found; not listed as scans`);
  const series = d.series.filter((s) => !isLabelNotScan(s.files[0]!));
  const labelmaps = pairNnunetLabelmaps(nnunetLabels.map((s) => s.files[0]!), new Set(series.map((s) => s.files[0]!)));
  const uids = new Set(series.map((s) => s.seriesInstanceUid).filter(Boolean));

  // LIDC XML: the layout lists them; a truncated walk may not, so sniff every .xml too.
  const xmls = new Set(annotationFiles.filter((a) => a.kind === 'lidc-xml').map((a) => a.path));
  if (layout.truncated) for (const f of d.allFiles) if (/\.xml$/i.test(f) && looksLikeLidc(f)) xmls.add(f);

  const annotations: DatasetIndex['annotations'] = [];
  const candidates: DatasetIndex['candidates'] = [];
  const labels: DatasetIndex['labels'] = [];
  const reports: AnnotationFileReport[] = [];

  const luna = annotationFiles.filter((a) => a.kind === 'luna-annotations' || a.kind === 'luna-candidates' || a.kind === 'luna-excluded');
  for (let i = 0; i < luna.length; i++) {
    const file = luna[i]!.path;
    sub(0.7, 0.85)?.progress(`import ${path.basename(file)}`, i / luna.length);
    try {
      const r = await readLunaAnnotations(file, ctx ? { ctx } : {});
      const byUid = new Map<string, typeof r.rows>();
      for (const row of r.rows) {
        const list = byUid.get(row.seriesuid);
        if (list) list.push(row);
        else byUid.set(row.seriesuid, [row]);
      }
      let matched = 0;
      let seriesUnmatched = 0;
      for (const [uid, rows] of byUid) {
        if (!uids.has(uid)) {
          seriesUnmatched++;
          continue;
        }
        matched += rows.length;
        if (r.kind === 'annotations') {
          annotations.push({
            seriesUid: uid,
            source: 'luna-csv',
            rows: rows.map((row) => ({
              kind: 'nodule',
              center: [row.coordX, row.coordY, row.coordZ],
              diameterMm: row.diameterMm,
              reader: null,
              noduleRef: `${path.basename(file)}:${row.line}`,
              agreement: null,
              volumeMm3: null,
              characteristics: null,
              sourceFile: file,
              sourceLine: row.line,
            })),
          });
        } else {
          candidates.push({
            seriesUid: uid,
            source: r.kind === 'candidates' ? 'luna-candidates' : 'luna-excluded',
            rows: rows.map((row) => ({ x: row.coordX, y: row.coordY, z: row.coordZ, diameterMm: row.diameterMm, candidateClass: row.candidateClass ?? null, sourceFile: file, sourceLine: row.line })),
          });
        }
      }
      reports.push({ file, kind: `luna-${r.kind}`, rowsTotal: r.rows.length, rowsMatched: matched, rowsUnmatched: r.rows.length - matched, seriesUnmatched, errors: r.errors });
    } catch (e) {
      if (isLungDeskError(e) && e.code === 'job.cancelled') throw e;
      const info = toErrorInfo(e);
      reports.push({ file, kind: luna[i]!.kind, rowsTotal: 0, rowsMatched: 0, rowsUnmatched: 0, seriesUnmatched: 0, errors: [{ file, line: 0, message: `${info.code}: ${info.message}` }] });
    }
  }

  const xmlList = [...xmls].sort();
  for (let i = 0; i < xmlList.length; i++) {
    const file = xmlList[i]!;
    sub(0.85, 0.97)?.progress(`import ${path.basename(file)}`, i / xmlList.length);
    const report: AnnotationFileReport = { file, kind: 'lidc-xml', rowsTotal: 0, rowsMatched: 0, rowsUnmatched: 0, seriesUnmatched: 0, errors: [] };
    try {
      const target = lidcTargetSeries(file, series);
      if (!target) {
        report.seriesUnmatched = 1;
        reports.push(report);
        continue;
      }
      const headers = target.files.map((f) => d.dicomHeaders.get(f));
      // Slot-ordered: a series with missing slices keeps each file at its own slot.
      const locator =
        target.format === 'dicom' && headers.every((h) => h !== undefined)
          ? slotLocator(target.geometry, headers.map((h) => h!), target.missingSlices)
          : { geometry: target.geometry };
      const lidc = await readLidcReaderMarks(file, locator);
      const rows = lidcRows(lidc, file);
      report.rowsTotal = rows.length;
      report.rowsMatched = rows.length;
      for (const w of lidc.warnings.slice(0, 20)) report.errors.push({ file, line: 0, message: w });
      annotations.push({ seriesUid: target.seriesInstanceUid, source: 'lidc-xml', rows });
    } catch (e) {
      if (isLungDeskError(e) && e.code === 'job.cancelled') throw e;
      const info = toErrorInfo(e);
      report.errors.push({ file, line: 0, message: `${info.code}: ${info.message}` });
    }
    reports.push(report);
  }

  for (const a of annotationFiles.filter((x) => x.kind === 'dsb-labels')) {
    try {
      const r = await readDsbLabels(a.path, ctx ? { ctx } : {});
      const patients = new Set(series.map((s) => s.patientId).filter(Boolean));
      const all = r.kind === 'labels' ? r.labels.map((l) => ({ patientId: l.patientId, value: l.cancer })) : r.predictions.map((p) => ({ patientId: p.patientId, value: p.cancer }));
      const name = r.kind === 'labels' ? 'cancer' : 'cancer-prediction';
      for (const l of all) labels.push({ patientId: l.patientId, name, value: l.value, sourceFile: a.path });
      const matched = all.filter((l) => patients.has(l.patientId)).length;
      reports.push({ file: a.path, kind: `dsb-${r.kind}`, rowsTotal: all.length, rowsMatched: matched, rowsUnmatched: all.length - matched, seriesUnmatched: 0, errors: r.errors });
    } catch (e) {
      if (isLungDeskError(e) && e.code === 'job.cancelled') throw e;
      const info = toErrorInfo(e);
      reports.push({ file: a.path, kind: 'dsb-labels', rowsTotal: 0, rowsMatched: 0, rowsUnmatched: 0, seriesUnmatched: 0, errors: [{ file: a.path, line: 0, message: `${info.code}: ${info.message}` }] });
    }
  }
  ctx?.progress('done', 1);

  const { dicomHeaders: _h, series: _s, allFiles: _a, outside: _o, ...discovery } = d;
  return { layout, series, discovery, annotations, candidates, labels, labelmaps, reports, warnings };
}

function looksLikeLidc(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return /LidcReadMessage|IdriReadMessage/.test(buf.toString('latin1', 0, n));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The series an LIDC XML belongs to: the one its ResponseHeader names, else the DICOM series beside it. */
function lidcTargetSeries(xml: string, series: readonly SeriesDescriptor[]): SeriesDescriptor | undefined {
  let head = '';
  try {
    // The first 8 KB only: the ResponseHeader comes first, and an XML can be any size.
    const fd = fs.openSync(xml, 'r');
    try {
      const b = Buffer.alloc(8192);
      head = b.toString('latin1', 0, fs.readSync(fd, b, 0, b.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const uid = /<SeriesInstanceUid>\s*([0-9.]+)\s*</i.exec(head)?.[1];
  const dicom = series.filter((s) => s.format === 'dicom');
  if (uid) {
    const byUid = dicom.find((s) => s.seriesInstanceUid === uid);
    if (byUid) return byUid;
  }
  const dir = path.dirname(xml);
  return dicom.find((s) => path.dirname(s.files[0]!) === dir);
}

function numericCharacteristics(c: object): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return Object.keys(out).length ? out : null;
}

/**
 * An LIDC XML as index rows: every reader's mark as that reader made it (contoured nodules
 * with their contours, < 3 mm nodules and non-nodules as points), each with its reading
 * session and the file's number of sessions; the lesion grouping and the consensus are
 * derived from these (core/review), never stored.
 */
function lidcRows(l: LidcReaderMarks, file: string): ImportedAnnotation[] {
  return l.marks.map((m) => ({
    kind: m.kind,
    center: m.centerWorld,
    diameterMm: m.diameterMm !== null && m.diameterMm > 0 ? m.diameterMm : null,
    reader: m.readerId,
    noduleRef: m.markId,
    agreement: null,
    volumeMm3: m.volumeMm3,
    characteristics: numericCharacteristics(m.characteristics ?? {}),
    sourceFile: file,
    sourceLine: null,
    session: m.session,
    sessionCount: l.sessionCount,
    contours: m.contours.length ? m.contours.map((c) => ({ k: c.k, inclusion: c.inclusion, points: c.edgeMap.map(([x, y]) => [x, y] as [number, number]) })) : null,
  }));
}
