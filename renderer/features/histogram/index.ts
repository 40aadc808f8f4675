export { HuHistogramPanel } from './hu-histogram';
export { useHistogram } from './use-histogram';
export { useHistogramKeys, type HistogramKeys } from './use-histogram-keys';
export { histogramKeyAction, type HistogramKeyAction, type HistogramStatus } from './model/histogram-keys';
export {
  HU_MARKS,
  LUNG_BAND,
  barHeight,
  binToPixel,
  formatHu,
  histogramStats,
  huToX,
  leftOutText,
  maxCount,
  maxCountIn,
  niceTicks,
  pngFileName,
  viewRange,
  type PlotRect,
  type StatRow,
} from './model/histogram-scale';
