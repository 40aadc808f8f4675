import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../electron/app/runtime';
import { tempFileWriter } from '../../../electron/core/io/write/temp-file';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-startup-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a host starting on a data folder a killed run left behind', () => {
  it('removes dead writers’ temp files and moves a mask file without a row to lost+found, leaving other files and folders alone', async () => {
    const dataDir = path.join(root, 'data');
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const masks = path.join(dataDir, 'masks', '7');
    fs.mkdirSync(masks, { recursive: true });
    const tmp = path.join(masks, `.lung-1.ldmask.tmp-${dead}-0123abcd`);
    const cacheTmp = path.join(dataDir, 'surfaces', `.mesh.bin.tmp-${dead}-89abcdef`);
    fs.mkdirSync(path.dirname(cacheTmp), { recursive: true });
    const orphan = path.join(masks, 'lung-1.ldmask');
    for (const f of [tmp, cacheTmp, orphan]) fs.writeFileSync(f, 'left by a killed run');
    const userFile = path.join(dataDir, 'notes.tmp');
    fs.writeFileSync(userFile, 'not ours');
    // The CLI's data folder is its index file's folder: a dataset beside it is not swept.
    const besides = path.join(dataDir, 'scans', `.ct.mhd.tmp-${dead}-0123abcd`);
    fs.mkdirSync(path.dirname(besides), { recursive: true });
    fs.writeFileSync(besides, 'a dataset of someone else');
    const topLevel = path.join(dataDir, `.settings.json.tmp-${dead}-0123abcd`);
    fs.writeFileSync(topLevel, '{');

    const rt = createRuntime({ dataDir, host: 'browser', version: '0.0.0-test' });
    try {
      const report = (await rt.service.startupChecked)!;
      expect(report.temp.removed.sort()).toEqual([tmp, cacheTmp, topLevel].sort());
      expect(report.masks.quarantined).toEqual([{ from: orphan, to: path.join(dataDir, 'lost+found', 'masks', '7', 'lung-1.ldmask') }]);
      expect(fs.existsSync(tmp) || fs.existsSync(cacheTmp) || fs.existsSync(orphan)).toBe(false);
      expect(fs.existsSync(userFile) && fs.existsSync(besides)).toBe(true);
    } finally {
      rt.close();
    }
  });

  it.runIf(process.platform === 'linux')("sweeps a killed worker's temp file from the data folder while the host runs on", async () => {
    const dataDir = path.join(root, 'data-kill');
    const rt = createRuntime({ dataDir, host: 'browser', version: '0.0.0-test' });
    try {
      await rt.service.startupChecked;
      const outDir = path.join(dataDir, 'preprocessed', '1');
      fs.mkdirSync(outDir, { recursive: true });
      const job = rt.runner.start('diagnostic', { mode: 'write', path: path.join(outDir, 'big.bin'), bytes: 256 << 20, ms: 60_000 });
      job.done.catch(() => {});
      let t0 = Date.now();
      while (!fs.readdirSync(outDir).length && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
      const [tmpName] = fs.readdirSync(outDir);
      const workerPid = tempFileWriter(tmpName!)!;
      expect(workerPid).not.toBe(process.pid);
      process.kill(workerPid, 'SIGKILL'); // no chance to clean up: the temp file stays behind
      await expect(job.done).rejects.toMatchObject({ code: 'job.crashed' });
      t0 = Date.now();
      while (fs.readdirSync(outDir).length && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
      expect(fs.readdirSync(outDir)).toEqual([]);
    } finally {
      rt.close();
    }
  });
});
