import { LungDeskError, type VolumeHeader } from '../common';
import type { ScanRecord } from '../db/scans';
import { loadDicomSlices, slotsOfFiles } from '../core/io';
import type { JobRunner } from '../workers/job-runner';
import type { JobResult } from '../common/job-catalogue';
import { leaseAnswer, MemoryBudget, releaseAnswer } from './memory-budget';
import { VolumeCache } from './volume-cache';

type LoadVolumeResult = JobResult<'loadVolume'>;

export interface LoadedVolume {
  header: VolumeHeader;
  /** int16 HU, x fastest, at an 8-byte aligned offset (consumers view it as Int16Array). */
  voxels: Uint8Array;
}

export interface VolumeSlices {
  header: VolumeHeader;
  start: number;
  count: number;
  voxels: Uint8Array;
}

/**
 * Before a DICOM volume is cached, slabs up to this many slices (the viewer's largest) are
 * read straight from their files on the host's thread (uncompressed ones natively, on every
 * core: ~0.1 ms a slice from the page cache), so a viewer streams the scan in without
 * waiting for a worker to load it all and hand 150 MB over IPC.
 */
const DIRECT_SLICES_MAX = 128;
/** Compressed slices are decoded directly only this few at a time (the viewer's first slice). */
const DIRECT_COMPRESSED_MAX = 2;

/**
 * Loads scan volumes for viewers: one worker job per scan however many callers wait for it,
 * the last few volumes kept, slices served from them, the first slices of a DICOM scan read
 * directly while its volume loads, and a load the viewer gave up on cancelled. Loads and
 * direct reads are admitted within the host's memory budget (cached volumes count against it
 * and are dropped first to make room): beyond it a request waits, or gets host.busy.
 */
export class VolumeLoader {
  private readonly cache = new VolumeCache(2);
  readonly budget: MemoryBudget;
  private readonly inflight = new Map<number, { jobId: string | null; cancelled: boolean; done: Promise<LoadedVolume> }>();
  /** The streams running per scan: cancel() stops them. */
  private readonly streams = new Map<number, Set<{ stopped: boolean }>>();

  constructor(
    private readonly runner: JobRunner,
    private readonly scanOf: (scanId: number) => ScanRecord,
    private readonly filesOf: (scan: ScanRecord) => string[],
    private readonly label: (scan: ScanRecord) => string,
    budgetBytes: number,
  ) {
    this.budget = new MemoryBudget(budgetBytes, (bytes) => this.cache.spare(bytes));
  }

  /** The whole volume: from the cache, from a load already running, or from a new worker job. */
  load(scanId: number): Promise<LoadedVolume> {
    const scan = this.scanOf(scanId);
    const cached = this.cache.get(scanId);
    if (cached) return Promise.resolve(cached);
    const running = this.inflight.get(scanId);
    if (running) return running.done;
    // Registered before admission, so every caller that comes while it waits shares it.
    const entry: { jobId: string | null; cancelled: boolean; done: Promise<LoadedVolume> } = { jobId: null, cancelled: false, done: Promise.resolve(null as never) };
    const start = (): Promise<LoadVolumeResult> => {
      if (entry.cancelled) throw new LungDeskError('job.cancelled', `loading ${this.label(scan)} was cancelled`);
      const job = this.runner.start('loadVolume', { format: scan.format, files: this.filesOf(scan) }, { label: `Loading ${this.label(scan)}` });
      entry.jobId = job.jobId;
      return job.done;
    };
    // Room now: the job starts at once (a cancel finds it); else it starts once admitted.
    const now = this.budget.tryAdmit(volumeBytes(scan));
    const admitted = now ? Promise.resolve(now) : this.budget.admit(volumeBytes(scan), `loading ${this.label(scan)}`);
    let job: Promise<LoadVolumeResult> | null = null;
    if (now) {
      try {
        job = start();
      } catch (e) {
        now();
        throw e;
      }
    }
    job?.catch(() => {}); // its failure reaches callers through `done` below
    entry.done = admitted.then(async (release) => {
      try {
        const res = await (job ?? start());
        const value: LoadedVolume = {
          header: {
            scanId,
            dims: res.dims,
            spacing: res.spacing,
            origin: res.origin,
            direction: res.direction,
            dtype: 'int16',
            min: res.min,
            max: res.max,
            missingSlices: res.missingSlices,
          },
          // Child-process IPC hands the bytes over as a view at any offset into its message.
          voxels: res.voxels.byteOffset % 8 === 0 ? res.voxels : res.voxels.slice(),
        };
        // The admitted bytes stay taken while the volume is cached; leaving the cache gives them back.
        let held = release;
        if (value.voxels.byteLength !== volumeBytes(scan)) {
          release();
          held = this.budget.hold(value.voxels.byteLength);
        }
        this.cache.set(scanId, value, held);
        return value;
      } catch (e) {
        release();
        throw e;
      }
    });
    this.inflight.set(scanId, entry);
    const forget = () => {
      if (this.inflight.get(scanId) === entry) this.inflight.delete(scanId);
    };
    entry.done.then(forget, forget);
    return entry.done;
  }

  /**
   * Axial slices [start, start+count): from the cached volume, else (DICOM) straight from
   * their files, else from a worker load of the whole volume. Compressed series are read
   * directly only for the first slice or two; their slabs wait for the worker.
   */
  async slices(scanId: number, start: number, count: number): Promise<VolumeSlices> {
    const scan = this.scanOf(scanId);
    checkRange(scan, start, count);
    return this.readSlices(scan, start, count, this.directFiles(scan, count), null);
  }

  /**
   * The file of each slot of a DICOM scan not cached, when its slices can be read straight
   * from their files (one file per acquired slice, in slice order: reading slot k from its
   * file needs that; the slots of missing slices read as padding); else null (a multi-frame
   * file, another layout or format: the worker's load).
   */
  private directFiles(scan: ScanRecord, count: number): (string | null)[] | null {
    if (this.cache.get(scan.id) || scan.format !== 'dicom' || count > DIRECT_SLICES_MAX) return null;
    const nz = scan.dims[2];
    const allFiles = this.filesOf(scan);
    if (allFiles.length === 0 || allFiles.length + scan.missingSlices.length !== nz) return null;
    const bySlot: (string | null)[] = new Array<string | null>(nz).fill(null);
    slotsOfFiles(allFiles.length, scan.missingSlices).forEach((k, i) => (bySlot[k] = allFiles[i]!));
    return bySlot;
  }

  /**
   * Slices [start, start+count) of `scan`: read from `bySlot`'s files when given (into `into`
   * when given: a stream's reused buffer, whose bytes the stream holds in the budget; else a
   * fresh one leased within the budget until its answer is sent), else from the volume.
   */
  private async readSlices(scan: ScanRecord, start: number, count: number, bySlot: (string | null)[] | null, into: Int16Array | null): Promise<VolumeSlices> {
    const [nx, ny] = scan.dims;
    const scanId = scan.id;
    const sliceBytes = nx * ny * 2;
    if (bySlot && !this.cache.get(scanId)) {
      const files = bySlot.slice(start, start + count);
      const release = into ? (): void => {} : await this.budget.admit(count * sliceBytes, `reading slices ${start}..${start + count - 1} of scan ${scanId}`);
      // The viewer's first slice is its first picture: read at once, ahead of the requests
      // that arrive with it (lists, counts), rather than after them.
      const direct = await loadDicomSlices(files, nx, ny, { compressed: count <= DIRECT_COMPRESSED_MAX ? 'decode' : 'refuse', now: count === 1, ...(into ? { into } : {}) }).catch((e: unknown) => {
        release();
        throw e;
      });
      if (!direct) release();
      else {
        const header: VolumeHeader = {
          scanId,
          dims: scan.dims,
          spacing: scan.spacing,
          origin: scan.origin,
          direction: scan.direction,
          dtype: 'int16',
          min: direct.min,
          max: direct.max,
          missingSlices: scan.missingSlices,
        };
        const voxels = new Uint8Array(direct.voxels.buffer, direct.voxels.byteOffset, direct.voxels.byteLength);
        if (!into) leaseAnswer(voxels, release);
        return { header, start, count, voxels };
      }
    }
    const whole = this.cache.get(scanId) ?? (await this.load(scanId));
    if (whole.header.dims.some((d, i) => d !== scan.dims[i])) {
      throw new LungDeskError(
        'io.size-mismatch',
        `${scan.path}: the files hold ${whole.header.dims.join('×')} voxels, the index says ${scan.dims.join('×')}: the scan changed on disk since it was indexed; re-index its dataset`,
        { file: scan.path },
      );
    }
    // A view, no copy: twenty viewers reading slabs of one volume share its bytes (the
    // Electron IPC copies just the slab before structured clone; see compactViews).
    const voxels = whole.voxels.subarray(start * sliceBytes, (start + count) * sliceBytes);
    return { header: whole.header, start, count, voxels };
  }

  /**
   * Sends slabs of a scan one after the other, the next read while the one before is sent,
   * until all are sent, `emit` says the receiver is gone, or {@link cancel} stops it. Slabs
   * read from their files go through two buffers the stream holds within the memory budget
   * for its whole run (a fresh buffer per slab had the host collect ~150 MB of garbage per
   * open of a 300-slice scan); `emit` must be done with a slab's bytes when it resolves. The
   * scan's files are listed and checked once per stream, not once per slab.
   */
  async stream(scanId: number, slabs: readonly { start: number; count: number }[], emit: (slab: VolumeSlices) => Promise<boolean>): Promise<void> {
    const scan = this.scanOf(scanId);
    for (const s of slabs) checkRange(scan, s.start, s.count);
    const token = { stopped: false };
    const running = this.streams.get(scanId) ?? new Set();
    this.streams.set(scanId, running.add(token));
    const largest = Math.max(...slabs.map((s) => s.count));
    let releasePool = (): void => {};
    const pool: Int16Array[] = [];
    let next: Promise<VolumeSlices> | null = null;
    try {
      const bySlot = this.directFiles(scan, largest);
      if (bySlot) {
        const values = largest * scan.dims[0] * scan.dims[1];
        releasePool = await this.budget.admit(2 * values * 2, `streaming scan ${scanId}`);
        pool.push(new Int16Array(values), new Int16Array(values));
      }
      const read = (i: number): Promise<VolumeSlices> | null => {
        if (i >= slabs.length || token.stopped) return null;
        const p = this.readSlices(scan, slabs[i]!.start, slabs[i]!.count, bySlot, pool[i % 2] ?? null);
        p.catch(() => {}); // awaited in turn below; its failure is the stream's then
        return p;
      };
      next = read(0);
      for (let i = 0; next; i++) {
        const slab = await next;
        // Slab i-1's buffer is free again: its emit resolved before this turn.
        next = read(i + 1);
        if (!(await emit(slab)) || token.stopped) break;
      }
    } finally {
      // A slab still being read writes into a pool buffer: wait for it before the bytes go
      // back. One read ahead and never sent gives its own lease back.
      await next?.then(releaseAnswer, () => {});
      releasePool();
      running.delete(token);
      if (running.size === 0) this.streams.delete(scanId);
    }
  }

  /** Stops the worker loading a scan and the streams sending it; false when none was running. */
  cancel(scanId: number): boolean {
    const streams = this.streams.get(scanId);
    for (const t of streams ?? []) t.stopped = true;
    const running = this.inflight.get(scanId);
    if (!running) return (streams?.size ?? 0) > 0;
    this.inflight.delete(scanId);
    running.cancelled = true;
    // Still waiting for memory: it stops when admitted, before any job starts.
    return running.jobId === null ? true : this.runner.cancel(running.jobId);
  }
}

/** A scan's int16 voxel bytes, from its indexed dimensions. */
function volumeBytes(scan: ScanRecord): number {
  return scan.dims[0] * scan.dims[1] * scan.dims[2] * 2;
}

/** A slab that does not fit in the scan is the caller's mistake. */
function checkRange(scan: ScanRecord, start: number, count: number): void {
  const nz = scan.dims[2];
  if (start + count > nz) throw new LungDeskError('contract.bad-input', `slices ${start}..${start + count - 1} asked of scan ${scan.id}, which has ${nz} (0..${nz - 1})`);
}
