import type { ContractHandlers } from '../../common';
import { LungDeskError } from '../../common';
import type { ServiceContext } from '../service-context';

type MaskEditHandlers = Pick<
  ContractHandlers,
  'listMaskVersions' | 'saveMaskVersion' | 'diffMaskVersions' | 'restoreMaskVersion' | 'writeMaskJournal' | 'getMaskJournal' | 'discardMaskJournal'
>;

// Placeholder while the mask store lands (issue 12): every edit op answers a typed error.
export function maskEditHandlers(_ctx: ServiceContext): MaskEditHandlers {
  const pending = async (): Promise<never> => {
    throw new LungDeskError('internal', 'mask editing is not available yet');
  };
  return {
    listMaskVersions: pending,
    saveMaskVersion: pending,
    diffMaskVersions: pending,
    restoreMaskVersion: pending,
    writeMaskJournal: pending,
    getMaskJournal: pending,
    discardMaskJournal: pending,
  };
}
