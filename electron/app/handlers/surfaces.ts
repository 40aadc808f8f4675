import { LungDeskError, type ContractHandlers } from '../../common';
import type { ServiceContext } from '../service-context';

type SurfaceHandlers = Pick<ContractHandlers, 'getSurface' | 'exportSurface'>;

/** 3D surfaces (issue 14; being built: the mesh job and its cache land with the surface pipeline). */
export function surfaceHandlers(_ctx: ServiceContext): SurfaceHandlers {
  const notYet = async (): Promise<never> => {
    throw new LungDeskError('internal', '3D surfaces are not built yet');
  };
  return { getSurface: notYet, exportSurface: notYet };
}
