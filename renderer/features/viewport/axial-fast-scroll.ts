import type { Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { ScrollSettler, fastScrollPossible, sliceAxisOf } from './model/fast-scroll';
import type { LoadedSlices } from './model/progressive-load';
import type { SettleTracker } from './model/settle-tracker';
import { axialSliceOf } from './model/volume-input';
import { drawSlicePreview, hideSlicePreview } from './slice-preview-canvas';
import { scrollSlices, stepSlices } from './viewport-cameras';

/**
 * Dispatched on the axial viewport element when a scroll step's slice was drawn on the
 * preview canvas (the volume view sends IMAGE_RENDERED for its own draws): the bench counts
 * a frame as shown on either.
 */
export const SLICE_DRAWN_EVENT = 'lungdesk:slice-drawn';

/**
 * Actors on a view besides the CT: mask overlays. One hidden with M stays on the view (its
 * segments drawn transparent), so it counts too: the fast path stays off while a mask is
 * attached to the scan's views.
 */
function overlayActors(vp: Types.IVolumeViewport, ctVolumeId: string | null): number {
  return vp.getActors().filter((a) => a.uid !== ctVolumeId).length;
}

export interface AxialFastScrollHost {
  canvas(): HTMLCanvasElement | null;
  /** The volume shown, with the slices that have arrived so far. */
  volume(): { header: VolumeHeader; voxels: Int16Array; loaded: LoadedSlices | null } | null;
  voi(): { lower: number; upper: number };
  invert(): boolean;
  slabOn(): boolean;
  tracker(): SettleTracker | undefined;
}

/**
 * The axial pane's scroll fast path (model/fast-scroll.ts): each step moves the camera and
 * draws the new slice on the preview canvas at once; the volume view renders once scrolling
 * pauses or anything else changes the view (flush), and the canvas is hidden when that render
 * has drawn. Steps it cannot draw exactly take the normal path.
 */
export class AxialFastScroll {
  private vp: Types.IVolumeViewport | null = null;
  /** A real render was asked for after fast steps: the canvas goes once it has drawn. */
  private awaitingRender = false;
  /** The camera is being moved by a fast step (its CAMERA_MODIFIED is not another change). */
  private stepping = false;
  private readonly settler = new ScrollSettler(() => this.renderForReal());

  constructor(private readonly host: AxialFastScrollHost) {}

  /** Whether the preview canvas shows a fast step (until the real render after it has drawn). */
  get showing(): boolean {
    return this.settler.pending || this.awaitingRender;
  }

  /** Whether the current camera change comes from a fast step. */
  get ownChange(): boolean {
    return this.stepping;
  }

  /** Scrolls the axial view `delta` slices, drawn by the fast path when it can be exact. */
  scroll(vp: Types.IVolumeViewport, volumeId: string | null, delta: number): void {
    const volume = this.host.volume();
    const canvas = this.host.canvas();
    const possible =
      volume !== null &&
      canvas !== null &&
      fastScrollPossible({
        slabOn: this.host.slabOn(),
        extraActors: overlayActors(vp, volumeId),
        viewNormal: vp.getCamera().viewPlaneNormal as number[],
        sliceAxis: sliceAxisOf(volume.header.direction),
      });
    if (!possible) {
      this.flush();
      scrollSlices(vp, volumeId, delta);
      return;
    }
    this.stepping = true;
    try {
      stepSlices(vp, volumeId, delta);
    } finally {
      this.stepping = false;
    }
    const { header, voxels, loaded } = volume;
    const k = axialSliceOf(vp.getCamera().focalPoint as number[], header);
    const sliceSize = header.dims[0] * header.dims[1];
    const drawn =
      (loaded?.has(k) ?? false) && drawSlicePreview(canvas, vp, header, voxels.subarray(k * sliceSize, (k + 1) * sliceSize), k, this.host.voi(), this.host.invert());
    this.vp = vp;
    if (!drawn) {
      // Not there yet (or no room to draw): the volume view draws this step.
      this.settler.cancel();
      this.renderForReal();
      return;
    }
    this.host.tracker()?.awaitRender();
    this.settler.step(performance.now());
    vp.element.dispatchEvent(new CustomEvent(SLICE_DRAWN_EVENT, { detail: { slice: k } }));
  }

  /**
   * The preview canvas already shows the view's slice (a scan's first picture) and stands in
   * for the view until the view's next render has drawn, whoever asks for that render.
   */
  standIn(vp: Types.IVolumeViewport): void {
    this.vp = vp;
    this.awaitingRender = true;
    this.host.tracker()?.awaitRender();
  }

  /** Something else changes the view: render it for real now if fast steps are waiting. */
  flush(): void {
    this.settler.flush();
  }

  /** The axial view rendered: the canvas gives way once the render after fast steps drew. */
  rendered(): void {
    if (!this.awaitingRender || this.settler.pending) return;
    this.awaitingRender = false;
    hideSlicePreview(this.host.canvas());
  }

  /** The view is emptied or gets another volume: forget waiting steps, hide the canvas. */
  cancel(): void {
    if (this.settler.pending || this.awaitingRender) hideSlicePreview(this.host.canvas());
    this.settler.cancel();
    this.awaitingRender = false;
    this.vp = null;
  }

  private renderForReal(): void {
    const vp = this.vp;
    if (!vp) return;
    this.awaitingRender = true;
    vp.render();
  }
}
