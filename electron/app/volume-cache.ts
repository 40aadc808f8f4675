import type { VolumeHeader } from '../common';

type Entry = { header: VolumeHeader; voxels: Uint8Array };

/** Keeps the last few volumes a viewer asked for, so re-opening a scan is instant. */
export class VolumeCache {
  private readonly entries = new Map<number, Entry>();
  constructor(private readonly capacity: number) {}

  get(scanId: number): Entry | undefined {
    const e = this.entries.get(scanId);
    if (e) {
      this.entries.delete(scanId);
      this.entries.set(scanId, e);
    }
    return e;
  }

  set(scanId: number, entry: Entry): void {
    this.entries.delete(scanId);
    this.entries.set(scanId, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as number;
      this.entries.delete(oldest);
    }
  }
}
