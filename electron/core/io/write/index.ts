export { writeDicomSeries, formatDS, CT_IMAGE_STORAGE, EXPLICIT_VR_LE, IMPLICIT_VR_LE, SIGNED_PADDING, UNSIGNED_PADDING } from './dicom-series-writer';
export type { DicomSeriesWriteOptions } from './dicom-series-writer';
export { writeMetaImage, itkTransformMatrix, anatomicalOrientation } from './metaimage-writer';
export { writeLunaAnnotationsCsv, formatLunaAnnotationsCsv, LUNA_ANNOTATIONS_HEADER } from './luna-annotations';
export type { LunaAnnotationRow } from './luna-annotations';
export { randomUid, uidFromKey, childUid, isValidUid } from './uid';
export { writeFileAtomic } from './atomic-write';
