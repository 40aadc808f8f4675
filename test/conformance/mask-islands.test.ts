// Island tools of the renderer mask editor against scipy.ndimage.label with
// structure=ones((3,3,3)) (26) and generate_binary_structure(3, 1) (6), on seeded random blobs
// and specks: the islands, their numbering and sizes, and what each tool leaves.
import { describe, expect, it } from 'vitest';
import {
  type IslandConnectivity,
  keepIslandAt,
  keepLargestIsland,
  listIslands,
  removeSmallIslands,
} from '../../renderer/features/mask-editor/model/islands';
import { applyEdit, emptyGrid, maskOf, mismatches, paintBlobs, prng } from '../helpers/label-grids';
import { ndimageMissing, runNdimage } from '../helpers/ndimage-oracle';

const missing = ndimageMissing();
if (missing) console.warn(`[conformance] ${missing}: mask islands conformance skipped`);

const STRUCTURE: Record<IslandConnectivity, string> = {
  26: 'np.ones((3, 3, 3), dtype=bool)',
  6: 'ndi.generate_binary_structure(3, 1)',
};

describe.skipIf(missing !== null)('mask islands conformance (scipy.ndimage.label)', () => {
  for (const connectivity of [26, 6] as const) {
    for (const seed of [11, 12]) {
      it(`islands, largest, below 6 mm³ and under a click equal scipy's, connectivity ${connectivity}, seed ${seed}`, () => {
        const g = emptyGrid([64, 50, 40], [0.75, 0.75, 1.5]);
        paintBlobs(g, 1, seed, 25, 6, 400);
        paintBlobs(g, 4, seed + 50, 5, 5, 50);
        const mask = maskOf(g.labels as Uint8Array, 1);
        const rnd = prng(seed);
        let click = Math.floor(rnd() * mask.length);
        while (mask[click] !== 1) click = (click + 1) % mask.length;
        const expected = runNdimage(
          `lab, n = ndi.label(mask, structure=${STRUCTURE[connectivity]})
sizes = np.bincount(lab.ravel())[1:]
flat = lab.ravel()
out['sizes'] = sizes.astype(np.int32)
out['first'] = np.array([int(np.argmax(flat == k)) for k in range(1, n + 1)], dtype=np.int32)
out['largest'] = (lab == 1 + int(np.argmax(sizes))).astype(np.uint8)
vox = ${0.75 * 0.75 * 1.5}
out['big'] = np.isin(lab, 1 + np.nonzero(sizes * vox >= 6.0)[0]).astype(np.uint8)
out['clicked'] = (lab == flat[${click}]).astype(np.uint8)`,
          { mask: { data: mask, dims: g.dims } },
        );
        const islands = listIslands(g, 1, { connectivity });
        expect(islands.length).toBeGreaterThan(5);
        expect(islands.map((i) => i.voxels)).toEqual(Array.from(expected.sizes!));
        expect(islands.map((i) => i.firstVoxel)).toEqual(Array.from(expected.first!));
        const [x, y, z] = [click % 64, Math.floor(click / 64) % 50, Math.floor(click / (64 * 50))] as const;
        const results = {
          largest: keepLargestIsland(g, 1, { connectivity }),
          big: removeSmallIslands(g, 1, 6, { connectivity }),
          clicked: keepIslandAt(g, 1, [x, y, z], { connectivity }),
        };
        for (const [name, edit] of Object.entries(results)) {
          const after = applyEdit(g, edit);
          expect(mismatches(maskOf(after, 1), expected[name]!), name).toEqual({ count: 0, first: [] });
          expect(mismatches(maskOf(after, 4), maskOf(g.labels as Uint8Array, 4)).count, `${name} leaves label 4`).toBe(0);
        }
      });
    }
  }
});
