import type { ContractHandlers } from '../../common';
import type { ServiceContext } from '../service-context';

type JobHandlers = Pick<ContractHandlers, 'listJobs' | 'cancelJob'>;

/** Jobs: what runs and ran this session, and cancelling one. */
export function jobHandlers(ctx: ServiceContext): JobHandlers {
  return {
    listJobs: async () => ctx.runner.list(),
    cancelJob: async ({ jobId }) => ({ cancelled: ctx.runner.cancel(jobId) }),
  };
}
