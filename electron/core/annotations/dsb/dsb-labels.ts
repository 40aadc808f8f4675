import path from 'node:path';
import { LungDeskError } from '../../../common/errors';
import type { JobContext } from '../../../common/jobs';
import { type CsvRow, type CsvRowError, normaliseHeaderName, parseCsv, parseDecimal, readCsvFile } from '../csv';
import { RowErrorList } from '../row-errors';

/**
 * Reader for the Kaggle Data Science Bowl 2017 per-patient CSVs, all `id,cancer`:
 * - `stage1_labels.csv`, `stage1_solution.csv`, `stage2_solution.csv`: ground truth, cancer 0/1
 *   (→ kind 'labels');
 * - `stage1_sample_submission.csv`, `stage2_sample_submission.csv` and model outputs: a
 *   probability in [0, 1] (→ kind 'predictions').
 * The file name decides when it says so ("submission"/"prediction" → predictions,
 * "label"/"solution" → labels); otherwise a file with any value strictly between 0 and 1 is
 * predictions. In a labels file a value other than 0 or 1 is a bad row. Columns may come in
 * any order; extra columns (`Usage` in the solution files) are ignored. The patient id is
 * the DICOM folder name, so it must be a plain file name (letters, digits, `.`, `_`, `-`).
 */

export interface DsbLabel {
  line: number;
  patientId: string;
  cancer: 0 | 1;
}

export interface DsbPrediction {
  line: number;
  patientId: string;
  /** Probability of cancer, 0..1. */
  cancer: number;
}

export interface DsbLabelsResult {
  kind: 'labels' | 'predictions';
  /** Filled for kind 'labels', empty otherwise. */
  labels: DsbLabel[];
  /** Filled for kind 'predictions', empty otherwise. */
  predictions: DsbPrediction[];
  errors: CsvRowError[];
}

const PATIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function kindFromName(file: string): DsbLabelsResult['kind'] | undefined {
  const base = path.basename(file).toLowerCase();
  if (base.includes('submission') || base.includes('prediction')) return 'predictions';
  if (base.includes('label') || base.includes('solution')) return 'labels';
  return undefined;
}

function createDsbCollector(file: string): { onRow(row: CsvRow): void; finish(): DsbLabelsResult } {
  const byName = kindFromName(file);
  const entries: { line: number; patientId: string; value: number }[] = [];
  const errors: { line: number; message: string }[] = [];
  const seen = new Map<string, number>();
  let cols: { id: number; cancer: number; count: number } | undefined;
  let fractional = false;
  const onRow = (row: CsvRow): void => {
    const f = row.fields;
    if (cols === undefined) {
      const names = f.map(normaliseHeaderName);
      const id = names.indexOf('id');
      const cancer = names.indexOf('cancer');
      if (id < 0 || cancer < 0 || row.problem !== undefined) {
        const missing = [id < 0 ? 'id' : '', cancer < 0 ? 'cancer' : ''].filter(Boolean).join(', ');
        const why = row.problem ?? `missing column(s) ${missing}`;
        throw new LungDeskError('io.bad-header', `${file}: not a DSB2017 label CSV (${why}); expected a header id,cancer`, {
          file,
          detail: { line: row.line, header: f.slice(0, 20) },
        });
      }
      cols = { id, cancer, count: f.length };
      return;
    }
    if (f.length !== cols.count) return void errors.push({ line: row.line, message: `expected ${cols.count} columns, found ${f.length}` });
    if (row.problem !== undefined) return void errors.push({ line: row.line, message: `malformed quoting (${row.problem})` });
    const rawId = f[cols.id]!.trim();
    if (!PATIENT_ID.test(rawId)) {
      return void errors.push({ line: row.line, message: `patient id ${JSON.stringify(rawId.slice(0, 40))} is not a plain folder name` });
    }
    const v = parseDecimal(f[cols.cancer]!);
    if (!(v >= 0 && v <= 1)) {
      return void errors.push({ line: row.line, message: `cancer ${JSON.stringify(f[cols.cancer]!.slice(0, 40))} is not a number in 0..1` });
    }
    const before = seen.get(rawId);
    if (before !== undefined) return void errors.push({ line: row.line, message: `patient ${rawId} repeats line ${before}` });
    const patientId = (' ' + rawId).slice(1);
    seen.set(patientId, row.line);
    if (v !== 0 && v !== 1) fractional = true;
    entries.push({ line: row.line, patientId, value: v });
  };
  const finish = (): DsbLabelsResult => {
    if (cols === undefined) throw new LungDeskError('io.bad-header', `${file}: empty file; expected a header id,cancer`, { file });
    const kind = byName ?? (fractional ? 'predictions' : 'labels');
    const labels: DsbLabel[] = [];
    const predictions: DsbPrediction[] = [];
    if (kind === 'predictions') {
      for (const e of entries) predictions.push({ line: e.line, patientId: e.patientId, cancer: e.value });
    } else {
      for (const e of entries) {
        if (e.value === 0 || e.value === 1) labels.push({ line: e.line, patientId: e.patientId, cancer: e.value });
        else errors.push({ line: e.line, message: `cancer ${e.value} is not a 0/1 label` });
      }
    }
    errors.sort((a, b) => a.line - b.line);
    const list = new RowErrorList(file);
    for (const e of errors) list.add(e.line, e.message);
    return { kind, labels, predictions, errors: list.finish() };
  };
  return { onRow, finish };
}

/**
 * Reads a DSB2017 labels or predictions CSV (streamed). Wrong header or empty file →
 * io.bad-header; missing file → io.not-found. Bad rows land in `errors`.
 */
export async function readDsbLabels(file: string, opts: { ctx?: JobContext } = {}): Promise<DsbLabelsResult> {
  const c = createDsbCollector(file);
  await readCsvFile(file, c.onRow, { multilineQuotes: false, ctx: opts.ctx, stage: 'read labels' });
  return c.finish();
}

/** The same reader on text or bytes already in memory. */
export function parseDsbLabels(input: string | Uint8Array, file: string): DsbLabelsResult {
  const c = createDsbCollector(file);
  parseCsv(input, c.onRow, { multilineQuotes: false });
  return c.finish();
}
