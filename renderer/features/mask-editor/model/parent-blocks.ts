import type { MaskRuns } from '../../../../electron/common/contract/mask-edit';
import { GrowU32, GrowU8 } from './grow-array';

const BLOCK_SHIFT = 8;
const BLOCK = 1 << BLOCK_SHIFT;
const BLOCK_OVERHEAD_BYTES = 64;

/**
 * The parent's labels, kept copy-on-write in blocks of 256 consecutive voxels: a block is
 * copied the first time anything writes into it, so the cumulative change against the parent is
 * found by comparing only those blocks with the live labelmap (a 1,000-voxel stroke touches a few
 * dozen blocks; nothing scans the whole volume). Blocks of 256 keep a stroke's copy small (a
 * row of a 512-wide slice is two blocks) while the map stays short for a whole-volume edit.
 */
export class ParentBlocks {
  private readonly blocks = new Map<number, Uint8Array>();
  private lastId = -1;
  private lastBlock: Uint8Array | null = null;

  constructor(private readonly labels: Uint8Array) {}

  /** The parent's label at `i`, copying its block first if nothing wrote there yet. Call before writing `i`. */
  originOf(i: number): number {
    const id = i >>> BLOCK_SHIFT;
    if (id !== this.lastId) {
      let block = this.blocks.get(id);
      if (!block) {
        const start = id << BLOCK_SHIFT;
        block = this.labels.slice(start, Math.min(start + BLOCK, this.labels.length));
        this.blocks.set(id, block);
      }
      this.lastId = id;
      this.lastBlock = block;
    }
    return this.lastBlock![i & (BLOCK - 1)]!;
  }

  get bytes(): number {
    return this.blocks.size * (BLOCK + BLOCK_OVERHEAD_BYTES);
  }

  clear(): void {
    this.blocks.clear();
    this.lastId = -1;
    this.lastBlock = null;
  }

  /** Ascending disjoint runs over the voxels where `labels` differs from the parent, with their current labels. */
  changeRuns(labels: Uint8Array): MaskRuns {
    const ids = Uint32Array.from(this.blocks.keys()).sort();
    const runs = new GrowU32();
    const values = new GrowU8();
    let runStart = -1;
    let runEnd = -1;
    for (const id of ids) {
      const block = this.blocks.get(id)!;
      const base = id << BLOCK_SHIFT;
      for (let k = 0; k < block.length; k++) {
        const i = base + k;
        if (labels[i] === block[k]) continue;
        if (i !== runEnd) {
          if (runStart >= 0) runs.push2(runStart, runEnd - runStart);
          runStart = i;
        }
        runEnd = i + 1;
        values.push(labels[i]!);
      }
    }
    if (runStart >= 0) runs.push2(runStart, runEnd - runStart);
    return { runs: runs.done(), values: values.done() };
  }

  /** The parent's labels over `runs` (voxels never written hold the parent's label still). */
  valuesOf(runs: Uint32Array): Uint8Array {
    let total = 0;
    for (let k = 1; k < runs.length; k += 2) total += runs[k]!;
    const out = new Uint8Array(total);
    let o = 0;
    for (let k = 0; k < runs.length; k += 2) {
      const end = runs[k]! + runs[k + 1]!;
      for (let i = runs[k]!; i < end; i++) {
        const block = this.blocks.get(i >>> BLOCK_SHIFT);
        out[o++] = block ? block[i & (BLOCK - 1)]! : this.labels[i]!;
      }
    }
    return out;
  }
}
