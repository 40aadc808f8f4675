import * as path from 'node:path';
import { LungDeskError, type ErrorCode } from '../../common/errors';
import type { Mat3, Vec3, VolumeGeometry } from '../../common/geometry';
import type { Volume } from '../volume/volume';
import { checkGeometry } from './limits';
import { conversionWarnings, toInt16, type NumericArray } from './to-int16';

/**
 * The one door to itk-wasm (`@itk-wasm/image-io`, ESM-only, run in-process in Node with its
 * pipelines shipped in the package, so nothing is fetched). Our build is CommonJS:
 * TypeScript (module NodeNext) keeps `import()` as a real dynamic import, which Node resolves
 * to the package's ESM "node" export, so the package loads lazily, once, on first use.
 *
 * itk-wasm wants absolute paths (it mounts the file's folder into its virtual file system), so
 * every path is resolved here. Geometry comes back in ITK's LPS convention (NIfTI's RAS
 * affine and NRRD's space are converted by ITK). `image.direction` is ITK's matrix in
 * row-major order (element [r·3 + c] = component r of axis c), the same layout as ours.
 */

type ImageIoModule = typeof import('@itk-wasm/image-io');
export type ItkImage = Awaited<ReturnType<ImageIoModule['niftiReadImageNode']>>['image'];

let modulePromise: Promise<ImageIoModule> | undefined;

export function imageIo(): Promise<ImageIoModule> {
  modulePromise ??= import('@itk-wasm/image-io');
  return modulePromise;
}

/** What itk-wasm printed during the last failed call (its console output, captured by `quietItk`). */
class ItkCallError extends Error {
  constructor(readonly thrown: unknown, readonly printed: string) {
    super('itk-wasm call failed');
  }
}

/** The lines itk-wasm prints when a pipeline throws (run-pipeline-emscripten.js). */
const ITK_DUMP = /^(Exception while running pipeline:|stdout:|stderr:|exception:|Build module in Debug mode)/;

let quietDepth = 0;
let captured: string[] = [];
let saved: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'> | undefined;

/**
 * Runs an itk-wasm call with its console output captured instead of printed: itk-wasm logs a
 * failed pipeline's stdout/stderr with console.log/console.error, which would corrupt the
 * CLI's one-JSON-document stdout. Its failure dump is kept for the error message
 * (`itkFailure`); any other console line during the call goes to stderr. Nested and
 * concurrent calls share one capture.
 */
export async function quietItk<T>(call: () => Promise<T>): Promise<T> {
  if (quietDepth++ === 0) {
    captured = [];
    saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    const keep = (...args: unknown[]): void => {
      const line = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
      if (captured.length < 200) captured.push(line);
      // itk-wasm's failure dump becomes the error message; anything else (another part's log
      // during the call) still reaches stderr, never stdout.
      if (!ITK_DUMP.test(line)) process.stderr.write(line + '\n');
    };
    console.log = console.info = console.warn = console.error = console.debug = keep;
  }
  let failure: unknown;
  let failed = false;
  let result: T | undefined;
  try {
    result = await call();
  } catch (e) {
    failed = true;
    failure = e;
  }
  const printed = captured.join('\n');
  if (--quietDepth === 0 && saved) {
    Object.assign(console, saved);
    saved = undefined;
    captured = [];
  }
  if (failed) throw new ItkCallError(failure, printed);
  return result as T;
}

/** The lines of itk-wasm's output that say what went wrong (ITK's "Description:" and exception lines). */
function meaningfulLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(stdout|stderr):\s*$/.test(l) && !/Build module in Debug mode/.test(l) && !/^Exception while running pipeline/.test(l));
  const desc = lines.filter((l) => /Description:|exception|error|could not|cannot|unable/i.test(l));
  return (desc.length ? desc : lines).slice(-3);
}

/**
 * Turns whatever itk-wasm threw (an Error with its stderr, a wasm trap, an emscripten exception
 * pointer, which is a bare number) into a typed error with a readable message: what was being
 * done to which file, and ITK's own description when it printed one; never a raw number.
 */
export function itkFailure(e: unknown, file: string, what: string, code: ErrorCode = 'io.bad-header'): LungDeskError {
  if (e instanceof LungDeskError) return e;
  let thrown = e;
  let printed = '';
  if (e instanceof ItkCallError) {
    if (e.thrown instanceof LungDeskError) return e.thrown;
    thrown = e.thrown;
    printed = e.printed;
  }
  const own = thrown instanceof Error ? thrown.message : typeof thrown === 'number' ? '' : String(thrown);
  const lines = meaningfulLines(`${own}\n${printed}`).map((l) => l.replace(/^(stderr|stdout|exception):\s*/i, ''));
  const why = lines.join(' | ').slice(0, 400) || (code === 'io.write-failed' ? 'ITK could not write it' : 'ITK could not read it: malformed, truncated or unsupported data');
  return new LungDeskError(code, `${file}: ${what} failed (${why})`, {
    file,
    cause: thrown,
    ...(typeof thrown === 'number' ? { detail: { itkException: thrown } } : {}),
  });
}

/**
 * Geometry of an ITK image as ours. 2D images become one slice (z spacing 1 mm); a 4D image
 * is accepted only when its 4th size is 1. Throws io.unsupported for multi-component images.
 */
export function itkGeometry(image: ItkImage, file: string): VolumeGeometry {
  const dim = image.imageType.dimension;
  if (image.imageType.components !== 1) {
    throw new LungDeskError('io.unsupported', `${file}: ${image.imageType.components}-component (${image.imageType.pixelType}) images are not read; a CT is one value per voxel`, { file });
  }
  if (dim < 2 || dim > 4) throw new LungDeskError('io.unsupported', `${file}: ${dim}-dimensional image; only 2D and 3D images are read`, { file });
  const size = Array.from(image.size);
  if (dim === 4 && size[3] !== 1) {
    throw new LungDeskError('io.unsupported', `${file}: 4D image with ${size[3]} time points; only 3D volumes are read`, { file });
  }
  const n = dim;
  // `+ 0` turns ITK's -0 (from negating RAS) into 0, so JSON and printed geometry stay clean.
  const at = (r: number, c: number): number => Number(image.direction[r * n + c] ?? (r === c ? 1 : 0)) + 0;
  const direction: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const k = Math.min(n, 3);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) direction[r * 3 + c] = at(r, c);
  const g: VolumeGeometry = {
    dims: [size[0]!, size[1]!, k === 3 ? size[2]! : 1],
    spacing: [image.spacing[0]!, image.spacing[1]!, k === 3 ? image.spacing[2]! : 1] as Vec3,
    origin: [image.origin[0]!, image.origin[1]!, k === 3 ? image.origin[2]! : 0] as Vec3,
    direction,
  };
  if (g.dims.some((d) => !Number.isInteger(d) || d < 1)) throw new LungDeskError('io.bad-header', `${file}: image size ${size.join('×')} is not positive`, { file });
  checkGeometry(file, g, { spacing: 'spacing', origin: 'origin', direction: 'direction' });
  return g;
}

/** An ITK image (already read with pixels) as an int16 HU volume, with conversion warnings. */
export function itkToVolume(image: ItkImage, file: string): { volume: Volume; warnings: string[] } {
  const g = itkGeometry(image, file);
  const count = g.dims[0] * g.dims[1] * g.dims[2];
  const data = image.data as NumericArray | null;
  if (!data || data.length !== count) {
    throw new LungDeskError('io.size-mismatch', `${file}: ${data?.length ?? 0} voxels decoded, the header announces ${count}`, { file, detail: { expected: count, actual: data?.length ?? 0 } });
  }
  const c = toInt16(data);
  return { volume: { ...g, voxels: c.voxels }, warnings: conversionWarnings(c, `${image.imageType.componentType} data`) };
}

/** Our volume as an ITK int16 image. The voxel array is shared, not copied (itk-wasm copies it into wasm memory). */
export function volumeToItk(volume: Volume): ItkImage {
  const [nx, ny, nz] = volume.dims;
  return {
    imageType: { dimension: 3, componentType: 'int16', pixelType: 'Scalar', components: 1 },
    name: 'image',
    origin: [...volume.origin],
    spacing: [...volume.spacing],
    direction: Float64Array.from(volume.direction),
    size: [nx, ny, nz],
    data: volume.voxels,
    metadata: new Map(),
  } as unknown as ItkImage;
}

export const absolute = (file: string): string => path.resolve(file);
