export { AxialViewport } from './axial-viewport';
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
