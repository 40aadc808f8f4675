import { LungDeskError } from '../../../common/errors';
import type { JobContext } from '../../../common/jobs';
import { type CsvRow, type CsvRowError, parseCsv, readCsvFile } from '../csv';
import { RowErrorList, isDicomUid } from '../row-errors';

/**
 * Reader for LUNA16 `seriesuids.csv`: one SeriesInstanceUID per line, no header (a first
 * line reading `seriesuid` is accepted and skipped). A line that is not a single DICOM UID,
 * or repeats an earlier UID, is reported and skipped. A file with no line at all, or one
 * whose first line is a multi-column header (an annotations file given by mistake), is
 * io.bad-header.
 */
export interface SeriesUidList {
  uids: string[];
  errors: CsvRowError[];
}

function createUidCollector(file: string): { onRow(row: CsvRow): void; finish(): SeriesUidList } {
  const uids: string[] = [];
  const seen = new Map<string, number>();
  const errors = new RowErrorList(file);
  let first = true;
  const onRow = (row: CsvRow): void => {
    const isFirst = first;
    first = false;
    const f = row.fields;
    const v = (f[0] ?? '').trim();
    if (isFirst && v.toLowerCase() === 'seriesuid') {
      if (f.length > 1) {
        throw new LungDeskError('io.bad-header', `${file}: this is a multi-column CSV (${f.slice(0, 5).join(',')}), not a list of series UIDs`, { file });
      }
      return;
    }
    if (f.length !== 1) {
      errors.add(row.line, `expected one series UID, found ${f.length} columns`);
      return;
    }
    if (row.problem !== undefined || !isDicomUid(v)) {
      errors.add(row.line, `${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)} is not a DICOM UID`);
      return;
    }
    const before = seen.get(v);
    if (before !== undefined) {
      errors.add(row.line, `series UID repeats line ${before}`);
      return;
    }
    const uid = (' ' + v).slice(1);
    seen.set(uid, row.line);
    uids.push(uid);
  };
  const finish = (): SeriesUidList => {
    if (first) throw new LungDeskError('io.bad-header', `${file}: empty file; expected one series UID per line`, { file });
    return { uids, errors: errors.finish() };
  };
  return { onRow, finish };
}

/** Reads `seriesuids.csv` (streamed). Missing file → io.not-found; empty → io.bad-header. */
export async function readSeriesUidList(file: string, opts: { ctx?: JobContext } = {}): Promise<SeriesUidList> {
  const c = createUidCollector(file);
  await readCsvFile(file, c.onRow, { multilineQuotes: false, ctx: opts.ctx, stage: 'read series list' });
  return c.finish();
}

/** The same reader on text or bytes already in memory. */
export function parseSeriesUidList(input: string | Uint8Array, file: string): SeriesUidList {
  const c = createUidCollector(file);
  parseCsv(input, c.onRow, { multilineQuotes: false });
  return c.finish();
}
