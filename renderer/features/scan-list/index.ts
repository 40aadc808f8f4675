export { ScanList, type ScanListProps } from './scan-list';
export { useScanList } from './use-scan-list';
export { formatDims, formatSpacing, pickDataset, scanLabel } from './model/format-scan';
