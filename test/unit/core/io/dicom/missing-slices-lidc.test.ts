import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomSliceLocator, readLidcReaderMarks, type LidcReaderMarks } from '../../../../../electron/core/annotations/lidc';
import { readLunaAnnotations } from '../../../../../electron/core/annotations/luna';
import { loadVolume, type LoadedScanVolume } from '../../../../../electron/core/io';
import { assembleFromFiles, listFiles, type AssembledSeries } from '../../../../../electron/core/io/dicom/series';
import { PADDING_HU } from '../../../../../electron/core/volume/padding';
import { lunaWorldToVoxelIndex, voxelToWorld } from '../../../../../electron/core/volume/volume';
import type { Vec3 } from '../../../../../electron/common/geometry';
import { DATA, LIDC_SERIES_DIR, LIDC_UID, hasData } from './data-paths';
import { placeFile } from '../../../../helpers/place-files';

/**
 * The "Done when": LIDC-IDRI-0001 with one slice removed keeps every other slice at
 * its acquired position, and its annotations land where they do on the complete series.
 * The gapped copies are symbolic links in a temporary folder (never in the repository).
 */
const XML = path.join(LIDC_SERIES_DIR, '069.xml');
const ANNOTATIONS = path.join(DATA, 'annotations.csv');
const ready = hasData(LIDC_SERIES_DIR) && hasData(XML) && hasData(ANNOTATIONS);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-missing-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A folder holding every file of the series (and its XML) but the slice at world z `dropZ`. */
async function withoutSlice(full: AssembledSeries, dropZ: number): Promise<{ dir: string; dropped: string }> {
  const dir = fs.mkdtempSync(path.join(tmp, 'gap-'));
  const dropped = full.slices.find((h) => Math.abs(h.imagePositionPatient[2] - dropZ) < 1e-6)!.file;
  for (const f of await listFiles(LIDC_SERIES_DIR)) if (f !== dropped) placeFile(f, path.join(dir, path.basename(f)));
  return { dir, dropped };
}

const dicomFiles = async (dir: string) => (await listFiles(dir)).filter((f) => f.endsWith('.dcm'));
const sliceOf = (l: LoadedScanVolume, k: number) => {
  const n = l.volume.dims[0] * l.volume.dims[1];
  return l.volume.voxels.subarray(k * n, (k + 1) * n);
};

describe.skipIf(!ready)('LIDC-IDRI-0001 with a missing slice', () => {
  let full: AssembledSeries;
  let fullVolume: LoadedScanVolume;
  beforeAll(async () => {
    full = await assembleFromFiles(await dicomFiles(LIDC_SERIES_DIR));
    fullVolume = await loadVolume({ format: 'dicom', files: full.slices.map((h) => h.file) });
  });

  it('keeps every remaining slice at its ImagePositionPatient (world z within 0.01 mm of slot k), the removed one a padded slot', async () => {
    // The middle slice of 133: slot 66, z = -340 + 66 × 2.5 = -175 mm.
    const { dir } = await withoutSlice(full, -175);
    const gap = await assembleFromFiles(await dicomFiles(dir));
    expect(gap.slices).toHaveLength(132);
    expect(gap.missingSlices).toEqual([66]);
    expect(gap.geometry).toEqual(full.geometry);
    gap.slices.forEach((h, i) => {
      const w = voxelToWorld(gap.geometry, [0, 0, gap.slots[i]!]);
      expect(Math.abs(w[2] - h.imagePositionPatient[2])).toBeLessThanOrEqual(0.01);
      expect(Math.abs(w[0] - h.imagePositionPatient[0])).toBeLessThanOrEqual(0.01);
      expect(Math.abs(w[1] - h.imagePositionPatient[1])).toBeLessThanOrEqual(0.01);
    });
    // Pixels: every acquired slot holds what the complete series holds there; the gap is padding.
    const loaded = await loadVolume({ format: 'dicom', files: await dicomFiles(dir) });
    expect(loaded.missingSlices).toEqual([66]);
    for (let k = 0; k < 133; k++) {
      if (k === 66) expect(sliceOf(loaded, k).every((v) => v === PADDING_HU)).toBe(true);
      else expect(Buffer.from(sliceOf(loaded, k).buffer, sliceOf(loaded, k).byteOffset, 512 * 512 * 2).equals(Buffer.from(sliceOf(fullVolume, k).buffer, sliceOf(fullVolume, k).byteOffset, 512 * 512 * 2))).toBe(true);
    }
  });

  it("maps the series' LUNA16 annotations.csv row to the same voxel centre, holding the same HU, as in the complete series", async () => {
    const { dir } = await withoutSlice(full, -175);
    const gapped = await loadVolume({ format: 'dicom', files: await dicomFiles(dir) });
    const rows = (await readLunaAnnotations(ANNOTATIONS)).rows.filter((r) => r.seriesuid === LIDC_UID);
    expect(rows).toHaveLength(1);
    const xyz: Vec3 = [rows[0]!.coordX, rows[0]!.coordY, rows[0]!.coordZ];
    const a = lunaWorldToVoxelIndex(fullVolume.volume, xyz)!;
    const b = lunaWorldToVoxelIndex(gapped.volume, xyz)!;
    expect(b).toEqual(a);
    expect(a[2]).toBe(90); // past the gap: stacking would have put the slice of z -112.5 mm here
    const ca = voxelToWorld(fullVolume.volume, a);
    const cb = voxelToWorld(gapped.volume, b);
    cb.forEach((v, i) => expect(Math.abs(v - ca[i]!)).toBeLessThanOrEqual(0.01));
    const at = (l: LoadedScanVolume, [i, j, k]: number[]) => l.volume.voxels[i! + 512 * (j! + 512 * k!)];
    expect(at(gapped, b)).toBe(at(fullVolume, a));
  });

  it('places the LIDC reader contours on the same slots (same world z), also those drawn on the missing slice', async () => {
    // Slot 90 (z -115 mm) carries contours of the nodule: removing it leaves them only imageZposition.
    const { dir, dropped } = await withoutSlice(full, -115);
    const gapFiles = await dicomFiles(dir);
    expect(gapFiles).not.toContain(dropped);
    const locFull = await dicomSliceLocator(full.slices.map((h) => h.file));
    const locGap = await dicomSliceLocator(gapFiles);
    expect(locGap.slicePositionsZ).toEqual(locFull.slicePositionsZ);
    const a: LidcReaderMarks = await readLidcReaderMarks(XML, locFull);
    const b: LidcReaderMarks = await readLidcReaderMarks(XML, locGap);
    expect(a.marks.length).toBeGreaterThan(0);
    const masks = (l: LidcReaderMarks) => l.marks.filter((m) => m.mask).map((m) => m.mask!);
    const onSlot90 = masks(a).some((m) => m.bbox.z0 <= 90 && m.bbox.z1 >= 90);
    expect(onSlot90).toBe(true);
    expect(b.marks.map((m) => [m.session, m.markId, m.centerWorld, m.volumeMm3])).toEqual(a.marks.map((m) => [m.session, m.markId, m.centerWorld, m.volumeMm3]));
    expect(masks(b)).toEqual(masks(a));
    expect(b.warnings).toEqual(a.warnings);
  });
});
