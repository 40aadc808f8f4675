export { ScanList, type ScanListProps } from './scan-list';
export { useScanList } from './use-scan-list';
export { formatDims, formatSpacing, pickDataset, scanLabel, scanTitle } from './model/format-scan';
