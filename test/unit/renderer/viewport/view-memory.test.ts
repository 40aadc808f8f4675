import { describe, expect, it } from 'vitest';
import { loadViewMemory, parseViewMemory, saveViewMemory, viewMemoryKey, type ViewMemory } from '../../../../renderer/features/viewport/model/view-memory';

const MEMORY: ViewMemory = {
  layout: '2x2',
  window: { name: 'custom', width: 812, level: -433 },
  inverted: true,
  cross: [56.2, 86.3, -115.9],
  cameras: { axial: { focalPoint: [1, 2, 3], parallelScale: 40 } },
};

function mapStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('view memory', () => {
  it('gives back what was saved for the same scan, and nothing for another', () => {
    const store = mapStore();
    saveViewMemory(store, viewMemoryKey(7, '1.2.3'), MEMORY);
    expect(loadViewMemory(store, viewMemoryKey(7, '1.2.3'))).toEqual(MEMORY);
    expect(loadViewMemory(store, viewMemoryKey(8, '1.2.3'))).toBeNull();
  });
  it('rejects malformed or foreign values instead of restoring garbage', () => {
    expect(parseViewMemory('not json')).toBeNull();
    expect(parseViewMemory('null')).toBeNull();
    expect(parseViewMemory(JSON.stringify({ ...MEMORY, layout: '9x9' }))).toBeNull();
    expect(parseViewMemory(JSON.stringify({ ...MEMORY, window: { name: 'x', width: -5, level: 0 } }))).toBeNull();
    expect(parseViewMemory(JSON.stringify({ ...MEMORY, cross: [1, 'a', 3] }))).toBeNull();
  });
  it('drops a broken camera entry but keeps the rest', () => {
    const text = JSON.stringify({ ...MEMORY, cameras: { axial: { focalPoint: [1, 2] }, coronal: { focalPoint: [4, 5, 6], parallelScale: 30 } } });
    expect(parseViewMemory(text)?.cameras).toEqual({ coronal: { focalPoint: [4, 5, 6], parallelScale: 30 } });
  });
  it('survives a storage that throws (disabled or full)', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadViewMemory(broken, 'k')).toBeNull();
    expect(() => saveViewMemory(broken, 'k', MEMORY)).not.toThrow();
    expect(loadViewMemory(null, 'k')).toBeNull();
  });
});
