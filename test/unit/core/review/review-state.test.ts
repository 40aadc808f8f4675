import { describe, expect, it } from 'vitest';
import { rematchDecision, scanReviewStatus } from '../../../../electron/core/review';

describe('scanReviewStatus', () => {
  it('is unreviewed with no decision, in progress with some, done only with the mark and nothing undecided', () => {
    const l = (category: 'nodule' | 'small', state: 'undecided' | 'accepted' | 'rejected' | 'second-read') => ({ category, state });
    expect(scanReviewStatus([l('nodule', 'undecided')], false).status).toBe('unreviewed');
    expect(scanReviewStatus([l('nodule', 'accepted'), l('nodule', 'undecided')], false)).toMatchObject({ status: 'in-progress', lesions: 2, undecided: 1, accepted: 1 });
    expect(scanReviewStatus([l('nodule', 'accepted'), l('nodule', 'rejected')], false).status).toBe('in-progress');
    expect(scanReviewStatus([l('nodule', 'accepted'), l('nodule', 'second-read')], true)).toMatchObject({ status: 'done', secondRead: 1 });
    // A lesion added after the scan was marked done reopens it.
    expect(scanReviewStatus([l('nodule', 'accepted'), l('nodule', 'undecided')], true).status).toBe('in-progress');
    // < 3 mm lesions need no decision.
    expect(scanReviewStatus([l('small', 'undecided')], true)).toMatchObject({ status: 'done', lesions: 0 });
    expect(scanReviewStatus([], true).status).toBe('done');
  });
});

describe('rematchDecision', () => {
  it('takes the nearest candidate within max(5 mm, its radius), none farther', () => {
    const a = { key: 'a', center: [0, 0, 0], diameterMm: 4 };
    const b = { key: 'b', center: [3, 0, 0], diameterMm: 4 };
    const big = { key: 'c', center: [20, 0, 0], diameterMm: 30 };
    expect(rematchDecision([2.5, 0, 0], [a, b])!.key).toBe('b');
    expect(rematchDecision([0, 9, 0], [a, b])).toBeNull();
    expect(rematchDecision([8, 0, 0], [a, big])!.key).toBe('c');
  });
});
