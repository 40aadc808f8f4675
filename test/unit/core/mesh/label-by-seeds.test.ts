import { describe, expect, it } from 'vitest';
import { labelBySeeds } from '../../../../electron/core/mesh';

// A 12×6×1 strip, origin (100, 0, 0), 1 mm voxels: two blobs of value 1 (x 1–3 and x 7–9)
// and one of value 2 (x 11); drawn as one row, y = 2.
const g = { dims: [12, 6, 1] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [100, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const row = [0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 2];
const mask = new Uint8Array(72);
row.forEach((v, x) => (mask[x + 12 * 2] = v));
const labelsOfRow = (m: Uint8Array): number[] => Array.from(m.subarray(24, 36));

describe('labelBySeeds', () => {
  it('gives each seed the connected region it falls in, numbered in seed order', () => {
    expect(labelsOfRow(labelBySeeds(mask, g, [[108, 2, 0], [102, 2, 0]]))).toEqual([0, 2, 2, 2, 0, 0, 0, 1, 1, 1, 0, 0]);
  });

  it('takes the nearest inside voxel within the search radius, and nothing beyond it', () => {
    expect(labelsOfRow(labelBySeeds(mask, g, [[105, 4, 0]], [1], 3))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
    expect(labelsOfRow(labelBySeeds(mask, g, [[105, 5, 0]], [1], 2))).toEqual(new Array(12).fill(0));
  });

  it('counts only the given values as inside, and a region two seeds share goes to the first', () => {
    expect(labelsOfRow(labelBySeeds(mask, g, [[111, 2, 0], [109, 2, 0], [107, 2, 0]], [2]))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(labelsOfRow(labelBySeeds(mask, g, [[109, 2, 0], [107, 2, 0]]))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
  });
});
