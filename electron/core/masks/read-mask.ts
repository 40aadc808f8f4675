import { readNpyMask } from '../io/npy-reader';
import { MASK_FILE_EXT, readMaskFile } from './mask-file';

/**
 * A mask on grid `dims` from either file a mask version can be: the mask store's `.ldmask`
 * (checked against its own sha256) or a job's uint8 `.npy`. Typed errors name the file.
 */
export function readMaskVoxels(file: string, dims: readonly [number, number, number]): Promise<Uint8Array> {
  return file.toLowerCase().endsWith(MASK_FILE_EXT) ? readMaskFile(file, dims) : readNpyMask(file, dims);
}
