import { describe, expect, it } from 'vitest';
import { BRUSH, ERASER, THRESHOLD_BRUSH } from '../../../../renderer/features/mask-editor/tools/brush-tools';
import { DEFAULT_PARAMS, type ToolContext } from '../../../../renderer/features/mask-editor/tools/tool-kit';

/** A 5×5×1 grid, 1 mm voxels; HU rises along x: −1000, −500, 0, 500, 1000. */
function ctx(overrides: Partial<ToolContext['params']> = {}): ToolContext {
  const hu = new Int16Array(25);
  for (let i = 0; i < 25; i++) hu[i] = -1000 + 500 * (i % 5);
  return { grid: { dims: [5, 5, 1], spacing: [1, 1, 1], labels: new Uint8Array(25) }, hu: { dims: [5, 5, 1], hu }, label: 2, axis: 'axial', params: { ...DEFAULT_PARAMS, ...overrides } };
}

describe('tools composed from a footprint and a strategy', () => {
  it('brush: a 2.5 mm disc at the centre adds the plus-shaped 5 voxels (centres within 1.25 mm; the diagonals are 1.41 mm away) to the label', () => {
    const e = BRUSH.edit(ctx({ brushMm: 2.5 }), [2, 2, 0], [2, 2, 0])!;
    expect(e.label).toBe(2);
    expect(Array.from(e.add)).toEqual([7, 11, 12, 13, 17]);
    expect(e.remove.length).toBe(0);
  });

  it('eraser: the same footprint, removed instead of added', () => {
    const e = ERASER.edit(ctx({ brushMm: 2.5 }), [2, 2, 0], [2, 2, 0])!;
    expect(Array.from(e.remove)).toEqual([7, 11, 12, 13, 17]);
    expect(e.add.length).toBe(0);
  });

  it('threshold brush: only the covered voxels inside the HU range', () => {
    // Range −500..0 keeps x = 1, 2 of the plus: indices 11, 12 and 7, 17 (x = 2).
    const e = THRESHOLD_BRUSH.edit(ctx({ brushMm: 2.5, huRange: [-500, 0] }), [2, 2, 0], [2, 2, 0])!;
    expect(Array.from(e.add)).toEqual([7, 11, 12, 17]);
  });

  it('a drag paints the whole segment between two samples (no gap)', () => {
    const e = BRUSH.edit(ctx({ brushMm: 1 }), [0, 2, 0], [4, 2, 0])!;
    expect(Array.from(e.add)).toEqual([10, 11, 12, 13, 14]);
  });
});
