export { groupLesions, groupLesionsSteps, extentsOverlap, overlapCandidates, lesionKeyOf, pointRadiusMm, type LesionGroup } from './group-lesions';
export { markCategory, type LesionCategory, type LesionMark } from './lesion-marks';
export { summarizeLesion, consensusMinCount, type LesionSummary } from './summarize-lesion';
export { encodeMaskRle, decodeMaskRle, type RleMask } from './mask-rle';
export { scanReviewStatus, rematchDecision } from './review-state';
export { readerLesionMarks } from './reader-lesion-marks';
export { BoxGrid, type Box } from './box-grid';
export { runSteps, type Steps } from '../../common/steps';
