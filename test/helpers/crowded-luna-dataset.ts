import fs from 'node:fs';
import path from 'node:path';
import { writeLunaAnnotationsCsv, type LunaAnnotationRow } from '../../electron/core/io/write/luna-annotations';
import { writeMetaImage } from '../../electron/core/io/write/metaimage-writer';
import { mulberry32 } from '../../electron/core/phantom/prng';

/** The series UID of the crowded dataset's one scan (the .mhd basename, as LUNA16 names it). */
export const CROWDED_SERIES_UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.900000000000000000000000000001';

/**
 * A LUNA16-style dataset whose one scan carries `rows` annotation rows: a 64×64×64 volume of
 * 5 mm voxels (a 320 mm cube) and an annotations.csv of nodules of 3–12 mm scattered over it
 * by a fixed seed. The probe's stall case: every listing and lesion pass sees all rows.
 */
export async function makeCrowdedLunaDataset(root: string, rows: number, seed = 15): Promise<{ mhd: string; csv: string }> {
  const n = 64;
  const spacing = 5;
  const voxels = new Int16Array(n * n * n).fill(-1000);
  const mhd = path.join(root, 'subset0', `${CROWDED_SERIES_UID}.mhd`);
  fs.mkdirSync(path.dirname(mhd), { recursive: true });
  await writeMetaImage(
    { dims: [n, n, n], spacing: [spacing, spacing, spacing], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels },
    mhd,
  );
  const rand = mulberry32(seed);
  const extent = n * spacing;
  const list: LunaAnnotationRow[] = [];
  for (let i = 0; i < rows; i++) {
    list.push({ seriesuid: CROWDED_SERIES_UID, coordX: rand() * extent, coordY: rand() * extent, coordZ: rand() * extent, diameter_mm: 3 + rand() * 9 });
  }
  const csv = path.join(root, 'annotations.csv');
  await writeLunaAnnotationsCsv(list, csv);
  return { mhd, csv };
}
