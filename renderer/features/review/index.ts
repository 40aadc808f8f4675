export { LesionList } from './lesion-list';
export { ReviewBar } from './review-bar';
export { DatasetProgress } from './dataset-progress';
export { useLesions, type LesionFocus, type LesionsState } from './use-lesions';
export { useReview, type ReviewState } from './use-review';
export type { DrawingMode } from './model/drawing-mode';
export { STATE_COLORS, memberColor } from './model/lesion-list';
export { decodeRle, type BoxMask } from './model/rle-mask';
export { outlineSegments, viewAxis } from './model/lesion-outline';
