import type { JobContext } from '../../../common/jobs';
import { assembleFromFiles } from '../../io/dicom/series';
import type { SliceLocator } from './contour-mask';

/**
 * The slice locator of a DICOM series: its geometry, SOPInstanceUID → slice index k and the
 * world z of every slice, in the same order `loadVolume` stacks the slices (both sort by
 * position along the slice normal through `assembleSeries`). Reads headers only.
 */
export async function dicomSliceLocator(files: readonly string[], ctx?: JobContext): Promise<Required<SliceLocator> & { warnings: string[] }> {
  const a = await assembleFromFiles(files, ctx);
  const sopToSlice = new Map<string, number>();
  a.slices.forEach((h, k) => {
    if (h.sopInstanceUid) sopToSlice.set(h.sopInstanceUid, k);
  });
  return {
    geometry: a.geometry,
    sopToSlice,
    slicePositionsZ: a.slices.map((h) => h.imagePositionPatient[2]),
    warnings: a.warnings,
  };
}
