export { detectDatasetLayout } from './detect-layout';
export type { AnnotationFileKind, DatasetLayout, DatasetLayoutKind, DetectLayoutOptions } from './detect-layout';
export { indexDataset, type DatasetIndex, type ImportedAnnotation, type ImportedCandidate, type AnnotationFileReport } from './index-dataset';
export { datasetRoot, notAFolderMessage } from './dataset-root';
