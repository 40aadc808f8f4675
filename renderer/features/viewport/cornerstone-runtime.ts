import { cache, init, isCornerstoneInitialized, volumeLoader, type Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { int16Voxels, toCornerstoneDirection } from './model/volume-input';

let ready: Promise<void> | null = null;

/** Initialises Cornerstone once per page (idempotent, safe under React StrictMode). */
export function ensureCornerstone(): Promise<void> {
  ready ??= Promise.resolve().then(() => {
    if (!isCornerstoneInitialized()) init();
  });
  return ready;
}

/**
 * Puts a contract volume (header + int16 bytes) into Cornerstone's cache as a local volume.
 * The voxels are viewed, not copied, when aligned.
 */
export function createVolumeFromBytes(volumeId: string, header: VolumeHeader, bytes: Uint8Array, seriesUid: string): Types.IImageVolume {
  return createVolume(volumeId, header, int16Voxels(header, bytes), seriesUid);
}

/**
 * Puts an int16 HU volume into Cornerstone's cache. Its per-slice images are views on
 * `scalarData`: writing a slice there and calling `vtkOpenGLTexture.setUpdatedFrame(k)`
 * shows it on the next render (how the viewer streams a volume in).
 */
export function createVolume(
  volumeId: string,
  header: VolumeHeader,
  scalarData: Int16Array,
  seriesUid: string,
  opts: { streaming?: { loaded: readonly number[] } } = {},
): Types.IImageVolume {
  const metadata = {
    Modality: 'CT',
    FrameOfReferenceUID: `lungdesk-frame-${header.scanId}`,
    SeriesInstanceUID: seriesUid,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    SamplesPerPixel: 1,
    Rows: header.dims[1],
    Columns: header.dims[0],
    PixelSpacing: [header.spacing[1], header.spacing[0]],
    voiLut: [{ windowCenter: -600, windowWidth: 1500 }],
  } as unknown as Types.Metadata;
  const volume = volumeLoader.createLocalVolume(volumeId, {
    metadata,
    dimensions: [...header.dims] as Types.Point3,
    spacing: [...header.spacing] as Types.Point3,
    origin: [...header.origin] as Types.Point3,
    direction: toCornerstoneDirection(header.direction) as unknown as Types.Mat3,
    scalarData,
  });
  if (opts.streaming) withholdSlices(volume, opts.streaming.loaded);
  return volume;
}

/**
 * Slices of a streaming volume not loaded yet, kept out of Cornerstone's image cache. Its
 * texture uploads a slice only when the slice's image is in the cache (the flag stays set
 * until then), and the first render flags every slice: without this, the first picture of
 * a 512×512×300 scan waits for 300 slices of zeros to go to the GPU (half a second on a
 * software GPU), and every slice goes up twice.
 */
const withheld = new WeakMap<Types.IImageVolume, Map<number, Types.IImage>>();

function withholdSlices(volume: Types.IImageVolume, loaded: readonly number[]): void {
  const keep = new Set(loaded);
  const held = new Map<number, Types.IImage>();
  volume.imageIds.forEach((id, k) => {
    if (keep.has(k)) return;
    const image = cache.getImage(id);
    if (!image) return;
    held.set(k, image);
    cache.removeImageLoadObject(id, { force: true });
  });
  withheld.set(volume, held);
  (volume as unknown as { loadStatus: unknown }).loadStatus = { loaded: false, loading: true, cancelled: false, callbacks: [] };
}

/** Slices [start, start+count) of a streaming volume now hold their voxels: upload them. */
export function releaseSlices(volume: Types.IImageVolume, start: number, count: number): void {
  const held = withheld.get(volume);
  for (let k = start; k < start + count; k++) {
    const image = held?.get(k);
    if (image) {
      held!.delete(k);
      cache.putImageSync(volume.imageIds[k]!, image);
    }
    volume.vtkOpenGLTexture.setUpdatedFrame(k);
  }
}

/** Marks a streamed volume loaded: every slice is in the cache and flagged for upload. */
export function finishStreaming(volume: Types.IImageVolume): void {
  for (const k of [...(withheld.get(volume)?.keys() ?? [])]) releaseSlices(volume, k, 1);
  withheld.delete(volume);
  const v = volume as unknown as { loadStatus?: { loaded: boolean; loading: boolean } };
  if (v.loadStatus) {
    v.loadStatus.loaded = true;
    v.loadStatus.loading = false;
  }
}

/** Drops a local volume and its per-slice images from the cache (they hold the voxels). */
export function releaseVolume(volumeId: string): void {
  const volume = cache.getVolume(volumeId);
  if (!volume) return;
  const imageIds = volume.imageIds ?? [];
  cache.removeVolumeLoadObject(volumeId);
  for (const id of imageIds) {
    try {
      cache.removeImageLoadObject(id, { force: true });
    } catch {
      // already gone
    }
  }
}
