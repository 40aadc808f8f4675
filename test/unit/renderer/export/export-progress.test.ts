import { describe, expect, it } from 'vitest';
import type { ExportPreview } from '../../../../electron/common/contract';
import type { JobState } from '../../../../electron/common/jobs';
import { EXPORT_COMMANDS, exportCommandTitle, isExportKey } from '../../../../renderer/features/export/model/export-commands';
import { casesPerSplit, skippedByReason, startBlocker } from '../../../../renderer/features/export/model/export-preview';
import { casesProgress, casesText, exportPhase, formatBytes, formatDuration, manifestPathIn, readExportSummary } from '../../../../renderer/features/export/model/export-progress';
import { addSample, formatTimeLeft, RATE_WINDOW_MS, timeLeftSeconds, type ProgressSample } from '../../../../renderer/features/export/model/time-left';
import { OWN_MARK_COMMANDS } from '../../../../renderer/features/review/model/review-commands';
import { commandFor } from '../../../../renderer/key-commands';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
const job = (status: JobState['status'], stage = '', fraction = 0, result?: unknown): JobState => ({ id: 'j1', type: 'export', label: 'Export', status, progress: { stage, fraction }, startedAt: 0, ...(result === undefined ? {} : { result }) });

describe('time left', () => {
  const feed = (points: [number, number][]): ProgressSample[] => points.reduce<ProgressSample[]>((s, [t, fraction]) => addSample(s, { t, fraction }), []);

  it('extrapolates the rate to the end: a quarter done in 10 s leaves 30 s, less the time since the last event', () => {
    const s = feed([
      [0, 0],
      [5_000, 0.125],
      [10_000, 0.25],
    ]);
    expect(timeLeftSeconds(s, 10_000)).toBeCloseTo(30, 6);
    expect(timeLeftSeconds(s, 16_000)).toBeCloseTo(24, 6);
    expect(timeLeftSeconds(s, 100_000)).toBe(0);
  });

  it('gives no estimate before two samples a second apart with progress between them', () => {
    expect(timeLeftSeconds(feed([[0, 0]]), 0)).toBeNull();
    expect(timeLeftSeconds(feed([[0, 0], [500, 0.5]]), 500)).toBeNull();
    expect(timeLeftSeconds(feed([[0, 0.2], [5_000, 0.2]]), 5_000)).toBeNull();
  });

  it('follows the last minute only: after a slow first case the estimate uses the faster recent rate', () => {
    // 10 % in the first 100 s (a slow first case), then 1 % a second.
    const points: [number, number][] = [[0, 0], [100_000, 0.1]];
    for (let t = 101_000; t <= 180_000; t += 1_000) points.push([t, 0.1 + (t - 100_000) / 100_000]);
    const s = feed(points);
    expect(s[0]!.t).toBeGreaterThanOrEqual(180_000 - RATE_WINDOW_MS - 1_000);
    // 0.9 done at 1 % / s: 10 s left (the whole-run average would say 20 s).
    expect(timeLeftSeconds(s, 180_000)).toBeCloseTo(10, 3);
  });

  it('starts afresh when the fraction goes back, ignores repeats and non-finite values, and leaves its input untouched', () => {
    const s = feed([[0, 0.5], [5_000, 0.6]]);
    const copy = JSON.parse(JSON.stringify(s));
    expect(addSample(s, { t: 6_000, fraction: 0.1 })).toEqual([{ t: 6_000, fraction: 0.1 }]);
    expect(addSample(s, { t: 6_000, fraction: 0.6 })).toEqual(s);
    expect(addSample(s, { t: 6_000, fraction: NaN })).toEqual(s);
    expect(s).toEqual(copy);
  });

  it('words it: a few seconds, seconds in fives, minutes, hours and minutes; "estimating" without a rate', () => {
    expect([null, 3, 22, 54, 56, 150, 3600, 4_830].map(formatTimeLeft)).toEqual([
      'estimating time left…',
      'a few seconds left',
      'about 20 s left',
      'about 55 s left',
      'about 1 min left',
      'about 3 min left',
      'about 1 h left',
      'about 1 h 21 min left',
    ]);
  });
});

describe('export progress', () => {
  it('reads cases done of total from the stage ("case 3 of 12", "3/12"), else from the fraction of the planned cases', () => {
    expect(casesProgress({ stage: 'case 3 of 12', fraction: 0.5 }, 40)).toEqual({ done: 3, total: 12 });
    expect(casesProgress({ stage: 'writing 7/9', fraction: 0.1 }, null)).toEqual({ done: 7, total: 9 });
    expect(casesProgress({ stage: 'writing cases', fraction: 0.5 }, 12)).toEqual({ done: 6, total: 12 });
    expect(casesProgress({ stage: 'planning', fraction: 1 }, 3)).toEqual({ done: 3, total: 3 });
    expect(casesProgress({ stage: 'planning', fraction: 0.5 }, null)).toBeNull();
    expect(casesText({ done: 0, total: 1 })).toBe('0 of 1 case');
    expect(casesText({ done: 2, total: 12 })).toBe('2 of 12 cases');
  });

  it('is the form before a start, running from Start until the job ends (also before its first update), then ended', () => {
    expect(exportPhase(null, null)).toBe('form');
    expect(exportPhase('j1', null)).toBe('running');
    expect(exportPhase('j1', job('queued'))).toBe('running');
    expect(exportPhase('j1', job('running'))).toBe('running');
    for (const s of ['succeeded', 'failed', 'cancelled'] as const) expect(exportPhase('j1', job(s))).toBe('ended');
  });

  it("reads the job's result as an ExportSummary, and nothing from another shape", () => {
    const summary = { outDir: '/o', manifest: '/o/manifest.json', casesWritten: 2, casesSkipped: 0, failed: [{ caseId: 'c1', reason: 'io.read-failed: gone' }], bytes: 10, seconds: 1.5 };
    expect(readExportSummary(summary)).toEqual(summary);
    expect(readExportSummary({ ...summary, extra: 1 })).toEqual(summary);
    expect(readExportSummary(undefined)).toBeNull();
    expect(readExportSummary({ ...summary, casesWritten: -1 })).toBeNull();
    expect(readExportSummary({ ...summary, failed: [{ caseId: 1 }] })).toBeNull();
    expect(readExportSummary({ ...summary, manifest: undefined })).toBeNull();
  });

  it("places the manifest at the top of the export folder with the folder's own separator (when the job carries no summary)", () => {
    expect(manifestPathIn('/data/out')).toBe('/data/out/manifest.json');
    expect(manifestPathIn('/data/out//')).toBe('/data/out/manifest.json');
    expect(manifestPathIn('C:\\exports\\run1\\')).toBe('C:\\exports\\run1\\manifest.json');
    expect(manifestPathIn('\\\\server\\share')).toBe('\\\\server\\share\\manifest.json');
  });

  it('words sizes in decimal units and durations in s, min and h', () => {
    expect([0, 999, 1_500, 12_345_678, 2.5e9].map(formatBytes)).toEqual(['0 B', '999 B', '1.50 kB', '12.3 MB', '2.50 GB']);
    expect([0.4, 59, 61, 120, 3_720].map(formatDuration)).toEqual(['0 s', '59 s', '1 min 1 s', '2 min', '1 h 2 min']);
  });
});

describe('export preview', () => {
  const c = (caseId: string, split: string): ExportPreview['cases'][number] => ({ caseId, scanId: 1, patientId: 'p', seriesInstanceUid: '1.2', lesions: 1, negatives: 0, maskVersionIds: [1], split, estimatedBytes: 1 });

  it('groups skipped scans by reason, the largest group first', () => {
    expect(skippedByReason([{ scanId: 5, reason: 'not done' }, { scanId: 2, reason: 'no mask' }, { scanId: 1, reason: 'not done' }])).toEqual([
      { reason: 'not done', scanIds: [1, 5] },
      { reason: 'no mask', scanIds: [2] },
    ]);
  });

  it('counts cases per split in train, validation, test order, and folds in number order', () => {
    expect(casesPerSplit([c('a', 'test'), c('b', 'train'), c('c', 'validation'), c('d', 'train')])).toEqual([
      { split: 'train', cases: 2 },
      { split: 'validation', cases: 1 },
      { split: 'test', cases: 1 },
    ]);
    expect(casesPerSplit([c('a', 'fold-10'), c('b', 'fold-2'), c('c', 'fold-2')]).map((s) => s.split)).toEqual(['fold-2', 'fold-10']);
  });

  it('keeps Start disabled with the first thing to fix: fields, the preview on its way or failed, nothing to export', () => {
    const ok = { fieldErrors: 0, previewReady: true, previewPending: false, previewFailed: false, cases: 3, starting: false };
    expect(startBlocker(ok)).toBeNull();
    expect(startBlocker({ ...ok, fieldErrors: 1 })).toMatch(/fields/);
    expect(startBlocker({ ...ok, previewPending: true })).toMatch(/preview/);
    expect(startBlocker({ ...ok, previewReady: false })).toMatch(/preview/);
    expect(startBlocker({ ...ok, previewReady: false, previewFailed: true })).toMatch(/failed/);
    expect(startBlocker({ ...ok, cases: 0 })).toMatch(/Nothing/);
    expect(startBlocker({ ...ok, starting: true })).toMatch(/Starting/);
  });
});

describe('export command', () => {
  it('opens on Shift+E (either case), not on E (which edits your mark) or with Ctrl / Cmd / Alt; the button says its key', () => {
    expect(isExportKey(press('E', { shiftKey: true }))).toBe(true);
    expect(isExportKey(press('e', { shiftKey: true }))).toBe(true);
    expect(isExportKey(press('e'))).toBe(false);
    expect(isExportKey(press('E', { shiftKey: true, ctrlKey: true }))).toBe(false);
    expect(commandFor(OWN_MARK_COMMANDS, press('e'))?.action).toBe('edit');
    expect(commandFor(OWN_MARK_COMMANDS, press('E', { shiftKey: true }))).toBeNull();
    expect(exportCommandTitle()).toBe(`${EXPORT_COMMANDS[0]!.button} (Shift+E)`);
  });
});
