import { describe, expect, it } from 'vitest';
import { dolly, length, lookAtPoint, orbit, pan, presetCamera, screenRight, sub, type CameraState, type Vec3, type ViewPreset } from '../../../../../renderer/features/three-d/model/camera-presets';

const bounds = { min: [-150, -120, -300] as Vec3, max: [150, 80, -20] as Vec3 };
const close = (a: Vec3, b: Vec3) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
const viewDir = (c: CameraState): Vec3 => {
  const d = sub(c.target, c.position);
  const l = length(d);
  return [d[0] / l, d[1] / l, d[2] / l];
};

describe('3D camera presets in the patient frame (LPS: +x left, +y posterior, +z superior)', () => {
  const cases: [ViewPreset, Vec3, Vec3, Vec3][] = [
    // preset, looking toward, screen up, screen right
    ['anterior', [0, 1, 0], [0, 0, 1], [1, 0, 0]], // from the front: the patient's left on the right, as a frontal radiograph
    ['posterior', [0, -1, 0], [0, 0, 1], [-1, 0, 0]], // from behind: the patient's right on the right
    ['left', [-1, 0, 0], [0, 0, 1], [0, 1, 0]], // from the left side: the back on the right
    ['right', [1, 0, 0], [0, 0, 1], [0, -1, 0]], // from the right side: the face on the right
    ['superior', [0, 0, -1], [0, -1, 0], [-1, 0, 0]], // from the head, anterior up
    ['inferior', [0, 0, 1], [0, -1, 0], [1, 0, 0]], // from the feet, anterior up: the axial slices' radiological view
  ];
  for (const [preset, dir, up, right] of cases) {
    it(`${preset}: looks along ${dir.join(',')}, up ${up.join(',')}, the screen's right is ${right.join(',')}`, () => {
      const c = presetCamera(preset, bounds, 30);
      close(viewDir(c), dir);
      close(c.up, up);
      close(screenRight(c), right);
      close(c.target, [0, -20, -160]);
    });
  }

  it('frames the whole bounds: the sphere around them fits the field of view', () => {
    const c = presetCamera('anterior', bounds, 30);
    const radius = length(sub(bounds.max, bounds.min)) / 2;
    const d = length(sub(c.position, c.target));
    expect(Math.asin(radius / d)).toBeLessThanOrEqual((15 * Math.PI) / 180);
  });
});

describe('3D camera moves', () => {
  const start = presetCamera('anterior', bounds, 30);

  it('a quarter turn (drag right) from anterior shows the patient\'s right side: the scene follows the mouse', () => {
    const c = orbit(start, Math.PI / 2, 0);
    const d = length(sub(c.position, c.target));
    expect(d).toBeCloseTo(length(sub(start.position, start.target)), 6);
    close(viewDir(c), [1, 0, 0]);
    close(c.up, [0, 0, 1]);
  });

  it('a quarter pitch (drag up) from anterior looks from inferior, anterior at the top, up kept perpendicular', () => {
    const c = orbit(start, 0, Math.PI / 2);
    close(viewDir(c), [0, 0, 1]);
    close(c.up, [0, -1, 0]);
    expect(Math.abs(c.up[0] * viewDir(c)[0] + c.up[1] * viewDir(c)[1] + c.up[2] * viewDir(c)[2])).toBeLessThan(1e-9);
  });

  it('zoom keeps the direction and clamps the distance; pan moves target and camera together', () => {
    const z = dolly(start, 0.5);
    close(viewDir(z), viewDir(start));
    expect(length(sub(z.position, z.target))).toBeCloseTo(length(sub(start.position, start.target)) * 0.5, 6);
    expect(length(sub(dolly(start, 1e-6).position, start.target))).toBeCloseTo(5, 6);
    const p = pan(start, 10, 5);
    close(sub(p.target, start.target), [10, 0, 5]);
    close(sub(p.position, start.position), [10, 0, 5]);
  });

  it('turning to a lesion centres it at the asked distance from the same side', () => {
    const c = lookAtPoint(start, [60, -10, -100], 120);
    close(c.target, [60, -10, -100]);
    close(viewDir(c), viewDir(start));
    expect(length(sub(c.position, c.target))).toBeCloseTo(120, 6);
  });
});
