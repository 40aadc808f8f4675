import type { Types } from '@cornerstonejs/core';
import { addSlices, gpuMark, gpuPassed, releaseGpuMark, uploadSlices } from './cornerstone-runtime';
import { farChunk, type Slab } from './model/progressive-load';

/**
 * How a volume's slices reach the GPU as they stream in (model/stream-schedule.ts asks for
 * them): a few at a time, apart from any render, so the views are drawn only when there is
 * something new to see on them.
 */

/**
 * Lets the tasks already queued run before the next chunk of work: input, rendering, and
 * above all the network's, which read the next slab's response on this same thread (a
 * prioritised continuation such as scheduler.yield would run ahead of them).
 */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Resolves after `ms` (a timer: the page's other tasks run meanwhile, no busy loop). */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Chunks the GPU may still have to do before the next is sent: a chunk sent while the GPU is
 * behind (the views' first render allocates the texture; a software GPU draws each page
 * frame for tens of ms) blocks the page's thread until the GPU catches up, and the slabs
 * arriving meanwhile wait with it.
 */
const GPU_CHUNKS_AHEAD = 2;
/** How often a waiting uploader looks whether the GPU has caught up. */
const GPU_POLL_MS = 2;

/** Slices that arrived, with the HU range of the slab they came in. */
export interface ArrivedSlab extends Slab {
  min: number;
  max: number;
}

/**
 * Puts slices whose voxels arrived on the GPU texture of a streaming volume, `chunkSlices`
 * at a time (each slab's far end from `centre` first, model/progressive-load.ts streamOrder
 * says why) with the browser's turn in between: a 128-slice slab converted and uploaded in
 * one go would hold the page for several hundred ms on a software GPU. Uploads start once
 * the texture exists (after the views' first render); slices added before wait. A chunk is
 * sent only once the GPU has done all but GPU_CHUNKS_AHEAD - 1 of the work sent before it
 * (a WebGL fence, looked at by timer), so the page keeps reading slabs off the wire while
 * the GPU catches up rather than blocking in the upload (the first render's texture
 * allocation held it ~150 ms on a software GPU).
 */
export class SliceUploader {
  private readonly pending: ArrivedSlab[] = [];
  private running: Promise<void> | null = null;
  private live = false;

  constructor(
    private readonly volume: Types.IImageVolume,
    private readonly opts: { chunkSlices: number; centre: number; uploaded: (chunk: Slab) => void; stopped: () => boolean },
  ) {}

  /** Slices [start, start+count) hold their voxels in the volume's array now. */
  add(slab: ArrivedSlab): void {
    this.pending.push({ ...slab });
    this.kick();
  }

  /** The volume's texture exists: uploads may start. */
  start(): void {
    this.live = true;
    this.kick();
  }

  /** Resolves once every slice added so far is on the GPU (or the uploader was stopped). */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (!this.live || this.running || this.pending.length === 0) return;
    this.running = this.run().finally(() => {
      this.running = null;
      if (!this.opts.stopped()) this.kick();
    });
  }

  private async run(): Promise<void> {
    // Everything issued before (the first render) counts as one chunk ahead.
    const marks: WebGLSync[] = [];
    const first = gpuMark(this.volume);
    if (first) marks.push(first);
    try {
      while (this.pending.length > 0 && !this.opts.stopped()) {
        await this.gpuCaughtUp(marks);
        if (this.opts.stopped()) return;
        this.uploadNext();
        const mark = gpuMark(this.volume);
        if (mark) marks.push(mark);
        await yieldToBrowser();
      }
    } finally {
      for (const m of marks) releaseGpuMark(this.volume, m);
    }
  }

  /** Waits (by timer) until at most GPU_CHUNKS_AHEAD - 1 marks are still ahead of the GPU. */
  private async gpuCaughtUp(marks: WebGLSync[]): Promise<void> {
    while (marks.length >= GPU_CHUNKS_AHEAD && !this.opts.stopped()) {
      if (gpuPassed(this.volume, marks[0]!)) releaseGpuMark(this.volume, marks.shift()!);
      else await sleep(GPU_POLL_MS);
    }
  }

  /** Converts and sends the next few pending slices, from the slab's end farther from the centre. */
  private uploadNext(): void {
    const head = this.pending[0]!;
    const chunk = farChunk(head, this.opts.centre, this.opts.chunkSlices);
    if (head.count === 0) this.pending.shift();
    addSlices(this.volume, chunk.start, chunk.count, head);
    uploadSlices(this.volume, chunk.start, chunk.count);
    this.opts.uploaded(chunk);
  }
}
