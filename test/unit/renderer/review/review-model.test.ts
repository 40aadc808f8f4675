import { describe, expect, it } from 'vitest';
import { KEY_MAP } from '../../../../renderer/features/help/model/key-map';
import { toggleHidden, toggleSources } from '../../../../renderer/features/review/model/drawing-mode';
import { agreementLabel, progressLine, sizeLabel, stateLabel, visibleLesions } from '../../../../renderer/features/review/model/lesion-list';
import { REVIEW_COMMANDS, reviewCommandFor } from '../../../../renderer/features/review/model/review-commands';
import { viewerKeyAction } from '../../../../renderer/features/viewport/model/viewer-keys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('review command table', () => {
  it('binds every key once, none of them a key of the views', () => {
    const keys = REVIEW_COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(viewerKeyAction(press(k)), k).toBeNull();
  });

  it('maps keys to commands: Y accepts, Shift+Y asks a size, D rejects, Shift+D is scan done, U and Ctrl+Z undo', () => {
    expect(reviewCommandFor(press('y'))).toBe('accept');
    expect(reviewCommandFor(press('Y'))).toBe('accept-with-size');
    expect(reviewCommandFor(press('d'))).toBe('reject');
    expect(reviewCommandFor(press('D'))).toBe('scan-done');
    expect(reviewCommandFor(press('u'))).toBe('undo');
    expect(reviewCommandFor(press('z', { ctrlKey: true }))).toBe('undo');
    expect(reviewCommandFor(press('z'))).toBeNull();
    expect(reviewCommandFor(press('y', { altKey: true }))).toBeNull();
  });

  it('is what the keyboard map shows', () => {
    const review = KEY_MAP.find((g) => g.title === 'Review')!;
    expect(review.bindings.map((b) => b.action)).toEqual(REVIEW_COMMANDS.map((c) => c.label));
  });
});

describe('lesion list labels', () => {
  const lesion = { readersMarked: 1, readerTotal: 4, consensus: false, sources: ['lidc-xml' as const] };
  it('says "consensus" only for half of the readers or more, else "1 of 4 readers"', () => {
    expect(agreementLabel(lesion)).toBe('1 of 4 readers');
    expect(agreementLabel({ ...lesion, readersMarked: 2, consensus: true })).toBe('consensus · 2 of 4 readers');
    expect(agreementLabel({ readersMarked: 0, readerTotal: null, consensus: false, sources: ['luna-csv', 'user'] })).toBe('LUNA16 + user mark');
  });

  it('hides < 3 mm and non-nodule lesions unless asked for', () => {
    const list = [{ category: 'nodule' as const }, { category: 'small' as const }, { category: 'non-nodule' as const }];
    expect(visibleLesions(list, false)).toHaveLength(1);
    expect(visibleLesions(list, true)).toHaveLength(3);
  });

  it('shows the accepted diameter and the reject reason', () => {
    const decision = { decision: 'rejected' as const, reason: 'vessel' as const, reasonText: null, diameterMm: null, reviewer: 'r', decidedAt: 1 };
    expect(stateLabel({ state: 'rejected', decision })).toBe('rejected: vessel');
    expect(sizeLabel({ diameterMm: 6.04, category: 'nodule', decision: { ...decision, decision: 'accepted', reason: null, diameterMm: 7 } })).toBe('⌀ 7.0 mm (accepted)');
    expect(progressLine({ scans: 12, scansDone: 3, accepted: 5, rejected: 2, secondRead: 0, undecided: 9 })).toBe('3 / 12 scans reviewed · 5 accepted · 2 rejected · 9 undecided');
  });
});

describe('drawing mode', () => {
  it('one key hides every drawing and brings back the one shown before', () => {
    expect(toggleHidden('sources', 'sources')).toBe('hidden');
    expect(toggleHidden('hidden', 'sources')).toBe('sources');
    expect(toggleSources('lesions')).toBe('sources');
    expect(toggleSources('sources')).toBe('lesions');
  });
});
