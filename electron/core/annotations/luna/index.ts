export { createLunaCollector, groupBySeries, parseLunaAnnotations, readLunaAnnotations } from './luna-annotations';
export type { LunaAnnotation, LunaAnnotationsResult, LunaFileKind } from './luna-annotations';
export { parseSeriesUidList, readSeriesUidList } from './series-uids';
export type { SeriesUidList } from './series-uids';
export type { CsvRowError } from '../csv';
