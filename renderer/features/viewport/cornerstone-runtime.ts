import { Enums, ImageVolume, cache, getRenderingCapabilities, init, isCornerstoneInitialized, utilities, type Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { int16ToHalf } from './model/half-float';
import { toCornerstoneDirection } from './model/volume-input';

let ready: Promise<void> | null = null;

/** Initialises Cornerstone once per page (idempotent, safe under React StrictMode). */
export function ensureCornerstone(): Promise<void> {
  ready ??= Promise.resolve().then(() => {
    if (!isCornerstoneInitialized()) init();
  });
  return ready;
}

function volumeMetadata(header: VolumeHeader, seriesUid: string): Types.Metadata {
  return {
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
}

/**
 * An int16 HU volume that fills in as slices arrive: the volume and its texture exist at
 * once, its voxels' array is given by {@link streamVoxelsInto} (a viewer can put the volume
 * on a view before it allocates them), and a slice's image (a view on that array, what the
 * texture uploads from) is made only by {@link addSlices}, once its voxels are there. Making
 * all of them up front (as Cornerstone's `createLocalVolume` does) scans every slice for its
 * range, faulting in 157 MB of zeros for a 512×512×300 scan before the first picture, and the
 * texture would upload them.
 */
export function createStreamingVolume(volumeId: string, header: VolumeHeader, seriesUid: string): Types.IImageVolume {
  const dims = [...header.dims] as Types.Point3;
  const imageIds = Array.from({ length: dims[2] }, (_, k) => `${volumeId}_slice_${k}`);
  const volume = new ImageVolume({
    volumeId,
    metadata: volumeMetadata(header, seriesUid),
    dimensions: dims,
    spacing: [...header.spacing] as Types.Point3,
    origin: [...header.origin] as Types.Point3,
    direction: toCornerstoneDirection(header.direction) as unknown as Types.Mat3,
    imageIds,
    dataType: 'Int16Array',
  });
  preferHalfFloatTexture(volume);
  (volume as unknown as { loadStatus: unknown }).loadStatus = { loaded: false, loading: true, cancelled: false, callbacks: [] };
  cache.putVolumeSync(volumeId, volume);
  return volume;
}

/**
 * Gives the volume a half-float (R16F) texture where the GPU has no filterable 16-bit integer
 * one (EXT_texture_norm16, which SwiftShader lacks) instead of Cornerstone's float32: the GPU
 * process holds half the bytes (on a software GPU, in the same RAM as the page: ~150 MB less
 * for a 512×512×300 scan) and is sent half the bytes. vtk.js's own half-float path, the one
 * Cornerstone's `preferSizeOverAccuracy` takes, except that Cornerstone's mappers switch it
 * off before every (re)allocation of the texture and vtk.js freezes its objects' methods: so
 * the switch on the texture's model (what `get()` returns) is pinned on, unless a 16-bit
 * integer texture is to be had. Exact for |HU| ≤ 2048 (model/half-float.ts), so every window
 * draws as before; the readout and measurements read the int16 voxels, never the texture.
 */
function preferHalfFloatTexture(volume: Types.IImageVolume): void {
  const texture = volume.vtkOpenGLTexture as unknown as { get(): Record<string, unknown> };
  const model = texture.get();
  Object.defineProperty(model, 'enableUseHalfFloat', { configurable: true, get: () => !model.oglNorm16Ext, set: () => {} });
  model.canUseHalfFloat = true;
  // Mutable storage (texImage3D), which vtk.js gives a "resizable" texture, not immutable
  // (texStorage3D): written in parts, immutable storage costs a software GPU a clear of the
  // whole texture first (ANGLE's zero-initialisation), ~2× the upload of all its slices.
  model.resizable = true;
}

/** A streaming volume's voxels, and the buffer its uploads convert through (half or float32). */
const streaming = new WeakMap<Types.IImageVolume, { voxels: Int16Array; scratch: Float32Array | Uint16Array | null }>();

/**
 * The int16 HU array (x fastest, the whole volume) a streaming volume's slices arrive in:
 * {@link addSlices} and the uploads read it. Given once, before the first slices are added.
 */
export function streamVoxelsInto(volume: Types.IImageVolume, voxels: Int16Array): void {
  const [nx, ny, nz] = volume.dimensions;
  if (voxels.length !== nx * ny * nz) throw new Error(`volume ${volume.volumeId}: ${voxels.length} voxels given for ${nx}×${ny}×${nz}`);
  streaming.set(volume, { voxels, scratch: null });
}

/**
 * Slices [start, start+count) of a streaming volume hold their voxels now (HU within
 * [min, max]): makes their images (what Cornerstone reads a slice through), flagged for the
 * texture's next update.
 */
export function addSlices(volume: Types.IImageVolume, start: number, count: number, range: { min: number; max: number }): void {
  const voxels = streaming.get(volume)?.voxels;
  if (!voxels) return;
  const sliceSize = volume.dimensions[0] * volume.dimensions[1];
  for (let k = start; k < start + count; k++) {
    const imageId = volume.imageIds[k]!;
    if (cache.getImageLoadObject(imageId)) continue;
    cache.putImageSync(imageId, sliceImage(volume, imageId, voxels.subarray(k * sliceSize, (k + 1) * sliceSize), range));
    volume.vtkOpenGLTexture.setUpdatedFrame(k);
  }
}

/**
 * One slice's image, as Cornerstone's `imageLoader.createAndCacheLocalImage` makes it (the
 * same metadata, voxel manager and fields; Cornerstone 5.14), except that its value range
 * comes from the slab it arrived in: that function scans every voxel for it, ~0.5 ms a
 * 512×512 slice on the thread that also reads the next slab off the wire.
 */
function sliceImage(volume: Types.IImageVolume, imageId: string, scalarData: Int16Array, range: { min: number; max: number }): Types.IImage {
  const [columns, rows] = volume.dimensions;
  const [columnPixelSpacing, rowPixelSpacing] = volume.spacing;
  const direction = volume.direction as unknown as number[];
  const frameOfReferenceUID = (volume.metadata as unknown as { FrameOfReferenceUID: string }).FrameOfReferenceUID;
  utilities.genericMetadataProvider.add(imageId, {
    type: Enums.MetadataModules.IMAGE_PLANE,
    metadata: {
      frameOfReferenceUID,
      rows,
      columns,
      imageOrientationPatient: direction,
      rowCosines: direction.slice(0, 3),
      columnCosines: direction.slice(3, 6),
      imagePositionPatient: volume.origin,
      pixelSpacing: [rowPixelSpacing, columnPixelSpacing],
      rowPixelSpacing,
      columnPixelSpacing,
    },
  });
  utilities.genericMetadataProvider.add(imageId, {
    type: Enums.MetadataModules.IMAGE_PIXEL,
    metadata: { samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rows, columns, bitsAllocated: 16, bitsStored: 16, highBit: 15 },
  });
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: columns, height: rows, numberOfComponents: 1, scalarData, id: imageId });
  return {
    imageId,
    intercept: 0,
    windowCenter: 0,
    windowWidth: 0,
    color: false,
    numberOfComponents: 1,
    dataType: 'Int16Array',
    slope: 1,
    minPixelValue: range.min,
    maxPixelValue: range.max,
    rows,
    columns,
    getCanvas: undefined,
    height: rows,
    width: columns,
    rgba: undefined,
    columnPixelSpacing,
    rowPixelSpacing,
    FrameOfReferenceUID: frameOfReferenceUID,
    invert: false,
    getPixelData: () => voxelManager.getScalarData(),
    voxelManager,
    sizeInBytes: scalarData.byteLength,
    referencedImageId: undefined,
    // Part of the volume: the cache may not purge it on its own.
    sharedCacheKey: volume.volumeId,
  } as unknown as Types.IImage;
}

/** The parts of Cornerstone's streaming texture (a vtk.js OpenGL texture) an upload needs. */
interface StreamingTexture {
  getHandle(): unknown;
  activate(): void;
  deactivate(): void;
  update3DFromRaw(): unknown;
  getUpdatedFrames(): (boolean | null | undefined)[];
  get(...keys: string[]): { context?: WebGL2RenderingContext; target: number; format: number; openGLDataType: number };
}

/**
 * Sends slices [start, start+count) of a streaming volume (added with {@link addSlices}) to
 * its GPU texture now, in one call and without a render; false when the texture does not
 * exist yet (the first render makes it and uploads what was added). A half- or float32
 * texture (no 16-bit integer textures, as on a software GPU) gets them through one reused
 * buffer: the texture's own per-slice update allocates one per slice (its half-float one
 * converts a voxel at a time through a function call), which the page then faults in and
 * collects.
 */
export function uploadSlices(volume: Types.IImageVolume, start: number, count: number): boolean {
  const texture = volume.vtkOpenGLTexture as unknown as StreamingTexture;
  const stream = streaming.get(volume);
  if (!texture.getHandle() || !stream) return false;
  const { context: gl, target, format, openGLDataType } = texture.get('context', 'target', 'format', 'openGLDataType');
  const [nx, ny] = volume.dimensions;
  const sliceSize = nx * ny;
  const slices = stream.voxels.subarray(start * sliceSize, (start + count) * sliceSize);
  let pixels: ArrayBufferView;
  if (gl && openGLDataType === gl.HALF_FLOAT) {
    if (!(stream.scratch instanceof Uint16Array) || stream.scratch.length < slices.length) stream.scratch = new Uint16Array(slices.length);
    const half = stream.scratch.subarray(0, slices.length);
    int16ToHalf(slices, half);
    pixels = half;
  } else if (gl && openGLDataType === gl.FLOAT) {
    if (!(stream.scratch instanceof Float32Array) || stream.scratch.length < slices.length) stream.scratch = new Float32Array(slices.length);
    const float = stream.scratch.subarray(0, slices.length);
    float.set(slices);
    pixels = float;
  } else if (gl && openGLDataType === gl.SHORT) {
    pixels = slices;
  } else {
    // Any other texture format: the texture's own conversion.
    texture.update3DFromRaw();
    return true;
  }
  texture.activate();
  gl.texSubImage3D(target, 0, 0, 0, start, nx, ny, count, format, openGLDataType, pixels);
  texture.deactivate();
  const frames = texture.getUpdatedFrames();
  for (let k = start; k < start + count; k++) frames[k] = null;
  return true;
}

/**
 * A point in the command stream of a streaming volume's GPU context: {@link gpuPassed} tells
 * (without blocking) whether the GPU has done everything issued before it. Null when the
 * texture does not exist yet. Releasing it is the caller's job ({@link releaseGpuMark}).
 */
export function gpuMark(volume: Types.IImageVolume): WebGLSync | null {
  const gl = textureContext(volume);
  const sync = gl?.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0) ?? null;
  gl?.flush();
  return sync;
}

/** True once the GPU has passed `mark` (the answer changes only between tasks). */
export function gpuPassed(volume: Types.IImageVolume, mark: WebGLSync): boolean {
  const gl = textureContext(volume);
  return !gl || gl.getSyncParameter(mark, gl.SYNC_STATUS) === gl.SIGNALED;
}

export function releaseGpuMark(volume: Types.IImageVolume, mark: WebGLSync): void {
  textureContext(volume)?.deleteSync(mark);
}

/**
 * Resolves once the GPU has done everything issued so far in the volume's context (looked at
 * by timer every `pollMs`): true then, false without a context or after `timeoutMs`. A
 * software GPU runs a draw well after the page issued it.
 */
export async function gpuCaughtUpWith(volume: Types.IImageVolume, pollMs = 2, timeoutMs = 10_000): Promise<boolean> {
  const mark = gpuMark(volume);
  if (!mark) return false;
  try {
    for (const until = performance.now() + timeoutMs; performance.now() < until; ) {
      if (gpuPassed(volume, mark)) return true;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return false;
  } finally {
    releaseGpuMark(volume, mark);
  }
}

function textureContext(volume: Types.IImageVolume): WebGL2RenderingContext | null {
  const texture = volume.vtkOpenGLTexture as unknown as StreamingTexture;
  if (!texture.getHandle()) return null;
  return texture.get('context').context ?? null;
}

/**
 * Paints a viewport's canvas black without drawing it: what coronal and sagittal show of a
 * volume that holds one slice so far (a draw would cost a software GPU ~50 ms for a line),
 * and never the scan shown before.
 */
export function blankViewport(vp: { canvas: HTMLCanvasElement }): void {
  const ctx = vp.canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, vp.canvas.width, vp.canvas.height);
}

/** Marks a streaming volume loaded (every slice added). */
export function finishStreaming(volume: Types.IImageVolume): void {
  streaming.delete(volume);
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

/** The parts of a vtk.js volume mapper the program sharing below touches. */
interface ProgramMapper {
  getMaximumSamplesPerRay?(): number;
  getViewSpecificProperties?(): { OpenGL?: { ShaderReplacements?: unknown[] } & Record<string, unknown> };
}

/** Marks the replacement this module adds, so it is added once per mapper. */
const SAMPLES_TAG = 'lungdesk:shared-samples-bound';

/**
 * One volume program for every scan. vtk.js writes the longest ray a volume can need
 * (`ceil(diagonal / sample distance)`) into its fragment shader as the ray loop's bound, so a
 * scan of another size compiled and linked a program of its own on its first draw: ~130 ms
 * of the page's thread on a software GPU, in the middle of that scan's load. The bound is
 * only a cap (the loop leaves when the ray ends), so the views' mappers write the cap vtk.js
 * already enforces, their maximum samples per ray (Cornerstone sets 4000), for every scan:
 * every scan of the same kind shares one program, compiled once per page (or by the reading
 * room's warm-up). A ray longer than the cap stops at it, as vtk.js warns it would.
 */
export function shareVolumeProgram(vp: Types.IVolumeViewport): void {
  for (const { actor } of vp.getActors()) {
    const mapper = (actor as unknown as { getMapper?(): ProgramMapper }).getMapper?.();
    const spec = mapper?.getViewSpecificProperties?.();
    const cap = mapper?.getMaximumSamplesPerRay?.();
    if (!spec || !cap) continue;
    const openGL = (spec.OpenGL ??= {});
    const replacements = (openGL.ShaderReplacements ??= []) as { tag?: string }[];
    if (replacements.some((r) => r.tag === SAMPLES_TAG)) continue;
    // Before vtk.js puts its own bound there (replaceFirst), so that one finds nothing left.
    replacements.push({ tag: SAMPLES_TAG, shaderType: 'Fragment', originalValue: '//VTK::MaximumNumberOfSamples', replacementValue: String(Math.round(cap)), replaceFirst: true, replaceAll: false } as { tag: string });
  }
}

/** Puts a volume on the views, each drawing it with the program every scan shares. */
export async function setViewsVolume(viewports: readonly Types.IVolumeViewport[], volumeId: string): Promise<void> {
  await Promise.all(viewports.map((vp) => vp.setVolumes([{ volumeId, actorUID: volumeId }])));
  for (const vp of viewports) shareVolumeProgram(vp);
}

/** vtk.js's texture filters (Rendering/OpenGL/Texture/Constants Filter), as its volume mapper sets them. */
const VTK_FILTER = { NEAREST: 0, LINEAR: 1 } as const;
/** vtk.js's InterpolationType.NEAREST of a volume property. */
const VTK_INTERPOLATION_NEAREST = 0;

/** The parts of Cornerstone's streaming texture {@link allocateVolumeTexture} drives as the views' mapper does. */
interface AllocatableTexture extends StreamingTexture {
  setOpenGLRenderWindow(rw: unknown): void;
  setOglNorm16Ext(ext: unknown): void;
  resetFormatAndType(): void;
  setMinificationFilter(f: number): void;
  setMagnificationFilter(f: number): void;
  setTextureParameters(p: { width: number; height: number; depth: number; numberOfComponents: number; dataType: string }): void;
  create3DFromRaw(p: { width: number; height: number; depth: number; numComps: number; dataType: string; data: null }): boolean;
}

/**
 * Creates a streaming volume's GPU texture in the view's WebGL context without drawing it,
 * with what the views' mapper would give it on their first draw (format, parameters and
 * filters; so that draw finds it made, changes nothing and uploads only what changed): the
 * slices can then go to the GPU while no view draws the volume. A draw of a texture not yet
 * wholly written makes the software GPU clear all of it first (~100–130 ms for 512×512×133,
 * touching every page of it) unless the uploads waiting then cover it in the order
 * model/progressive-load.ts streamOrder gives them; a filter set afterwards would mark
 * every slice for vtk.js's own upload again. False when the view has no WebGL context (then its first draw
 * makes the texture, as before).
 */
export function allocateVolumeTexture(volume: Types.IImageVolume, vp: Types.IVolumeViewport): boolean {
  const texture = volume.vtkOpenGLTexture as unknown as AllocatableTexture;
  if (texture.getHandle()) return true;
  const engine = vp.getRenderingEngine() as unknown as { getOffscreenMultiRenderWindow?(viewportId: string): { getOpenGLRenderWindow?(): { getContext(): WebGL2RenderingContext | null } } | undefined };
  const window = engine.getOffscreenMultiRenderWindow?.(vp.id)?.getOpenGLRenderWindow?.();
  const gl = window?.getContext();
  const actor = vp.getActors().find((a) => a.uid === volume.volumeId)?.actor as unknown as { getProperty?(): { getInterpolationType(): number } } | undefined;
  const interpolation = actor?.getProperty?.().getInterpolationType();
  if (!window || !gl || interpolation === undefined) return false;
  const imageData = volume.imageData as unknown as { get(k: 'dataType'): { dataType: string } };
  const dataType = imageData.get('dataType').dataType;
  const [width, height, depth] = volume.dimensions;
  const filter = interpolation === VTK_INTERPOLATION_NEAREST ? VTK_FILTER.NEAREST : VTK_FILTER.LINEAR;
  texture.setOpenGLRenderWindow(window);
  const caps = getRenderingCapabilities() as { norm16?: boolean; norm16Linear?: boolean };
  texture.setOglNorm16Ext(caps.norm16 && caps.norm16Linear ? gl.getExtension('EXT_texture_norm16') : null);
  texture.resetFormatAndType();
  texture.setMinificationFilter(filter);
  texture.setMagnificationFilter(filter);
  texture.setTextureParameters({ width, height, depth, numberOfComponents: 1, dataType });
  return texture.create3DFromRaw({ width, height, depth, numComps: 1, dataType, data: null });
}
