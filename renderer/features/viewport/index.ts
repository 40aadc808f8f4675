export {
  LUNG_WINDOW,
  axialSliceOf,
  int16Voxels,
  middleSlice,
  sliceLabel,
  toCornerstoneDirection,
  voiRangeOf,
  volumeIdFor,
  worldToIndex,
} from './model/volume-input';
export { SettleTracker, type RenderState } from './model/settle-tracker';
export { ReadingRoom } from './reading-room';
export { WINDOW_PRESETS, presetForKey, type WindowPreset } from './model/window-presets';
export { formatReadout, type CursorSample } from './model/readout';
