export { DatasetBrowser, type DatasetBrowserProps } from './dataset-browser';
export { DatasetReportPanel } from './dataset-report';
export { useDatasets, type ImportState } from './use-datasets';
export { affectsDatasets, countText, formatIndexedAt, formatTimestamp, layoutName } from './model/dataset-format';
export { baseName, errorLine, reportTotals, summarizeImport, type ImportErrorLine, type ImportSummary, type ReportTotals } from './model/report-summary';
export { SKIP_REASON_LABELS, skipMessage, skippedGroups, type SkippedGroup } from './model/skipped-files';
