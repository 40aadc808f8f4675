import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentNodule } from '../../../../electron/core/pipelines/nodule-segmentation';
import { boxMaskOverlap } from '../../../../electron/core/volume/box-mask';
import { findLidcXmls, loadLidcCase } from '../../../helpers/lidc-lesions';
import { SHARED_DATA } from '../../../helpers/shared-data';

/**
 * Real nodules against the LIDC readers: every lesion of every LIDC scan in ../shared/data
 * that at least half of the scan's readers contoured, segmented from its consensus centroid
 * with the consensus equivalent diameter as the hint, scored by Dice against the consensus
 * mask (voxels inside ≥ half of the readers' contours). Floors sit below what the
 * segmentation reaches (`npm run bench` prints the figures); a lesion without its own floor
 * gets issue 11's "none below 0.4".
 */
const FLOOR: Record<string, { hint: number; seedOnly: number }> = {
  // Measured 0.889 with the hint, 0.889 from the seed alone (a 24.6 mm spiculated solid
  // nodule touching the posterior chest wall on two slices; 4 of 4 readers).
  'LIDC-IDRI-0001#1': { hint: 0.85, seedOnly: 0.85 },
};

const xmls = findLidcXmls();

describe.skipIf(!xmls.length)('segmentNodule on the LIDC consensus lesions in ../shared/data', () => {
  it.each(xmls.map((x) => [path.relative(SHARED_DATA, x), x]))('%s: every lesion marked by half of the readers reaches its Dice floor against the consensus mask', async (_, xml) => {
    const c = await loadLidcCase(xml);
    expect(c.lesions.length).toBeGreaterThan(0);
    for (const l of c.lesions) {
      const floor = FLOOR[l.name] ?? { hint: 0.4, seedOnly: 0.4 };
      const withHint = segmentNodule(c.volume.voxels, c.volume, { center: l.center, diameterMm: l.diameterMm });
      const seedOnly = segmentNodule(c.volume.voxels, c.volume, { center: l.center });
      const d1 = boxMaskOverlap(withHint, l.truth).dice;
      const d2 = boxMaskOverlap(seedOnly, l.truth).dice;
      expect(d1, `${l.name} with the ${l.diameterMm.toFixed(1)} mm hint`).toBeGreaterThanOrEqual(floor.hint);
      expect(d2, `${l.name} from the seed alone`).toBeGreaterThanOrEqual(floor.seedOnly);
    }
  });

  const a0001 = xmls.find((x) => x.includes('LIDC-IDRI-0001'));
  it.skipIf(!a0001)('LIDC-IDRI-0001 has its one 4-reader nodule among the lesions', async () => {
    const c = await loadLidcCase(a0001!);
    expect(c.lesions.map((l) => [l.name, l.readers, l.sessions])).toEqual([['LIDC-IDRI-0001#1', 4, 4]]);
  });
});
