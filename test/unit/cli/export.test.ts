import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/conformance';
import { openTestService, PRELOAD, reviewTestIndex, writeTestDataset } from '../../helpers/export/reviewed-index';
import { treeHashes } from '../../helpers/export/tree-hashes';

const MAIN = path.join(REPO_ROOT, 'electron', 'cli', 'main.ts');
/** The CLI as a user runs it, from source through tsx, with the test exporters preloaded (its workers inherit them). */
const ARGV = ['--import', 'tsx', '--import', PRELOAD, MAIN];

function lungdesk(args: string[]) {
  const r = spawnSync(process.execPath, [...ARGV, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// `lungdesk export` in its own process on an index made by the service (phantom scans,
// decisions, a saved mask), as a batch job on a server or a cluster would run it.
describe('lungdesk export (process)', () => {
  let root: string;
  let db: string;
  const out = (name: string) => path.join(root, 'out', name);
  const base = (dir: string) => ['export', '--db', db, '--out', dir, '--format', 'nifti,monai'];

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-export-cli-'));
    await writeTestDataset(path.join(root, 'ds'));
    const service = openTestService(path.join(root, 'data'));
    try {
      await reviewTestIndex(service, path.join(root, 'ds'));
    } finally {
      service.close();
    }
    db = path.join(root, 'data', 'lungdesk.sqlite');
  }, 180_000);

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('--help prints the usage with every option and exits 0', () => {
    const r = lungdesk(['export', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: lungdesk export --db FILE --out DIR --format');
    for (const flag of ['--select', '--folds', '--split', '--seed', '--cube-mm', '--shard i/n', '--resume', '--json', 'export merge DIR']) expect(r.out).toContain(flag);
  });

  it('checks the flags with the contract\'s bounds and names the flag at fault (exit 2; --json: one JSON error)', () => {
    const bad: [string[], RegExp][] = [
      [['--folds', '1'], /--folds\/--split: .*(>=|≥|at least|too small)/i],
      [['--folds', '3', '--split', '70/15/15'], /give --folds K or --split/],
      [['--split', '70/20/20'], /train \+ validation \+ test must be 100/],
      [['--shard', '3/2'], /shard i\/n needs 1 ≤ i ≤ n/],
      [['--shard', 'two'], /--shard must be i\/n/],
      [['--seed', 'x'], /--seed: /],
      [['--format', 'jpeg'], /--format: /],
      [['--frobnicate'], /frobnicate/],
    ];
    for (const [flags, why] of bad) {
      const r = lungdesk([...base(out('never')), ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err, flags.join(' ')).toMatch(why);
    }
    const j = lungdesk([...base(out('never')), '--folds', '30', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out)).toMatchObject({ error: { code: 'contract.bad-input' } });
    expect(fs.existsSync(out('never'))).toBe(false);
  });

  it('--preview --json prints the plan as one JSON document and writes nothing', () => {
    const r = lungdesk([...base(out('preview')), '--preview', '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out);
    expect(p.cases).toHaveLength(6);
    expect(p.skipped).toHaveLength(2);
    expect(fs.existsSync(out('preview'))).toBe(false);
  });

  it('an export killed with kill -9 after its first case resumes with --resume to files byte-identical to an uninterrupted one', async () => {
    const ref = lungdesk([...base(out('whole')), '--folds', '3', '--workers', '2', '--json']);
    expect(ref.code, ref.err).toBe(0);
    expect(JSON.parse(ref.out)).toMatchObject({ casesWritten: 6, casesSkipped: 0, failed: [] });

    // The whole process group, as a scheduler ends a job: the CLI and its workers.
    const child = spawn(process.execPath, [...ARGV, ...base(out('killed')), '--folds', '3', '--workers', '1'], { cwd: REPO_ROOT, detached: true, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const records = path.join(out('killed'), '.lungdesk-export', 'cases');
    const t0 = Date.now();
    while (!(fs.existsSync(records) && fs.readdirSync(records).some((f) => f.endsWith('.json')))) {
      if (Date.now() - t0 > 90_000) throw new Error('no case record appeared');
      await new Promise((r) => setTimeout(r, 5));
    }
    // Better still halfway through the next case: some of its files written, its record not.
    const caseDirs = path.join(out('killed'), 'cases');
    const count = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).length : 0);
    const t1 = Date.now();
    while (count(caseDirs) <= count(records) && Date.now() - t1 < 5000) await new Promise((r) => setImmediate(r));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const done = fs.readdirSync(records).filter((f) => f.endsWith('.json')).length;
    expect(done).toBeLessThan(6);
    expect(fs.existsSync(path.join(out('killed'), 'manifest.json'))).toBe(false);

    const again = lungdesk([...base(out('killed')), '--folds', '3']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/export\.not-empty: .* is not empty/);

    const resumed = lungdesk([...base(out('killed')), '--folds', '3', '--resume', '--json']);
    expect(resumed.code, resumed.err).toBe(0);
    const s = JSON.parse(resumed.out);
    expect(s.casesSkipped).toBeGreaterThanOrEqual(done);
    expect(s.casesWritten + s.casesSkipped).toBe(6);
    expect(treeHashes(out('killed'))).toEqual(treeHashes(out('whole')));
  }, 300_000);

  it('shards run as separate processes into one folder, then `export merge`, give the files of one run', () => {
    for (const shard of ['1/2', '2/2']) {
      const r = lungdesk([...base(out('sharded')), '--folds', '3', '--shard', shard, '--json']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).manifest).toBe(path.join(out('sharded'), `manifest.shard-${shard.replace('/', '-of-')}.json`));
    }
    const m = lungdesk(['export', 'merge', out('sharded'), '--json']);
    expect(m.code, m.err).toBe(0);
    expect(JSON.parse(m.out)).toMatchObject({ casesWritten: 6, failed: [] });
    if (!fs.existsSync(out('whole'))) return; // compared when the test above ran
    expect(treeHashes(out('sharded'), (p) => p.startsWith('manifest.shard-'))).toEqual(treeHashes(out('whole')));
  }, 300_000);
});
