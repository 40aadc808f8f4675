import type { VolumeGeometry } from '../../../common/geometry';
import type { JobContext } from '../../../common/jobs';
import { slotsOfFiles } from '../../io/dicom/slice-grid';
import { assembleFromFiles } from '../../io/dicom/series';
import { voxelToWorld } from '../../volume/volume';
import type { SliceLocator } from './contour-mask';

/**
 * The slice locator of a DICOM series on its slot grid: SOPInstanceUID → slot k of the file
 * that holds it, and the world z of every slot k (its file's ImagePositionPatient[2]; for the
 * slot of a missing slice, the z the grid puts there, so a contour drawn on the missing image
 * still lands on its slot). `headers` are the acquired slices in the series' order (sorted
 * along the normal, as `assembleSeries` and `SeriesDescriptor.files` give them), and
 * `missingSlices` the slots with no file.
 */
export function slotLocator(
  geometry: VolumeGeometry,
  headers: readonly { sopInstanceUid: string; imagePositionPatient: readonly number[] }[],
  missingSlices: readonly number[],
): Required<SliceLocator> {
  const slots = slotsOfFiles(headers.length, missingSlices);
  const sopToSlice = new Map<string, number>();
  const slicePositionsZ = Array.from({ length: geometry.dims[2] }, (_, k) => voxelToWorld(geometry, [0, 0, k])[2]);
  headers.forEach((h, i) => {
    const k = slots[i]!;
    if (h.sopInstanceUid) sopToSlice.set(h.sopInstanceUid, k);
    slicePositionsZ[k] = h.imagePositionPatient[2]!;
  });
  return { geometry, sopToSlice, slicePositionsZ };
}

/**
 * The slice locator of a DICOM series read from its files (headers only), on the same slot
 * grid `loadVolume` fills (both assemble through `assembleSeries`).
 */
export async function dicomSliceLocator(files: readonly string[], ctx?: JobContext): Promise<Required<SliceLocator> & { warnings: string[] }> {
  const a = await assembleFromFiles(files, ctx);
  return { ...slotLocator(a.geometry, a.slices, a.missingSlices), warnings: a.warnings };
}
