import { describe, expect, it } from 'vitest';
import { directionLetters, orientationLetters } from '../../../../renderer/features/viewport/model/orientation';

// Cornerstone's MPR cameras (LPS): viewPlaneNormal points from the focal point to the camera.
const AXIAL = { up: [0, -1, 0], normal: [0, 0, -1] };
const CORONAL = { up: [0, 0, 1], normal: [0, -1, 0] };
const SAGITTAL = { up: [0, 0, 1], normal: [1, 0, 0] };

describe('orientationLetters', () => {
  it('labels the axial view radiologically: A top, P bottom, R left, L right', () => {
    expect(orientationLetters(AXIAL.up, AXIAL.normal)).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
  });
  it('labels the coronal view S/I top-bottom and R/L left-right', () => {
    expect(orientationLetters(CORONAL.up, CORONAL.normal)).toEqual({ top: 'S', bottom: 'I', left: 'R', right: 'L' });
  });
  it('labels the sagittal view S/I top-bottom and A/P left-right', () => {
    expect(orientationLetters(SAGITTAL.up, SAGITTAL.normal)).toEqual({ top: 'S', bottom: 'I', left: 'A', right: 'P' });
  });
  it('swaps left and right when the view is seen from the other side', () => {
    expect(orientationLetters(AXIAL.up, [0, 0, 1])).toEqual({ top: 'A', bottom: 'P', left: 'L', right: 'R' });
  });
});

describe('directionLetters', () => {
  it('names an oblique direction by its strong components, strongest first', () => {
    expect(directionLetters([0.3, -0.9, 0.1])).toBe('A');
    expect(directionLetters([0.7, -0.7, 0])).toBe('LA');
    expect(directionLetters([-0.6, 0, 0.8])).toBe('SR');
  });
  it('gives no letter for a zero vector', () => {
    expect(directionLetters([0, 0, 0])).toBe('');
  });
});
