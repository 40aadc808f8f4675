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
export function createVolume(volumeId: string, header: VolumeHeader, scalarData: Int16Array, seriesUid: string): Types.IImageVolume {
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
  return volumeLoader.createLocalVolume(volumeId, {
    metadata,
    dimensions: [...header.dims] as Types.Point3,
    spacing: [...header.spacing] as Types.Point3,
    origin: [...header.origin] as Types.Point3,
    direction: toCornerstoneDirection(header.direction) as unknown as Types.Mat3,
    scalarData,
  });
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
