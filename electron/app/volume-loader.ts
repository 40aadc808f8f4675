import { LungDeskError, type VolumeHeader } from '../common';
import type { ScanRecord } from '../db/scans';
import { loadDicomSlices, slotsOfFiles } from '../core/io';
import type { JobRunner } from '../workers/job-runner';
import { VolumeCache } from './volume-cache';

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
 * directly while its volume loads, and a load the viewer gave up on cancelled.
 */
export class VolumeLoader {
  private readonly cache = new VolumeCache(2);
  private readonly inflight = new Map<number, { jobId: string; done: Promise<LoadedVolume> }>();

  constructor(
    private readonly runner: JobRunner,
    private readonly scanOf: (scanId: number) => ScanRecord,
    private readonly filesOf: (scan: ScanRecord) => string[],
    private readonly label: (scan: ScanRecord) => string,
  ) {}

  /** The whole volume: from the cache, from a load already running, or from a new worker job. */
  load(scanId: number): Promise<LoadedVolume> {
    const scan = this.scanOf(scanId);
    const cached = this.cache.get(scanId);
    if (cached) return Promise.resolve(cached);
    const running = this.inflight.get(scanId);
    if (running) return running.done;
    const job = this.runner.start('loadVolume', { format: scan.format, files: this.filesOf(scan) }, { label: `Loading ${this.label(scan)}` });
    const done = job.done.then((res) => {
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
      this.cache.set(scanId, value);
      return value;
    });
    const entry = { jobId: job.jobId, done };
    this.inflight.set(scanId, entry);
    const forget = () => {
      if (this.inflight.get(scanId) === entry) this.inflight.delete(scanId);
    };
    done.then(forget, forget);
    return done;
  }

  /**
   * Axial slices [start, start+count): from the cached volume, else (DICOM) straight from
   * their files, else from a worker load of the whole volume. Compressed series are read
   * directly only for the first slice or two; their slabs wait for the worker.
   */
  async slices(scanId: number, start: number, count: number): Promise<VolumeSlices> {
    const scan = this.scanOf(scanId);
    const [nx, ny, nz] = scan.dims;
    if (start + count > nz) {
      throw new LungDeskError('contract.bad-input', `slices ${start}..${start + count - 1} asked of scan ${scanId}, which has ${nz} (0..${nz - 1})`);
    }
    const sliceBytes = nx * ny * 2;
    const cached = this.cache.get(scanId);
    const allFiles = !cached && scan.format === 'dicom' && count <= DIRECT_SLICES_MAX ? this.filesOf(scan) : [];
    // One file per acquired slice, in slice order, is what reading slot k from its file
    // needs (the slots of missing slices read as padding): a multi-frame file (or any other
    // layout) goes through the worker's load instead.
    if (allFiles.length > 0 && allFiles.length + scan.missingSlices.length === nz) {
      const bySlot: (string | null)[] = new Array<string | null>(nz).fill(null);
      slotsOfFiles(allFiles.length, scan.missingSlices).forEach((k, i) => (bySlot[k] = allFiles[i]!));
      const files = bySlot.slice(start, start + count);
      // The viewer's first slice is its first picture: read at once, ahead of the requests
      // that arrive with it (lists, counts), rather than after them.
      const direct = await loadDicomSlices(files, nx, ny, { compressed: count <= DIRECT_COMPRESSED_MAX ? 'decode' : 'refuse', now: count === 1 });
      if (direct) {
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
        return { header, start, count, voxels: new Uint8Array(direct.voxels.buffer, direct.voxels.byteOffset, direct.voxels.byteLength) };
      }
    }
    const whole = cached ?? (await this.load(scanId));
    if (whole.header.dims.some((d, i) => d !== scan.dims[i])) {
      throw new LungDeskError(
        'io.size-mismatch',
        `${scan.path}: the files hold ${whole.header.dims.join('×')} voxels, the index says ${scan.dims.join('×')}: the scan changed on disk since it was indexed; re-index its dataset`,
        { file: scan.path },
      );
    }
    // A copy: a view would carry the whole volume's buffer through structured clone.
    const voxels = whole.voxels.slice(start * sliceBytes, (start + count) * sliceBytes);
    return { header: whole.header, start, count, voxels };
  }

  /** Stops the worker loading a scan; false when none was running. */
  cancel(scanId: number): boolean {
    const running = this.inflight.get(scanId);
    if (!running) return false;
    this.inflight.delete(scanId);
    return this.runner.cancel(running.jobId);
  }
}
