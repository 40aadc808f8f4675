export { AnnotationSummary } from './annotation-summary';
export { useScanSummary } from './use-scan-summary';
export {
  annotationRow,
  countRows,
  formatAgreement,
  formatMm,
  isEmptyCounts,
  kindLabel,
  sortAnnotations,
  sourceLabel,
  type AnnotationRow,
  type CountRow,
} from './model/annotation-summary';
