export { ExportButton, ExportDialog } from './export-dialog';
export { useExportDialog, PREVIEW_DEBOUNCE_MS, type ExportDialogDeps, type ExportDialogState } from './use-export-dialog';
export { EXPORT_COMMANDS, exportCommandTitle, isExportKey } from './model/export-commands';
