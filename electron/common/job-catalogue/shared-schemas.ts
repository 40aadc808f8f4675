import { z } from 'zod';
import { Bytes } from '../contract/define';
import { Vec3 } from '../geometry';

export { Bytes };
export const ScanFormatParam = z.enum(['dicom', 'metaimage', 'nifti', 'nrrd']);
/** A scan as a reader needs it: DICOM slices in order, or the one image file. */
export const ScanFiles = { format: ScanFormatParam, files: z.array(z.string().min(1)).min(1) };
export const Dims = z.tuple([z.number().int(), z.number().int(), z.number().int()]);
export const FiniteVec3 = Vec3;
