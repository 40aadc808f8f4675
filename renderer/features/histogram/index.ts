export { HuHistogramPanel } from './hu-histogram';
export { useHistogram } from './use-histogram';
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
