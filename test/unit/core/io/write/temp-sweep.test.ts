import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepTempFiles } from '../../../../../electron/core/io/write/temp-sweep';
import { tempFileWriter, tempPathFor } from '../../../../../electron/core/io/write/temp-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-sweep-'));
  dirs.push(d);
  return d;
}

/** The pid of a process that has ended (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function touch(file: string, ageMs = 0): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'half a file');
  if (ageMs) {
    const t = new Date(Date.now() - ageMs);
    fs.utimesSync(file, t, t);
  }
  return file;
}

describe('temp file naming', () => {
  it('names a temp file beside its target, hidden, with the writer pid, and reads the pid back', () => {
    const tmp = tempPathFor('/data/masks/3/nodule.ldmask');
    expect(path.dirname(tmp)).toBe(path.resolve('/data/masks/3'));
    expect(path.basename(tmp)).toMatch(/^\.nodule\.ldmask\.tmp-\d+-[0-9a-f]{8}$/);
    expect(tempFileWriter(path.basename(tmp))).toBe(process.pid);
    expect(tempFileWriter(path.basename(tempPathFor('/x/ct.nii.gz', '.nii.gz')))).toBe(process.pid);
  });

  it('does not take ordinary files for temp files', () => {
    for (const name of ['scan.tmp', 'notes.tmp-12', '.hidden', 'a.tmp-12-0123abcd', '.a.tmp-x-0123abcd', 'case.nii.gz']) expect(tempFileWriter(name)).toBeNull();
  });
});

describe('sweepTempFiles', () => {
  it("removes a dead writer's temp files anywhere under the folder and leaves everything else", async () => {
    const root = tempDir();
    const dead = deadPid();
    const gone1 = touch(path.join(root, 'masks', '1', `.lung-1.ldmask.tmp-${dead}-0123abcd`));
    const gone2 = touch(path.join(root, 'surfaces', 'a', 'b', `.mesh.bin.tmp-${dead}-89abcdef`));
    const gone3 = touch(path.join(root, 'preprocessed', `.ct.nii.gz.tmp-${dead}-00000000.nii.gz`));
    const mine = touch(path.join(root, 'masks', '1', `.x.ldmask.tmp-${process.pid}-0123abcd`));
    const liveOther = touch(path.join(root, 'masks', '1', `.y.ldmask.tmp-${process.ppid}-0123abcd`));
    const keep = [mine, liveOther, touch(path.join(root, 'masks', '1', 'lung-1.ldmask')), touch(path.join(root, 'notes.tmp-1-abc')), touch(path.join(root, 'scan.tmp'))];
    const report = await sweepTempFiles(root);
    expect(report.removed.sort()).toEqual([gone1, gone2, gone3].sort());
    for (const f of [gone1, gone2, gone3]) expect(fs.existsSync(f)).toBe(false);
    for (const f of keep) expect(fs.existsSync(f)).toBe(true);
  });

  it('removes a temp file of a live pid once it is older than any write (the pid was reused)', async () => {
    const root = tempDir();
    const stale = touch(path.join(root, `.old.npy.tmp-${process.ppid}-0123abcd`), 2 * 3600_000);
    const fresh = touch(path.join(root, `.new.npy.tmp-${process.ppid}-0123abcd`));
    const report = await sweepTempFiles(root, { staleMs: 3600_000 });
    expect(report.removed).toEqual([stale]);
    expect(fs.existsSync(fresh)).toBe(true);
  });

  it('does not follow a symlink out of the folder', async () => {
    const root = tempDir();
    const outside = tempDir();
    const theirs = touch(path.join(outside, `.theirs.tmp-${deadPid()}-0123abcd`));
    fs.symlinkSync(outside, path.join(root, 'link'));
    fs.symlinkSync(theirs, path.join(root, `.link.tmp-${deadPid()}-0123abcd`));
    const report = await sweepTempFiles(root);
    expect(report.removed).toEqual([]);
    expect(fs.existsSync(theirs)).toBe(true);
  });

  it('returns an empty report for a folder that does not exist yet', async () => {
    expect((await sweepTempFiles(path.join(tempDir(), 'nothing'))).removed).toEqual([]);
  });

  it('removes the earlier naming (<name>.tmp-<pid>) only where asked, and only of a dead writer', async () => {
    const root = tempDir();
    const dead = deadPid();
    const old = touch(path.join(root, 'LIDC', `IM-0001.dcm.tmp-${dead}`));
    const live = touch(path.join(root, 'LIDC', `IM-0002.dcm.tmp-${process.ppid}`));
    expect((await sweepTempFiles(root)).removed).toEqual([]);
    expect((await sweepTempFiles(root, { legacy: true })).removed).toEqual([old]);
    expect(fs.existsSync(live)).toBe(true);
  });
});
