import { describe, expect, it } from 'vitest';
import { NEAR_SLABS, farChunk, slabPlan, streamOrder, type Slab } from '../../../../renderer/features/viewport/model/progressive-load';

/**
 * ANGLE's rule for dropping a texture's robust-initialisation clear, as streamOrder relies on
 * it (ImageHelper::removeSupersededUpdates, Vulkan back end): the updates waiting at the first
 * draw are read newest first; one inside a box already met is dropped, one that extends a box
 * into a longer run joins it, any other starts a box of its own. Boxes never join each other.
 * The clear, the oldest update, is dropped when one box covers the whole texture.
 */
function clearDropped(uploads: readonly Slab[], nz: number): boolean {
  const boxes: { lo: number; hi: number }[] = [];
  for (const u of [...uploads].reverse()) {
    const lo = u.start;
    const hi = u.start + u.count;
    if (boxes.some((b) => b.lo <= lo && hi <= b.hi)) continue;
    const joined = boxes.find((b) => lo <= b.hi && b.lo <= hi);
    if (joined) {
      joined.lo = Math.min(joined.lo, lo);
      joined.hi = Math.max(joined.hi, hi);
    } else boxes.push({ lo, hi });
  }
  return boxes.some((b) => b.lo === 0 && b.hi === nz);
}

/** The uploads of a streamed load, in the viewer's order: the shown slice, each slab's chunks far end first, then the resend. */
function uploadsOf(nz: number, k: number, chunk: number): Slab[] {
  const order = streamOrder(nz, k);
  const out: Slab[] = [{ start: k, count: 1 }];
  for (const s of [...order.slabs, ...order.resend]) {
    const rest = { ...s };
    while (rest.count > 0) out.push(farChunk(rest, k, chunk));
  }
  return out;
}

describe('stream order', () => {
  it('asks for every slice but the shown one exactly once, its nearest slabs first', () => {
    for (const [nz, k] of [[133, 66], [300, 10], [300, 299], [40, 0], [2, 1]] as const) {
      const { slabs, resend } = streamOrder(nz, k);
      const seen = new Uint8Array(nz);
      for (const s of slabs) for (let z = s.start; z < s.start + s.count; z++) seen[z]!++;
      expect(seen[k]).toBe(0);
      expect([...seen].filter((c, z) => z !== k && c !== 1)).toEqual([]);
      expect(slabs.slice(0, NEAR_SLABS)).toEqual(slabPlan(nz, k).slice(0, NEAR_SLABS));
      expect(resend[resend.length - 1]).toEqual({ start: k, count: 1 });
    }
    expect(streamOrder(1, 0)).toEqual({ slabs: [], resend: [] });
  });

  it('brings the slabs after the nearest two from the far ends inward', () => {
    const { slabs } = streamOrder(133, 66);
    const distance = (s: Slab) => Math.min(Math.abs(s.start - 66), Math.abs(s.start + s.count - 1 - 66));
    const rest = slabs.slice(NEAR_SLABS).map(distance);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
  });

  it('lets ANGLE drop its clear of the texture whatever the shown slice and chunk size', () => {
    for (const nz of [1, 2, 17, 133, 261, 300]) {
      for (const k of new Set([0, 1, Math.floor(nz / 3), Math.floor((nz - 1) / 2), nz - 2, nz - 1].filter((z) => z >= 0 && z < nz))) {
        for (const chunk of [1, 8, 16]) expect(clearDropped(uploadsOf(nz, k, chunk), nz), `nz ${nz}, shown slice ${k}, chunks of ${chunk}`).toBe(true);
      }
    }
  });

  it('would not let ANGLE drop it for slabs sent outward from the shown slice (why the order is what it is)', () => {
    const outward: Slab[] = [{ start: 66, count: 1 }];
    for (const s of slabPlan(133, 66)) {
      const rest = { ...s };
      while (rest.count > 0) outward.push(farChunk(rest, 66, 8));
    }
    expect(clearDropped(outward, 133)).toBe(false);
  });

  it('takes a slab’s chunks from its end farther from the centre', () => {
    const above = { start: 20, count: 10 };
    expect(farChunk(above, 5, 4)).toEqual({ start: 26, count: 4 });
    expect(above).toEqual({ start: 20, count: 6 });
    const below = { start: 0, count: 10 };
    expect(farChunk(below, 15, 4)).toEqual({ start: 0, count: 4 });
    expect(below).toEqual({ start: 4, count: 6 });
    expect(farChunk({ start: 3, count: 2 }, 9, 8)).toEqual({ start: 3, count: 2 });
  });
});
