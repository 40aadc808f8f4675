export { ScanList, SCAN_ROW_HEIGHT, type ScanListProps } from './scan-list';
export { useScanList } from './use-scan-list';
export { formatDims, formatSpacing, pickDataset, scanLabel, scanTitle, sliceCountText } from './model/format-scan';
export {
  REVIEW_LABELS,
  SCAN_CHIPS,
  SORT_KEYS,
  defaultDir,
  filterScans,
  matchesChip,
  matchesQuery,
  shownCountText,
  sortScans,
  toggleChip,
  warningsTooltip,
  type ScanChip,
  type ScanFilter,
  type SortDir,
  type SortKey,
} from './model/filter-scans';
export { moveCursor, scrollToReveal, visibleRange, type WindowInput, type WindowRange } from './model/windowing';
