import { describe, expect, it } from 'vitest';
import { MAX_SCALE, MIN_SCALE, pannedCamera, wheelZoomFactor, zoomedScale } from '../../../../renderer/features/viewport/model/camera-moves';

describe('camera moves', () => {
  it('zooming in by 2 halves the parallel scale, within the clamp', () => {
    expect(zoomedScale(100, 2)).toBe(50);
    expect(zoomedScale(2, 10)).toBe(MIN_SCALE);
    expect(zoomedScale(4000, 0.1)).toBe(MAX_SCALE);
    expect(zoomedScale(100, 0)).toBe(100);
  });
  it('wheel up magnifies and wheel down shrinks, symmetrically', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100)).toBeLessThan(1);
    expect(wheelZoomFactor(-100) * wheelZoomFactor(100)).toBeCloseTo(1);
  });
  it('a pan moves focal point and position together by from − to, so the content follows the mouse', () => {
    const cam = { focalPoint: [0, 0, 0], position: [0, 0, 500] };
    expect(pannedCamera(cam, [10, 5, 0], [12, 2, 0])).toEqual({ focalPoint: [-2, 3, 0], position: [-2, 3, 500] });
  });
});
