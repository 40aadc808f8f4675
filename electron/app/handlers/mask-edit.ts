import type { ContractHandlers } from '../../common';
import { LungDeskError } from '../../common';
import { checkMaskRuns } from '../../core/masks/mask-runs';
import { deltaPerLabel } from '../../core/masks/mask-diff';
import { discardJournal, readJournal, writeJournal } from '../mask-store/mask-journal';
import type { MaskStore } from '../mask-store/mask-store';
import { reviewerName } from '../review/reviewer-name';
import type { ServiceContext } from '../service-context';

type MaskEditHandlers = Pick<
  ContractHandlers,
  'listMaskVersions' | 'saveMaskVersion' | 'diffMaskVersions' | 'restoreMaskVersion' | 'writeMaskJournal' | 'getMaskJournal' | 'discardMaskJournal'
>;

/**
 * Mask editing (issue 12): versions saved from run-length changes, compared and restored
 * through the mask store, and each scan's journal of unsaved strokes. The author of a
 * version is the reviewer's name (the OS user until one is set).
 */
export function maskEditHandlers(ctx: ServiceContext, store: MaskStore): MaskEditHandlers {
  const author = (): string => reviewerName(ctx.db).name;
  return {
    listMaskVersions: async ({ scanId }) => store.list(scanId),
    saveMaskVersion: async (input) => {
      const detail = await store.save(input, author());
      ctx.log(`mask ${detail.id} saved on scan ${input.scanId} (parent ${input.parentId ?? 'none'})`);
      ctx.emit('onDidChangeMaskVersions', { scanId: input.scanId });
      return detail;
    },
    diffMaskVersions: async ({ a, b }) => {
      const d = await store.diff(a, b);
      return { perLabel: deltaPerLabel(d.delta), change: { runs: d.runs, values: d.values }, before: d.before };
    },
    restoreMaskVersion: async ({ maskId, note }) => {
      const detail = await store.restore(maskId, note, author());
      ctx.emit('onDidChangeMaskVersions', { scanId: detail.scanId });
      return detail;
    },
    writeMaskJournal: async (entry) => {
      const scan = ctx.scanOrThrow(entry.scanId);
      checkMaskRuns(entry.change.runs, entry.change.values, scan.dims[0] * scan.dims[1] * scan.dims[2], `unsaved strokes of scan ${scan.id}`);
      if (entry.parentId !== null && store.version(entry.parentId).scanId !== scan.id) {
        throw new LungDeskError('contract.bad-input', `mask ${entry.parentId} does not belong to scan ${scan.id}`);
      }
      const savedAt = Date.now();
      await writeJournal(ctx.dataDir, { ...entry, savedAt });
      return { savedAt };
    },
    getMaskJournal: async ({ scanId }) => {
      ctx.scanOrThrow(scanId);
      return { entry: await readJournal(ctx.dataDir, scanId) };
    },
    discardMaskJournal: async ({ scanId }) => {
      ctx.scanOrThrow(scanId);
      return { discarded: await discardJournal(ctx.dataDir, scanId) };
    },
  };
}
