export { MaskEditorToolbar } from './mask-editor-toolbar';
export { MaskHistoryPanel } from './mask-history-panel';
export { JournalOffer, SwitchScanPrompt } from './editor-prompts';
export { useMaskEditor, type MaskEditor } from './use-mask-editor';
export { useMaskHistory, type MaskHistory } from './use-mask-history';
export { MASK_EDIT_COMMANDS } from './model/editor-commands';
