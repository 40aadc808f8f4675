import path from 'node:path';
import type { IndexDatasetResult } from '../common/job-catalogue';
import type { MaskLabel } from '../common/contract/mask-edit';
import { listScans } from '../db';
import type { MaskStore } from './mask-store/mask-store';
import type { ServiceContext } from './service-context';

type Labelmap = IndexDatasetResult['labelmaps'][number];

/** A label name's kind: nnU-Net names (ours write lung / nodule) to the editor's kinds. */
function kindOf(name: string): MaskLabel['kind'] {
  if (/lung/i.test(name)) return 'lung';
  if (/nodule|lesion|tumou?r/i.test(name)) return 'nodule';
  return 'other';
}

/** Runs (start, length) of the non-zero voxels and their values: a whole mask as a change on an empty grid. */
function runsOf(voxels: Uint8Array): { runs: Uint32Array; values: Uint8Array } {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < voxels.length; i++) {
    if (!voxels[i]) continue;
    const last = runs.length - 2;
    if (last >= 0 && runs[last]! + runs[last + 1]! === i) runs[last + 1]!++;
    else runs.push(i, 1);
    count++;
  }
  const values = new Uint8Array(count);
  let k = 0;
  for (let r = 0; r < runs.length; r += 2) for (let i = runs[r]!; i < runs[r]! + runs[r + 1]!; i++) values[k++] = voxels[i]!;
  return { runs: Uint32Array.from(runs), values };
}

/**
 * Opens an nnU-Net dataset's labels as masks of its images: each label file (read in a worker,
 * like any scan) becomes an 'imported' mask version of the scan it labels, named from
 * dataset.json, unless that file was imported before (its note names it). A label on another
 * grid than its image, or one that cannot be read, is logged and left out; the images stay.
 */
export async function importLabelmaps(ctx: ServiceContext, store: MaskStore, datasetId: number, labelmaps: readonly Labelmap[]): Promise<number> {
  if (!labelmaps.length) return 0;
  const scanByFile = new Map(listScans(ctx.db, datasetId).map((s) => [s.path, s]));
  let imported = 0;
  for (const lm of labelmaps) {
    const scan = scanByFile.get(lm.imageFile);
    if (!scan) continue;
    const note = `imported from ${path.basename(path.dirname(lm.labelFile))}/${path.basename(lm.labelFile)}`;
    if ((await store.list(scan.id)).some((v) => v.note === note)) continue;
    try {
      const r = await ctx.runner.start('loadVolume', { format: 'nifti', files: [lm.labelFile] }, { label: `Reading ${path.basename(lm.labelFile)}` }).done;
      if (r.dims.some((d, i) => d !== scan.dims[i])) throw new Error(`its grid ${r.dims.join('×')} is not its image's ${scan.dims.join('×')}`);
      // Child-process IPC hands the bytes over as a view at any offset into its message.
      const bytes = r.voxels.byteOffset % 2 ? r.voxels.slice() : r.voxels;
      const hu = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
      const voxels = new Uint8Array(hu.length);
      for (let i = 0; i < hu.length; i++) voxels[i] = hu[i]! > 0 && hu[i]! < 256 ? hu[i]! : 0;
      const present = new Set(voxels);
      const labels: MaskLabel[] = lm.labels.filter((l) => present.has(l.value)).map((l) => ({ value: l.value, name: l.name, kind: kindOf(l.name) }));
      const detail = await store.save({ scanId: scan.id, parentId: null, kind: 'imported', note, tools: ['import'], labels, change: runsOf(voxels) }, 'lungdesk');
      ctx.emit('onDidChangeMaskVersions', { scanId: scan.id });
      ctx.log(`mask ${detail.id}: ${note} on scan ${scan.id}`);
      imported++;
    } catch (e) {
      ctx.log(`${lm.labelFile}: not imported as a mask of scan ${scan.id}: ${(e as Error).message}`);
    }
  }
  return imported;
}
