export { NoduleList } from './nodule-list';
export { useNodules, isTyping, type NoduleFocus } from './use-nodules';
export { SOURCE_COLORS, SOURCE_LABELS, centreLabel, characteristicLines, drawRadius, noduleLabel, orderNodules, stepIndex } from './model/nodule-order';
export { changedFields, draftFrom, isUserNodule, parseDraft, type NoduleDraft } from './model/nodule-form';
