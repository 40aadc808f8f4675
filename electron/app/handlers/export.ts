import { LungDeskError, type ContractHandlers } from '../../common';
import type { ServiceContext } from '../service-context';

type ExportHandlers = Pick<ContractHandlers, 'previewExport' | 'startExport'>;

/** Training-set exports. (Being built: the planner and runner land with issue 13's export runner.) */
export function exportHandlers(_ctx: ServiceContext): ExportHandlers {
  const notYet = async (): Promise<never> => {
    throw new LungDeskError('internal', 'training-set export is not built yet');
  };
  return { previewExport: notYet, startExport: notYet };
}
