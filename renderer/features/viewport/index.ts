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
export { indexToWorld } from './model/slice-geometry';
export { SettleTracker, type RenderState } from './model/settle-tracker';
export { ReadingRoom } from './reading-room';
export type { ShownVolume } from './shown-volume';
export { shareVolumeProgram } from './cornerstone-runtime';
export { WINDOW_PRESETS, presetForKey, type WindowPreset } from './model/window-presets';
export { formatReadout, type CursorSample } from './model/readout';
export { LAYOUTS, nextLayout, visibleSlots, type LayoutId, type PaneId, type SlotId } from './model/layouts';
export { orientationLetters, directionLetters, type EdgeLetters } from './model/orientation';
export { scaleBar, type ScaleBar } from './model/scale-bar';
export { dragWindow, windowLabel, type DisplayWindow } from './model/window-level';
export { parseViewMemory, loadViewMemory, saveViewMemory, viewMemoryKey, type ViewMemory } from './model/view-memory';
export type { PanePointerTool, PaneToolEvent } from './pane-tool';
export type { WorldPoint } from './panes';
