export { detectDatasetLayout } from './detect-layout';
export type { AnnotationFileKind, DatasetLayout, DatasetLayoutKind, DetectLayoutOptions } from './detect-layout';
