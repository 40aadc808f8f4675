import { describe, expect, it } from 'vitest';
import { HELP_COMMANDS, KEY_MAP } from '../../../../renderer/features/help/model/key-map';
import { chordClashes } from '../../../../renderer/key-commands';
import { EXPORT_COMMANDS } from '../../../../renderer/features/export/model/export-commands';
import { HISTOGRAM_COMMANDS } from '../../../../renderer/features/histogram/model/histogram-keys';
import { MASK_JOB_COMMANDS, OVERLAY_COMMANDS } from '../../../../renderer/features/masks/model/overlay-keys';
import { MASK_EDIT_COMMANDS } from '../../../../renderer/features/mask-editor/model/editor-commands';
import { SCAN_LIST_COMMANDS } from '../../../../renderer/features/scan-list/model/scan-list-keys';
import { toggleHidden, toggleSources } from '../../../../renderer/features/review/model/drawing-mode';
import { agreementLabel, progressLine, sizeLabel, stateLabel, visibleLesions } from '../../../../renderer/features/review/model/lesion-list';
import { OWN_MARK_COMMANDS, REVIEW_COMMANDS, reviewCommandFor } from '../../../../renderer/features/review/model/review-commands';
import { PLACE_COMMANDS, VIEW_COMMANDS, WINDOW_COMMANDS, viewerKeyAction } from '../../../../renderer/features/viewport/model/viewer-keys';
import { THREE_D_GLOBAL_COMMANDS } from '../../../../renderer/features/three-d/model/three-d-keys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('review command table', () => {
  it('binds no press twice across every table that listens at the same time (views, window, review, own marks, masks, mask editing, histogram, export, help, the scan filter, the 3D key)', () => {
    const scanFilter = SCAN_LIST_COMMANDS.filter((c) => c.action === 'focus-filter');
    expect(chordClashes([VIEW_COMMANDS, PLACE_COMMANDS, WINDOW_COMMANDS, REVIEW_COMMANDS, OWN_MARK_COMMANDS, OVERLAY_COMMANDS, MASK_JOB_COMMANDS, MASK_EDIT_COMMANDS, HISTOGRAM_COMMANDS, EXPORT_COMMANDS, HELP_COMMANDS, THREE_D_GLOBAL_COMMANDS, scanFilter])).toEqual([]);
    for (const c of REVIEW_COMMANDS) for (const ch of c.chords) expect(viewerKeyAction(press(ch.key, { shiftKey: ch.shift ?? false })), ch.key).toBeNull();
  });

  it('maps keys to commands: Y accepts, Shift+Y asks a size, D rejects, Shift+D is scan done, U and Ctrl+Z undo', () => {
    expect(reviewCommandFor(press('y'))).toBe('accept');
    expect(reviewCommandFor(press('Y', { shiftKey: true }))).toBe('accept-with-size');
    expect(reviewCommandFor(press('d'))).toBe('reject');
    expect(reviewCommandFor(press('D', { shiftKey: true }))).toBe('scan-done');
    expect(reviewCommandFor(press('u'))).toBe('undo');
    expect(reviewCommandFor(press('z', { ctrlKey: true }))).toBe('undo');
    expect(reviewCommandFor(press('z'))).toBeNull();
    expect(reviewCommandFor(press('y', { altKey: true }))).toBeNull();
  });

  it('is what the keyboard map shows', () => {
    const review = KEY_MAP.find((g) => g.title === 'Review')!;
    expect(review.bindings.map((b) => b.action)).toEqual(REVIEW_COMMANDS.map((c) => c.label));
    expect(review.bindings.map((b) => b.keys)).toEqual(REVIEW_COMMANDS.map((c) => [...c.keys]));
  });

  it('reads letters case-blind with Shift deciding, so Caps Lock does not turn D into scan done', () => {
    expect(reviewCommandFor(press('D'))).toBe('reject');
    expect(reviewCommandFor(press('d', { shiftKey: true }))).toBe('scan-done');
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
