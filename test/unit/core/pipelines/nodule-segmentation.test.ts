import { describe, expect, it } from 'vitest';
import { generateChestPhantom, lungPoint, phantomLayout, type PhantomSpec } from '../../../../electron/core/phantom';
import { segmentNodule } from '../../../../electron/core/pipelines/nodule-segmentation';

describe('segmentNodule', () => {
  const base: PhantomSpec = { dims: [160, 160, 60], spacing: [0.8, 0.8, 1.25], noiseHu: 10, seed: 7 };
  const layout = phantomLayout(base);
  const center = lungPoint(layout, 'right', 0.5, 0, 0);
  const spec: PhantomSpec = { ...base, nodules: [{ center, diameterMm: 10 }] };
  const { volume } = generateChestPhantom(spec);

  it('recovers a 10 mm nodule: volume, equivalent diameter and axial axes', () => {
    const s = segmentNodule(volume.voxels, volume, { center, diameterMm: 10 });
    const trueVolume = (4 / 3) * Math.PI * 5 ** 3;
    expect(Math.abs(s.volumeMm3 - trueVolume) / trueVolume).toBeLessThan(0.2);
    expect(Math.abs(s.equivalentDiameterMm - 10)).toBeLessThan(1);
    expect(Math.abs(s.longAxisMm - 10)).toBeLessThan(1.6);
    expect(s.shortAxisMm).toBeLessThanOrEqual(s.longAxisMm);
    expect(Math.abs(s.shortAxisMm - 10)).toBeLessThan(1.6);
    expect(Math.hypot(...s.centroid.map((v, i) => v - center[i]!))).toBeLessThan(1);
  });

  it('starts from the nearest region when the given centre misses the nodule by a few mm', () => {
    const off: [number, number, number] = [center[0] + 3, center[1], center[2]];
    const s = segmentNodule(volume.voxels, volume, { center: off, diameterMm: 14 });
    expect(Math.abs(s.equivalentDiameterMm - 10)).toBeLessThan(1.5);
  });

  it('refuses a centre outside the scan and a non-positive diameter (contract.bad-input)', () => {
    expect(() => segmentNodule(volume.voxels, volume, { center: [9999, 0, 0], diameterMm: 5 })).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
    expect(() => segmentNodule(volume.voxels, volume, { center, diameterMm: 0 })).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
  });
});
