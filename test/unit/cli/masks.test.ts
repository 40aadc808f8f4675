import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaskVersionDetail, ScanListItem } from '../../../electron/common';
import { createRuntime } from '../../../electron/app/runtime';
import { REPO_ROOT } from '../../helpers/conformance';
import { makePhantomFixture } from '../../phantom/make-phantom-fixture';

/** The CLI as a user runs it: a separate process, from TypeScript source through tsx. */
function lungdesk(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli', 'main.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The headless commands read the store the app wrote: a data folder made through the
// service (phantom scan with anisotropic spacing and an offset origin, two saved versions),
// then closed.
describe('lungdesk masks', () => {
  let root: string;
  let dataDir: string;
  let scan: ScanListItem;
  let first: MaskVersionDetail;
  let second: MaskVersionDetail;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-masks-cli-'));
    dataDir = path.join(root, 'data');
    await makePhantomFixture(path.join(root, 'scans'), { dims: [24, 20, 6], spacing: [0.8, 0.7, 2.5], origin: [-30.5, 12.25, -101], formats: ['metaimage'], nodules: [] });
    const runtime = createRuntime({ dataDir, host: 'browser', version: '0.0.0-test' });
    try {
      const imp = runtime.service.importDataset(path.join(root, 'scans'));
      await imp.done;
      scan = runtime.service.listScans(imp.datasetId)[0]!;
      const h = runtime.service.handlers;
      first = await h.saveMaskVersion({ scanId: scan.id, parentId: null, kind: 'lung', note: 'first', tools: ['brush'], labels: [], change: { runs: Uint32Array.from([0, 4, 30, 2]), values: Uint8Array.from([1, 1, 1, 1, 2, 2]) } });
      second = await h.saveMaskVersion({ scanId: scan.id, parentId: first.id, kind: 'lung', note: 'second', tools: ['eraser'], labels: [], change: { runs: Uint32Array.from([2, 2, 29, 1, 500, 3]), values: Uint8Array.from([0, 0, 2, 1, 1, 1]) } });
    } finally {
      runtime.close();
    }
  }, 60_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists the versions newest first as JSON, filtered by series UID', () => {
    const r = lungdesk(['masks', 'list', '--data-dir', dataDir, '--scan', scan.seriesInstanceUid, '--json']);
    expect(r.code, r.err).toBe(0);
    const list = JSON.parse(r.out) as (MaskVersionDetail & { seriesInstanceUid: string })[];
    expect(list.map((v) => [v.id, v.parentId, v.note, v.seriesInstanceUid])).toEqual([
      [second.id, first.id, 'second', scan.seriesInstanceUid],
      [first.id, null, 'first', scan.seriesInstanceUid],
    ]);
    expect(list[0]!.stats).toEqual(second.stats);
    const none = lungdesk(['masks', 'list', '--data-dir', dataDir, '--scan', '1.2.3.no.such', '--json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.out)).toMatchObject({ error: { code: 'not-found', message: expect.stringContaining('1.2.3.no.such') } });
  });

  it('diffs two versions: voxels added and removed per label', () => {
    const r = lungdesk(['masks', 'diff', String(first.id), String(second.id), '--data-dir', dataDir, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      a: first.id,
      b: second.id,
      voxelsChanged: 6,
      perLabel: [
        { label: 1, added: 3, removed: 2 },
        { label: 2, added: 1, removed: 0 },
      ],
    });
  });

  it('exports a version as .npy and as .nii.gz with the scan affine (read back with nibabel)', () => {
    const npy = path.join(root, 'm.npy');
    const nii = path.join(root, 'm.nii.gz');
    expect(lungdesk(['masks', 'export', String(second.id), '--data-dir', dataDir, '--out', npy]).code).toBe(0);
    const r = lungdesk(['masks', 'export', String(second.id), '--data-dir', dataDir, '--out', nii]);
    expect(r.code, r.err).toBe(0);
    const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, json, numpy as np, nibabel as nib
a = np.load(sys.argv[1])
img = nib.load(sys.argv[2])
v = np.asarray(img.dataobj)
print(json.dumps({
  "npyShape": list(a.shape), "npyDtype": str(a.dtype), "npyNonzero": np.flatnonzero(a).tolist(),
  "niiShape": list(v.shape), "niiDtype": str(v.dtype), "same": bool((v.transpose(2, 1, 0) == a).all()),
  "affine": img.affine.tolist()}))
`, npy, nii], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const got = JSON.parse(py.stdout) as { npyShape: number[]; npyDtype: string; npyNonzero: number[]; niiShape: number[]; niiDtype: string; same: boolean; affine: number[][] };
    expect(got).toMatchObject({ npyShape: [6, 20, 24], npyDtype: 'uint8', npyNonzero: [0, 1, 29, 30, 31, 500, 501, 502], niiShape: [24, 20, 6], niiDtype: 'uint8', same: true });
    // LPS → RAS: the first two rows negated.
    const d = scan.direction;
    const want = [0, 1, 2].map((r) => [...[0, 1, 2].map((c) => (r < 2 ? -1 : 1) * d[3 * r + c]! * scan.spacing[c]!), (r < 2 ? -1 : 1) * scan.origin[r]!]);
    got.affine.slice(0, 3).forEach((row, r) => row.forEach((x, c) => expect(x).toBeCloseTo(want[r]![c]!, 4)));
  });

  it('refuses a folder that is not a LungDesk data folder, and an unknown version id, with typed errors', () => {
    const r = lungdesk(['masks', 'list', '--data-dir', root, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'io.not-found', file: path.join(root, 'lungdesk.sqlite') } });
    expect(fs.existsSync(path.join(root, 'lungdesk.sqlite'))).toBe(false);
    const e = lungdesk(['masks', 'export', '99999', '--data-dir', dataDir, '--out', path.join(root, 'x.npy')]);
    expect(e.code).toBe(1);
    expect(e.err).toContain('lungdesk masks: not-found: no mask with id 99999');
  });
});
