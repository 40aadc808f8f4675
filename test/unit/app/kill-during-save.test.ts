import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../electron/app/runtime';
import { tempFileWriter } from '../../../electron/core/io/write/temp-file';
import { processAlive } from '../../helpers/process-alive';

// A real host (test/helpers/mask-save-host.ts) saving mask versions in a loop, with a worker
// job running, is SIGKILLed; a new host on the same folder must find every committed save
// intact, no temp file, no orphan process, and nothing listed that was not committed.
const hostScript = path.resolve(__dirname, '../../helpers/mask-save-host.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-kill-save-'));
const spawned: ChildProcess[] = [];
afterAll(() => {
  for (const h of spawned) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

/** Live (not zombie) descendants of `pid`, from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parentOf) if (pp === p) (out.push(c), walk(c));
  };
  walk(pid);
  return out;
}


function tempFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && tempFileWriter(e.name) !== null) out.push(e.name);
  return out;
}

/** Runs the saving host until `saves` saves are committed plus a random few ms, then SIGKILLs it. */
async function runAndKill(dataDir: string, saves: number): Promise<{ committed: Map<number, string>; children: number[] }> {
  const host = spawn(process.execPath, ['--import', tsx, hostScript, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(host);
  const committed = new Map<number, string>();
  let err = '';
  host.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let out = '';
  let jobRunning = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host made ${committed.size} saves in time; stderr: ${err}`)), 60_000);
    host.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) {
        const m = /^SAVED (\d+) ([0-9a-f]{64})$/.exec(l);
        if (m) committed.set(Number(m[1]), m[2]!);
        if (l === 'JOB RUNNING') jobRunning = true;
      }
      if (committed.size >= saves && jobRunning) {
        clearTimeout(timer);
        resolve();
      }
    });
    host.once('exit', (code) => reject(new Error(`host exited (${code}): ${err}`)));
  });
  // Somewhere inside the next save: encoding, writing the temp file, renaming, or committing.
  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
  const children = descendants(host.pid!);
  host.kill('SIGKILL');
  await new Promise((r) => host.once('exit', r));
  return { committed, children };
}

describe.runIf(process.platform === 'linux')('a host killed during mask saves', () => {
  it('restarts with every committed save intact, no temp file, no orphan process, nothing uncommitted listed', async () => {
    const dataDir = path.join(root, 'data');
    const all = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      const { committed, children } = await runAndKill(dataDir, 4 + round * 3);
      expect(children.length).toBeGreaterThan(0); // its worker
      for (const [id, sha] of committed) all.set(id, sha);
      // The orphaned worker notices and ends within seconds.
      const t0 = Date.now();
      while (children.some(processAlive) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
      expect(children.filter(processAlive)).toEqual([]);
    }

    const rt = createRuntime({ dataDir, host: 'browser', version: '0.0.0-test' });
    try {
      const report = (await rt.service.startupChecked)!;
      expect(report.masks.damaged).toEqual([]);
      expect(tempFilesUnder(dataDir)).toEqual([]);
      const scanId = rt.service.listScans()[0]!.id;
      const listed = await rt.service.handlers.listMaskVersions({ scanId });
      const listedIds = new Set(listed.map((v) => v.id));
      for (const [id, sha] of all) {
        expect(listedIds.has(id)).toBe(true);
        const { voxels } = await rt.service.handlers.getMask({ maskId: id });
        expect(createHash('sha256').update(voxels).digest('hex')).toBe(sha);
      }
      // Rows beyond the committed ones: a save killed after its commit but before it answered.
      // Each such row must be whole too; a file without a row went to lost+found.
      for (const v of listed.filter((x) => !all.has(x.id))) {
        const { voxels } = await rt.service.handlers.getMask({ maskId: v.id });
        expect(createHash('sha256').update(voxels).digest('hex')).toBe(v.sha256);
      }
      const maskFiles = fs.readdirSync(path.join(dataDir, 'masks', String(scanId))).filter((f) => f.endsWith('.ldmask'));
      expect(maskFiles.length).toBe(listed.length);
      console.log(`kill test: ${all.size} committed saves over 3 kills, ${listed.length} versions after restart, ${report.masks.quarantined.length} file(s) without a row moved to lost+found, ${report.temp.removed.length} temp file(s) removed`);
    } finally {
      rt.close();
    }
  });
});
