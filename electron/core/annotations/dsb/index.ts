export { parseDsbLabels, readDsbLabels } from './dsb-labels';
export type { DsbLabel, DsbLabelsResult, DsbPrediction } from './dsb-labels';
