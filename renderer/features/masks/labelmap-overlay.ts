import { Enums, cache, getEnabledElementByViewportId, volumeLoader, type Types } from '@cornerstonejs/core';
import { Enums as csToolsEnums, init as initTools, segmentation, utilities as csToolsUtilities } from '@cornerstonejs/tools';
import { shareVolumeProgram, type ShownVolume } from '../viewport';
import { OVERLAY_LABEL, rgbaOf, sameGrid, toLabelmapVoxels } from './model/labelmap-input';
import { hexToRgb, labelmapStyleOf, type LayerSettings } from './model/overlay-settings';

const LABELMAP = csToolsEnums.SegmentationRepresentations.Labelmap;

let toolsReady = false;

/**
 * Initialises @cornerstonejs/tools once per page (its init is idempotent too). Called on the
 * first overlay, after the reading room has enabled its viewports: the tools then attach no
 * mouse or key listeners to them, and the reading room keeps its own handling. Segmentation
 * rendering looks viewports up in @cornerstonejs/core, so it does not need them registered.
 */
function ensureTools(): void {
  if (toolsReady) return;
  initTools();
  toolsReady = true;
}

/** A mask drawn as a labelmap segmentation on the three viewports of one shown volume. */
export interface LabelmapOverlay {
  readonly segmentationId: string;
  readonly volumeId: string;
  readonly viewportIds: readonly string[];
  /** The overlay's own colour table: two overlays both use label 1 and must not share colours. */
  readonly colorLUTIndex: number;
}

let overlayCount = 0;

/** Listeners still waiting for an overlay's labelmap actors, by segmentation id. */
const pendingCameraKeeps = new Map<string, (() => void)[]>();

/**
 * Cornerstone's addActors resets a viewport's camera and then tries to restore it from a view
 * reference, which puts our local volumes on their first or last slice. The reader's slice,
 * pan and zoom must survive an overlay: each viewport's camera is taken now and put back once
 * the labelmap actor is on it (the actor arrives asynchronously, on the segmentation render).
 */
function keepCamerasWhileAdding(segmentationId: string, volumeId: string, viewportIds: readonly string[]): void {
  const cleanups: (() => void)[] = [];
  for (const id of viewportIds) {
    const vp = getEnabledElementByViewportId(id)?.viewport;
    if (!vp) continue;
    const cam = vp.getCamera();
    const saved: Types.ICamera = {
      focalPoint: [...cam.focalPoint!] as Types.Point3,
      position: [...cam.position!] as Types.Point3,
      viewUp: [...cam.viewUp!] as Types.Point3,
      viewPlaneNormal: [...cam.viewPlaneNormal!] as Types.Point3,
      parallelScale: cam.parallelScale,
    };
    const element = vp.element;
    const off = (): void => element.removeEventListener(Enums.Events.ACTORS_CHANGED, onActors);
    function onActors(evt: Event): void {
      const added = (evt as CustomEvent<{ addedActors?: { referencedId?: string }[] }>).detail.addedActors ?? [];
      if (!added.some((a) => a.referencedId === volumeId)) return;
      off();
      // Before its first draw: the labelmap's program is shared by every scan as the CT's is.
      shareVolumeProgram(vp as Types.IVolumeViewport);
      // addActor fires this before addActors resets the camera: restore after it has returned.
      queueMicrotask(() => {
        vp.setCamera(saved);
        vp.render();
      });
    }
    element.addEventListener(Enums.Events.ACTORS_CHANGED, onActors);
    cleanups.push(off);
  }
  pendingCameraKeeps.set(segmentationId, cleanups);
}

/**
 * Shows a mask (uint8 bytes on the scan grid, x fastest) over the shown CT volume: a local
 * labelmap volume with the CT volume's exact geometry and frame of reference, one labelmap
 * segmentation, and a representation on each viewport. Throws when the CT volume is not in
 * the cache or the mask is on another grid. Style it with `styleLabelmapOverlay`.
 */
export function addLabelmapOverlay(shown: ShownVolume, label: string, mask: { dims: readonly [number, number, number]; voxels: Uint8Array }): LabelmapOverlay {
  const ct = checkedGrid(shown, label, mask.dims);
  return createOverlay(shown, ct, label, toLabelmapVoxels(mask.voxels, mask.dims), { [OVERLAY_LABEL]: { label } }, [
    [0, 0, 0, 0],
    [255, 255, 255, 255],
  ]);
}

/**
 * Shows a mask being edited: its own bytes become the labelmap's voxels (no copy, every label
 * kept), so an edit written into `labels` is on screen once `labelmapSlicesModified` names
 * its slices. `colours[v]` is label v's RGBA.
 */
export function addEditableLabelmap(shown: ShownVolume, name: string, labels: Uint8Array, colours: readonly (readonly [number, number, number, number])[]): LabelmapOverlay {
  const ct = checkedGrid(shown, name, shown.header.dims);
  if (labels.length !== ct.dimensions[0] * ct.dimensions[1] * ct.dimensions[2]) throw new RangeError(`the ${name} mask has ${labels.length} voxels, the scan ${ct.dimensions.join('×')}`);
  const segments = Object.fromEntries(colours.map((_, v) => [v, { label: `${name} ${v}` }]).slice(1));
  return createOverlay(shown, ct, name, labels, segments, colours.map((c) => [...c]));
}

/**
 * Tells Cornerstone that the labelmap changed on slices `zs` (axial indices) only: their rows
 * of the GPU texture are re-uploaded and the viewports redraw on the next frame.
 */
export function labelmapSlicesModified(overlay: LabelmapOverlay, zs: readonly number[]): void {
  segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(overlay.segmentationId, [...zs]);
}

function checkedGrid(shown: ShownVolume, label: string, dims: readonly [number, number, number]): Types.IImageVolume {
  ensureTools();
  const ct = cache.getVolume(shown.volumeId);
  if (!ct) throw new Error(`the scan's volume ${shown.volumeId} is no longer on the viewports`);
  if (!sameGrid(dims, ct.dimensions) || !sameGrid(dims, shown.header.dims)) {
    throw new Error(`the ${label} mask is ${dims.join('×')} voxels, the scan ${ct.dimensions.join('×')}: it belongs to another grid`);
  }
  return ct;
}

function createOverlay(
  shown: ShownVolume,
  ct: Types.IImageVolume,
  label: string,
  scalarData: Uint8Array,
  segments: Record<number, { label: string }>,
  lut: number[][],
): LabelmapOverlay {
  const n = ++overlayCount;
  const volumeId = `lungdesk-mask-${shown.scanId}-${n}`;
  const segmentationId = `lungdesk-seg-${label}-${shown.scanId}-${n}`;
  volumeLoader.createLocalLabelmapVolume(
    {
      // As Cornerstone's own derived labelmaps do: the CT's metadata (its frame of reference
      // makes the overlay compatible with the viewports) and its exact geometry.
      metadata: ct.metadata,
      dimensions: [...ct.dimensions] as Types.Point3,
      spacing: [...ct.spacing] as Types.Point3,
      origin: [...ct.origin] as Types.Point3,
      direction: ct.direction,
      scalarData,
    },
    volumeId,
  );
  let colorLUTIndex = -1;
  try {
    segmentation.addSegmentations([
      {
        segmentationId,
        representation: { type: LABELMAP, data: { volumeId } },
        config: { label, segments },
      },
    ]);
    colorLUTIndex = segmentation.config.color.addColorLUT(lut as Types.ColorLUT);
    const input = [{ segmentationId, config: { colorLUTOrIndex: colorLUTIndex } }];
    keepCamerasWhileAdding(segmentationId, volumeId, shown.viewportIds);
    segmentation.addLabelmapRepresentationToViewportMap(Object.fromEntries(shown.viewportIds.map((id) => [id, input])));
  } catch (e) {
    removeLabelmapOverlay({ segmentationId, volumeId, viewportIds: shown.viewportIds, colorLUTIndex });
    throw e;
  }
  return { segmentationId, volumeId, viewportIds: [...shown.viewportIds], colorLUTIndex };
}

/** Applies an overlay's visibility, colour, fill/outline and opacity, and re-renders its viewports. */
export function styleLabelmapOverlay(overlay: LabelmapOverlay, s: LayerSettings): void {
  const { segmentationId } = overlay;
  segmentation.config.style.setStyle({ type: LABELMAP, segmentationId }, labelmapStyleOf(s));
  const color = rgbaOf(hexToRgb(s.color)) as Types.Color;
  for (const viewportId of overlay.viewportIds) {
    // The colour table is the overlay's own, shared by its viewports; setting it per viewport
    // is what tells each one to redraw.
    segmentation.config.color.setSegmentIndexColor(viewportId, segmentationId, OVERLAY_LABEL, color);
    segmentation.config.visibility.setSegmentationRepresentationVisibility(viewportId, { segmentationId, type: LABELMAP }, s.visible);
    csToolsUtilities.segmentation.triggerSegmentationRender(viewportId);
  }
}

/**
 * Takes an overlay off its viewports and frees what it held: the segmentation, its colour
 * table, and the labelmap volume with its per-slice images in the cache. Safe to call after
 * the viewports are gone, and twice.
 */
export function removeLabelmapOverlay(overlay: LabelmapOverlay): void {
  for (const off of pendingCameraKeeps.get(overlay.segmentationId) ?? []) off();
  pendingCameraKeeps.delete(overlay.segmentationId);
  try {
    if (segmentation.state.getSegmentation(overlay.segmentationId)) segmentation.removeSegmentation(overlay.segmentationId);
  } catch {
    // the viewports were destroyed first: nothing is drawn any more
  }
  if (overlay.colorLUTIndex >= 0) segmentation.state.removeColorLUT(overlay.colorLUTIndex);
  const volume = cache.getVolume(overlay.volumeId);
  if (!volume) return;
  const imageIds = volume.imageIds ?? [];
  cache.removeVolumeLoadObject(overlay.volumeId);
  for (const id of imageIds) {
    try {
      cache.removeImageLoadObject(id, { force: true });
    } catch {
      // already gone
    }
  }
}
