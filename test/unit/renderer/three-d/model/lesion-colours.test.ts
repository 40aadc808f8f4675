import { describe, expect, it } from 'vitest';
import { STATE_COLORS } from '../../../../../renderer/features/review/model/lesion-list';
import { groupColour } from '../../../../../renderer/features/three-d/model/lesion-colours';
import { pickHit } from '../../../../../renderer/features/three-d/model/pick';
import { float32Of, uint32Of } from '../../../../../renderer/features/three-d/model/surface-bytes';

const lesion = (key: string, state: 'undecided' | 'accepted' | 'rejected' | 'second-read') => ({ key, state, center: [0, 0, 0] as const, diameterMm: 8 });

describe('3D lesion surfaces coloured by review decision', () => {
  const lesions = [lesion('a', 'accepted'), lesion('r', 'rejected'), lesion('u', 'undecided')];
  it('each group takes its lesion state colour as the lesion list shows it', () => {
    expect(groupColour('a', lesions, '#000000')).toBe(STATE_COLORS.accepted);
    expect(groupColour('r', lesions, '#000000')).toBe(STATE_COLORS.rejected);
    expect(groupColour('u', lesions, '#000000')).toBe(STATE_COLORS.undecided);
  });
  it('a label with no lesion, or a lesion not in the list, takes the fallback', () => {
    expect(groupColour(null, lesions, '#123456')).toBe('#123456');
    expect(groupColour('gone', lesions, '#123456')).toBe('#123456');
  });
});

describe('3D click picking', () => {
  const hit = (kind: string, distance: number, opacity: number, lesionKey: string | null = null) => ({ kind, distance, opacity, point: [distance, 0, 0] as const, lesionKey });
  it('a lesion seen through the translucent lung is picked, not the lung in front', () => {
    expect(pickHit([hit('lung', 10, 0.25), hit('nodules', 30, 1, 'k1')])?.lesionKey).toBe('k1');
  });
  it('an opaque surface in front hides what lies behind it', () => {
    expect(pickHit([hit('nodules', 30, 1, 'k1'), hit('bone', 20, 1)])?.kind).toBe('bone');
  });
  it('only translucent surfaces: the nearest; nothing: null', () => {
    expect(pickHit([hit('lung', 40, 0.2), hit('skin', 12, 0.3)])?.kind).toBe('skin');
    expect(pickHit([])).toBeNull();
  });
});

describe('surface bytes as typed arrays', () => {
  it('reads aligned bytes in place and copies unaligned ones', () => {
    const f = new Float32Array([1.5, -2, 3.25]);
    const buf = new Uint8Array(16);
    buf.set(new Uint8Array(f.buffer), 1);
    expect([...float32Of(buf.subarray(1, 13))]).toEqual([1.5, -2, 3.25]);
    const aligned = new Uint8Array(f.buffer);
    expect(float32Of(aligned).buffer).toBe(f.buffer);
    const u = new Uint32Array([7, 8, 4_000_000_000]);
    const ub = new Uint8Array(15);
    ub.set(new Uint8Array(u.buffer), 3);
    expect([...uint32Of(ub.subarray(3, 15))]).toEqual([7, 8, 4_000_000_000]);
  });
});
