export { SliceMontage, type SliceMontageProps } from './slice-montage';
export { MONTAGE_KEY, isMontageKey } from './model/montage-key';
export { TARGET_TILES, clampStep, defaultStep, headward, montageSlices, parseStep, sliceNumber, tileCount } from './model/montage-slices';
export {
  DEFAULT_MONTAGE_OPTIONS,
  MONTAGE_ASPECT,
  gridShape,
  montageLayout,
  sliceAspect,
  tileSize,
  type MontageLayout,
  type MontageOptions,
  type MontageTile,
} from './model/montage-layout';
export { greyMap, toGrey, type GreyMap, type GreyWindow } from './model/grey-window';
export { matchesViewerAxial, renderMontagePixels, sourceSpans, type MontageVolume } from './model/render-montage';
export { montageFileName } from './model/montage-file-name';
