import path from 'node:path';
import { LungDeskError } from '../../../common/errors';
import type { JobContext } from '../../../common/jobs';
import { type CsvRow, type CsvRowError, normaliseHeaderName, parseCsv, parseDecimal, readCsvFile } from '../csv';
import { RowErrorList, isDicomUid } from '../row-errors';

/**
 * Reader for the LUNA16 point-annotation CSVs:
 * - `annotations.csv`            seriesuid,coordX,coordY,coordZ,diameter_mm   (diameter > 0)
 * - `annotations_excluded.csv`   same header; diameter_mm is -1 where none was measured
 * - `candidates.csv`, `candidates_V2.csv`   seriesuid,coordX,coordY,coordZ,class   (class 0/1)
 *
 * Coordinates are world millimetres in the scan's (LPS, ITK) frame, as LUNA16 gives them.
 * The header decides the kind (any column order, names case-insensitive, extra columns
 * ignored); for the two diameter files, whose headers are identical, the file name decides
 * ("excluded" in it → excluded), and a name that says neither makes a file with any -1
 * diameter an excluded file. A bad row is reported with its line and skipped; the rest is
 * imported. Streams the file, so the 550k-row candidates files read in about a second.
 */

export type LunaFileKind = 'annotations' | 'annotations_excluded' | 'candidates';

export interface LunaAnnotation {
  /** 1-based line of the row in its file. */
  line: number;
  seriesuid: string;
  /** World coordinates, mm. */
  coordX: number;
  coordY: number;
  coordZ: number;
  /** Nodule diameter in mm; null where the file gives -1 (excluded findings) and for candidates. */
  diameterMm: number | null;
  /** Candidates only: 1 = nodule, 0 = not a nodule. */
  candidateClass?: 0 | 1;
}

export interface LunaAnnotationsResult {
  rows: LunaAnnotation[];
  errors: CsvRowError[];
  kind: LunaFileKind;
}

const COORDS = ['coordx', 'coordy', 'coordz'] as const;
const EXPECTED = 'seriesuid,coordX,coordY,coordZ and diameter_mm (annotations) or class (candidates)';

type NameHint = 'excluded' | 'annotations' | 'unknown';

function nameHint(file: string): NameHint {
  const base = path.basename(file).toLowerCase();
  if (base.includes('excluded')) return 'excluded';
  if (base.includes('annotation')) return 'annotations';
  return 'unknown';
}

interface Columns {
  uid: number;
  x: number;
  y: number;
  z: number;
  diameter: number; // -1 if absent
  cls: number; // -1 if absent
  count: number;
}

function readHeader(row: CsvRow, file: string): Columns {
  const names = row.fields.map(normaliseHeaderName);
  const find = (...aliases: string[]): number => names.findIndex((n) => aliases.includes(n));
  const uid = find('seriesuid', 'series_uid', 'seriesinstanceuid');
  const [x, y, z] = COORDS.map((c) => find(c)) as [number, number, number];
  const diameter = find('diameter_mm', 'diameter');
  const cls = find('class');
  const missing: string[] = [];
  if (uid < 0) missing.push('seriesuid');
  if (x < 0) missing.push('coordX');
  if (y < 0) missing.push('coordY');
  if (z < 0) missing.push('coordZ');
  if (diameter < 0 && cls < 0) missing.push('diameter_mm or class');
  if (missing.length > 0) {
    const first = row.fields[0]?.trim() ?? '';
    const looksLikeData = isDicomUid(first) || !Number.isNaN(parseDecimal(first));
    const why = looksLikeData ? 'the first row is data, not a header' : `missing column(s) ${missing.join(', ')}`;
    throw new LungDeskError('io.bad-header', `${file}: not a LUNA16 annotation/candidate CSV (${why}); expected a header with ${EXPECTED}`, {
      file,
      detail: { line: row.line, header: row.fields.slice(0, 20) },
    });
  }
  if (row.problem !== undefined) {
    throw new LungDeskError('io.bad-header', `${file}: malformed header row (${row.problem})`, { file, detail: { line: row.line } });
  }
  return { uid, x, y, z, diameter, cls, count: row.fields.length };
}

/**
 * Turns CSV rows into LUNA16 annotations; feed rows with `onRow`, then call `finish`.
 * Exposed so in-memory and streamed sources share one implementation.
 */
export function createLunaCollector(file: string): { onRow(row: CsvRow): void; finish(): LunaAnnotationsResult } {
  const hint = nameHint(file);
  const rows: LunaAnnotation[] = [];
  const errors = new RowErrorList(file);
  // Thousands of rows share a few hundred UIDs: keep one string per UID (and drop the
  // reference to the read chunk that a sliced string would keep alive).
  const uids = new Map<string, string>();
  let cols: Columns | undefined;
  let sawMinusOne = false;
  // For a file whose name does not say which diameter kind it is, rows with -1 are kept
  // provisionally and the kind is decided at the end.
  const onRow = (row: CsvRow): void => {
    if (cols === undefined) {
      cols = readHeader(row, file);
      return;
    }
    const f = row.fields;
    if (f.length !== cols.count) {
      errors.add(row.line, `expected ${cols.count} columns, found ${f.length}`);
      return;
    }
    if (row.problem !== undefined) {
      errors.add(row.line, `malformed quoting (${row.problem})`);
      return;
    }
    const rawUid = f[cols.uid]!.trim();
    let uid = uids.get(rawUid);
    if (uid === undefined && !isDicomUid(rawUid)) {
      errors.add(row.line, `seriesuid ${JSON.stringify(clip(rawUid))} is not a DICOM UID`);
      return;
    }
    const coordX = parseDecimal(f[cols.x]!);
    const coordY = parseDecimal(f[cols.y]!);
    const coordZ = parseDecimal(f[cols.z]!);
    if (Number.isNaN(coordX) || Number.isNaN(coordY) || Number.isNaN(coordZ)) {
      const bad = Number.isNaN(coordX) ? ['coordX', f[cols.x]!] : Number.isNaN(coordY) ? ['coordY', f[cols.y]!] : ['coordZ', f[cols.z]!];
      errors.add(row.line, `${bad[0]} ${JSON.stringify(clip(bad[1]!))} is not a finite number`);
      return;
    }
    if (uid === undefined) {
      uid = (' ' + rawUid).slice(1); // a flat copy, not a slice of the read chunk
      uids.set(uid, uid);
    }
    if (cols.cls >= 0) {
      const c = parseDecimal(f[cols.cls]!);
      if (c !== 0 && c !== 1) {
        errors.add(row.line, `class ${JSON.stringify(clip(f[cols.cls]!))} is not 0 or 1`);
        return;
      }
      rows.push({ line: row.line, seriesuid: uid, coordX, coordY, coordZ, diameterMm: null, candidateClass: c });
      return;
    }
    const d = parseDecimal(f[cols.diameter]!);
    let diameterMm: number | null;
    if (d > 0) {
      diameterMm = d;
    } else if (d === -1 && hint !== 'annotations') {
      diameterMm = null;
      sawMinusOne = true;
    } else {
      const allowed = hint === 'annotations' ? 'a positive number of mm' : 'a positive number of mm or -1';
      errors.add(row.line, `diameter_mm ${JSON.stringify(clip(f[cols.diameter]!))} is not ${allowed}`);
      return;
    }
    rows.push({ line: row.line, seriesuid: uid, coordX, coordY, coordZ, diameterMm });
  };
  const finish = (): LunaAnnotationsResult => {
    if (cols === undefined) {
      throw new LungDeskError('io.bad-header', `${file}: empty file; expected a header with ${EXPECTED}`, { file });
    }
    const kind: LunaFileKind = cols.cls >= 0 ? 'candidates' : hint === 'excluded' || sawMinusOne ? 'annotations_excluded' : 'annotations';
    return { rows, errors: errors.finish(), kind };
  };
  return { onRow, finish };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * Reads a LUNA16 annotations, annotations_excluded or candidates CSV (streamed).
 * Wrong or missing header, or an empty file → io.bad-header; missing file → io.not-found;
 * cancelled → job.cancelled. Bad rows land in `errors`.
 */
export async function readLunaAnnotations(file: string, opts: { ctx?: JobContext } = {}): Promise<LunaAnnotationsResult> {
  const collector = createLunaCollector(file);
  await readCsvFile(file, collector.onRow, { multilineQuotes: false, ctx: opts.ctx, stage: 'read annotations' });
  return collector.finish();
}

/** The same reader on text or bytes already in memory; `file` names it in errors and hints the kind. */
export function parseLunaAnnotations(input: string | Uint8Array, file: string): LunaAnnotationsResult {
  const collector = createLunaCollector(file);
  parseCsv(input, collector.onRow, { multilineQuotes: false });
  return collector.finish();
}

/** Rows per seriesuid, in first-seen order; each list keeps file order. */
export function groupBySeries(rows: readonly LunaAnnotation[]): Map<string, LunaAnnotation[]> {
  const out = new Map<string, LunaAnnotation[]>();
  for (const r of rows) {
    const list = out.get(r.seriesuid);
    if (list) list.push(r);
    else out.set(r.seriesuid, [r]);
  }
  return out;
}
