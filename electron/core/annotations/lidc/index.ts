/**
 * LIDC-IDRI reader annotations of one scan: parse the XML (`parseLidcXml`), place each
 * reader's contours on the scan's slices and rasterise them (`contour-mask`), and return every
 * reader's marks as made (`readLidcReaderMarks`). Grouping the marks of different readers
 * into lesions and the consensus are core/review's: they run over every source at once.
 */

export type { SliceLocator } from './contour-mask';
export type { SparseMask, MaskStats } from './sparse-mask';
export type { LidcReadMessage, LidcReadingSession, LidcNoduleRead, LidcRoi, LidcSmallNodule, LidcNonNodule, LidcCharacteristics } from './parse-lidc-xml';
export { parseLidcXml, readLidcXml } from './parse-lidc-xml';
export { dicomSliceLocator, slotLocator } from './slice-index';
export { lidcReaderMarksOf, readLidcReaderMarks, type LidcReaderMark, type LidcReaderMarks } from './reader-marks';
export { rasterizeLocatedRois, type LocatedRoi } from './contour-mask';
