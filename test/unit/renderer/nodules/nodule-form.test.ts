import { describe, expect, it } from 'vitest';
import { UserDiameterMm } from '../../../../electron/common/contract';
import { MAX_DIAMETER_MM, MIN_DIAMETER_MM, changedFields, draftFrom, isUserNodule, parseDraft } from '../../../../renderer/features/nodules/model/nodule-form';

describe('nodule form', () => {
  it('prefills from a centre and diameter, rounded to 0.01 mm, and leaves the centre empty when unknown', () => {
    expect(draftFrom([-12.3456, 40, 7.005], 6.25)).toEqual({ x: '-12.35', y: '40', z: '7.01', diameter: '6.25' });
    expect(draftFrom(null, null)).toEqual({ x: '', y: '', z: '', diameter: '6' });
  });

  it('parses a complete draft into a centre and diameter', () => {
    expect(parseDraft({ x: ' -12.5 ', y: '0', z: '1e1', diameter: '7' })).toEqual({ ok: true, center: [-12.5, 0, 10], diameterMm: 7 });
  });

  it('names the field that is empty or not a number', () => {
    expect(parseDraft({ x: '1', y: '', z: '3', diameter: '5' })).toEqual({ ok: false, error: 'centre y must be a number of mm' });
    expect(parseDraft({ x: '1', y: '2', z: 'abc', diameter: '5' })).toEqual({ ok: false, error: 'centre z must be a number of mm' });
    expect(parseDraft({ x: '1', y: '2', z: '3', diameter: 'Infinity' })).toEqual({ ok: false, error: 'diameter must be a number of mm' });
  });

  it('refuses a diameter outside the contract bounds, which it mirrors', () => {
    expect(parseDraft({ x: '0', y: '0', z: '0', diameter: '0.4' }).ok).toBe(false);
    expect(parseDraft({ x: '0', y: '0', z: '0', diameter: '100.1' }).ok).toBe(false);
    expect(parseDraft({ x: '0', y: '0', z: '0', diameter: '0.5' }).ok).toBe(true);
    expect(parseDraft({ x: '0', y: '0', z: '0', diameter: '100' }).ok).toBe(true);
    expect(UserDiameterMm.safeParse(MIN_DIAMETER_MM).success && UserDiameterMm.safeParse(MAX_DIAMETER_MM).success).toBe(true);
    expect(UserDiameterMm.safeParse(MIN_DIAMETER_MM - 0.01).success || UserDiameterMm.safeParse(MAX_DIAMETER_MM + 0.01).success).toBe(false);
  });

  it('sends only what changed, ignoring the 0.01 mm display rounding', () => {
    const a = { center: [1.2345, 2, 3] as [number, number, number], diameterMm: 6.004 };
    expect(changedFields(a, { center: [1.23, 2, 3], diameterMm: 6 })).toBeNull();
    expect(changedFields(a, { center: [1.23, 2, 4], diameterMm: 6 })).toEqual({ center: [1.23, 2, 4] });
    expect(changedFields(a, { center: [1.23, 2, 3], diameterMm: 8 })).toEqual({ diameterMm: 8 });
    expect(changedFields({ center: [0, 0, 0], diameterMm: null }, { center: [0, 0, 0], diameterMm: 5 })).toEqual({ diameterMm: 5 });
  });

  it('lets only user nodules be edited', () => {
    expect(isUserNodule({ source: 'user' })).toBe(true);
    expect(isUserNodule({ source: 'luna-csv' })).toBe(false);
    expect(isUserNodule({ source: 'lidc-xml' })).toBe(false);
  });
});
