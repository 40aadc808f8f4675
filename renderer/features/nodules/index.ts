export { NoduleForm } from './nodule-form';
export { SOURCE_LABELS, centreLabel, characteristicLines } from './model/nodule-details';
export { changedFields, draftFrom, isUserNodule, parseDraft, type NoduleDraft } from './model/nodule-form';
