import type { VolumeHeader } from '../common';

type Entry = { header: VolumeHeader; voxels: Uint8Array };

/**
 * Keeps the last few volumes a viewer asked for, so re-opening a scan is instant. Each entry
 * may carry the release of the memory-budget bytes it holds, given back when it leaves.
 */
export class VolumeCache {
  private readonly entries = new Map<number, Entry & { release?: () => void }>();
  constructor(private readonly capacity: number) {}

  get(scanId: number): Entry | undefined {
    const e = this.entries.get(scanId);
    if (e) {
      this.entries.delete(scanId);
      this.entries.set(scanId, e);
    }
    return e;
  }

  set(scanId: number, entry: Entry, release?: () => void): void {
    this.drop(scanId);
    this.entries.set(scanId, release ? { ...entry, release } : entry);
    while (this.entries.size > this.capacity) this.drop(this.entries.keys().next().value as number);
  }

  /** Drops least recently used volumes until `bytes` are freed or none is left; returns the bytes freed. */
  spare(bytes: number): number {
    let freed = 0;
    for (const scanId of [...this.entries.keys()]) {
      if (freed >= bytes) break;
      freed += this.drop(scanId);
    }
    return freed;
  }

  private drop(scanId: number): number {
    const e = this.entries.get(scanId);
    if (!e) return 0;
    this.entries.delete(scanId);
    e.release?.();
    return e.voxels.byteLength;
  }
}
