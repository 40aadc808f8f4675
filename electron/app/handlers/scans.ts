import type { ContractHandlers } from '../../common';
import type { ServiceContext } from '../service-context';
import { toScanSummary } from './scan-summary';

type ScanHandlers = Pick<ContractHandlers, 'getScan' | 'getVolume' | 'getVolumeSlices' | 'streamVolumeSlices' | 'cancelVolumeLoad' | 'getHistogram'>;

/** Scans: their summaries, their voxels (whole or slice by slice) and their HU histogram. */
export function scanHandlers(ctx: ServiceContext): ScanHandlers {
  return {
    getScan: async ({ scanId }) => toScanSummary(ctx.scanOrThrow(scanId)),
    getVolume: async ({ scanId }) => ctx.volumes.load(scanId),
    getVolumeSlices: async ({ scanId, start, count }) => ctx.volumes.slices(scanId, start, count),
    streamVolumeSlices: async ({ scanId, slabs }, emit) => ctx.volumes.stream(scanId, slabs, emit),
    cancelVolumeLoad: async ({ scanId }) => ({ cancelled: ctx.volumes.cancel(scanId) }),
    getHistogram: async ({ scanId, binWidth }) => {
      const scan = ctx.scanOrThrow(scanId);
      const files = ctx.filesOf(scan);
      const job = ctx.runner.start('huHistogram', { format: scan.format, files, ...(binWidth === undefined ? {} : { binWidth }) }, { label: `HU histogram of ${ctx.scanLabel(scan)}` });
      return { scanId, ...(await job.done) };
    },
  };
}
