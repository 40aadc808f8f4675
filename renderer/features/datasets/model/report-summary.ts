import type { AnnotationImportReport, DatasetReport } from '../../../../electron/common/contract';

/** The last segment of a path, POSIX or Windows: what the report shows as the file name. */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? file;
}

export interface ImportErrorLine {
  /** "annotations.csv:12" */
  where: string;
  message: string;
  file: string;
  line: number;
}

/** One annotation file of the report, as the panel shows it. */
export interface ImportSummary {
  file: string;
  fileName: string;
  kind: string;
  rowsTotal: number;
  rowsMatched: number;
  /** Rows whose scan is not in the dataset (LUNA16 CSVs list all 888 scans; a subset holds fewer). */
  rowsUnmatched: number;
  seriesUnmatched: number;
  badRows: number;
  /** The first `preview` bad rows, in line order. */
  preview: ImportErrorLine[];
  /** Every bad row, in line order (shown when expanded). */
  all: ImportErrorLine[];
  /** How many bad rows are not in the preview. */
  hidden: number;
  status: 'ok' | 'partial' | 'errors';
}

export function errorLine(e: { file: string; line: number; message: string }): ImportErrorLine {
  return { where: e.line > 0 ? `${baseName(e.file)}:${e.line}` : baseName(e.file), message: e.message, file: e.file, line: e.line };
}

/**
 * Summarises one annotation file import. `status` is 'errors' when it has bad rows,
 * 'partial' when some rows point at scans that are absent, else 'ok'.
 */
export function summarizeImport(r: AnnotationImportReport, preview = 3): ImportSummary {
  const all = [...r.errors].sort((a, b) => a.line - b.line).map(errorLine);
  const shown = all.slice(0, Math.max(0, preview));
  return {
    file: r.file,
    fileName: baseName(r.file),
    kind: r.kind,
    rowsTotal: r.rowsTotal,
    rowsMatched: r.rowsMatched,
    rowsUnmatched: r.rowsUnmatched,
    seriesUnmatched: r.seriesUnmatched,
    badRows: all.length,
    preview: shown,
    all,
    hidden: all.length - shown.length,
    status: all.length > 0 ? 'errors' : r.rowsUnmatched > 0 || r.seriesUnmatched > 0 ? 'partial' : 'ok',
  };
}

export interface ReportTotals {
  files: number;
  rowsMatched: number;
  rowsUnmatched: number;
  badRows: number;
}

/** Totals over every annotation file of a report. */
export function reportTotals(report: Pick<DatasetReport, 'imports'>): ReportTotals {
  const t: ReportTotals = { files: report.imports.length, rowsMatched: 0, rowsUnmatched: 0, badRows: 0 };
  for (const r of report.imports) {
    t.rowsMatched += r.rowsMatched;
    t.rowsUnmatched += r.rowsUnmatched;
    t.badRows += r.errors.length;
  }
  return t;
}
