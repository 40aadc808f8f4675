import type { ContractHandlers } from '../../common';
import type { ExportArea } from '../export/export-area';

type ExportHandlers = Pick<ContractHandlers, 'previewExport' | 'startExport'>;

/** Training-set exports: the preview, and the export as a job (its result is the ExportSummary). */
export function exportHandlers(area: ExportArea): ExportHandlers {
  return {
    previewExport: async (options) => area.preview(options),
    startExport: async (options) => ({ jobId: area.start(options).jobId }),
  };
}
