import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectFolderChanges, discoverSeriesIncremental, skipReasonOf, type CachedFileEntry } from '../../../../electron/core/io';
import { makePhantomFixture } from '../../../phantom/make-phantom-fixture';

describe('incremental discovery', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-incr-'));
    await makePhantomFixture(dir, { dims: [32, 32, 8], spacing: [5, 5, 5] });
  });

  it('reads every file the first time and none the second, with the same series', async () => {
    const first = await discoverSeriesIncremental(dir, new Map());
    expect(first.stats.read).toBe(first.stats.files);
    const cache = new Map<string, CachedFileEntry>(first.entries.map((e) => [e.path, JSON.parse(JSON.stringify(e)) as CachedFileEntry]));
    const again = await discoverSeriesIncremental(dir, cache);
    expect(again.stats).toMatchObject({ read: 0, reused: first.stats.files, removed: 0 });
    expect(again.series.map((s) => [s.format, s.seriesInstanceUid, s.sliceCount])).toEqual(first.series.map((s) => [s.format, s.seriesInstanceUid, s.sliceCount]));
  });

  it('re-reads a changed file, notices a removed one, and tells changes apart cheaply', async () => {
    const first = await discoverSeriesIncremental(dir, new Map());
    const cache = new Map(first.entries.map((e) => [e.path, e]));
    const stats = new Map(first.entries.map((e) => [e.path, { size: e.size, mtimeMs: e.mtimeMs }]));
    expect(await detectFolderChanges(dir, stats)).toMatchObject({ changed: false, added: 0, modified: 0, removed: 0 });
    const dicom = first.entries.filter((e) => e.kind === 'dicom').map((e) => e.path);
    const touched = dicom[0]!;
    fs.utimesSync(touched, new Date(), new Date(Date.now() + 5000));
    fs.rmSync(dicom[1]!);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'new');
    expect(await detectFolderChanges(dir, stats)).toMatchObject({ changed: true, added: 1, modified: 1, removed: 1 });
    const again = await discoverSeriesIncremental(dir, cache);
    expect(again.removed).toEqual([dicom[1]]);
    expect(again.entries.map((e) => e.path).sort()).toEqual([touched, path.join(dir, 'notes.txt')].sort());
    const series = again.series.find((s) => s.format === 'dicom')!;
    expect(series.sliceCount).toBe(7);
  });
});

describe('files no series reads', () => {
  it("lists each with its reason, but not a MetaImage's data file (named by its header, or sharing its stem in an older cache)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-skipped-'));
    const f = await makePhantomFixture(dir, { dims: [32, 32, 8], spacing: [5, 5, 5] });
    fs.writeFileSync(path.join(dir, 'orphan.raw'), Buffer.alloc(8));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not an image');
    const first = await discoverSeriesIncremental(dir, new Map());
    const reasons = (d: typeof first) => d.skipped.map((i) => [path.basename(i.file), skipReasonOf(i)]);
    expect(reasons(first)).toEqual([
      ['annotations.csv', 'not-image'],
      ['notes.txt', 'not-image'],
      ['orphan.raw', 'not-image'],
    ]);
    // A cache written before MetaImage data files were recorded: the stem still claims the .raw.
    const older = first.entries.map((e) => (e.path === f.mhdPath ? { ...e, header: { ...(e.header as object), dataFiles: [] } } : e));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'changed');
    const again = await discoverSeriesIncremental(dir, new Map(older.map((e) => [e.path, e])));
    expect(reasons(again)).toEqual(reasons(first));
  });
});
