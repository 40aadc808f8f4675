import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaskRuns, ScanListItem } from '../../../electron/common';
import { createRuntime } from '../../../electron/app/runtime';
import { journalPath } from '../../../electron/app/mask-store/mask-journal';
import { encodeMaskFile, tempPathFor } from '../../../electron/core/masks/mask-file';
import { makePhantomFixture } from '../../phantom/make-phantom-fixture';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A change as the renderer sends it: sorted flat indices, each with its new label. */
function changeOf(voxels: Map<number, number>): MaskRuns {
  const idx = [...voxels.keys()].sort((a, b) => a - b);
  const runs: number[] = [];
  for (const i of idx) {
    const last = runs.length - 2;
    if (last >= 0 && runs[last]! + runs[last + 1]! === i) runs[last + 1]!++;
    else runs.push(i, 1);
  }
  return { runs: Uint32Array.from(runs), values: Uint8Array.from(idx.map((i) => voxels.get(i)!)) };
}

// Mask editing through the service as every host uses it: a phantom scan, its lung mask from
// the real job (a plain .npy), edits saved on top of it in the mask store, on a temp data dir.
describe('LungDesk service: mask editing', () => {
  let root: string;
  let dataDir: string;
  let runtime: ReturnType<typeof createRuntime>;
  let scan: ScanListItem;
  let lungId: number;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mask-edit-'));
    dataDir = path.join(root, 'data');
    await makePhantomFixture(path.join(root, 'scans'), { dims: [64, 64, 24], spacing: [5, 5, 5], formats: ['metaimage'] });
    runtime = createRuntime({ dataDir, host: 'browser', version: '0.0.0-test' });
    const imp = runtime.service.importDataset(path.join(root, 'scans'));
    await imp.done;
    scan = runtime.service.listScans(imp.datasetId)[0]!;
    lungId = await runtime.service.runLungMask(scan.id, { fill: true, dilateMm: 0, outsideAir: 'sides', threshold: -320 }).done;
  }, 60_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("lists a job's lung mask with labels from its kind, no tools and stats computed from its .npy", async () => {
    const [v] = await runtime.service.handlers.listMaskVersions({ scanId: scan.id });
    const { voxels } = await runtime.service.handlers.getMask({ maskId: lungId });
    const lung = voxels.reduce((n, x) => n + (x === 1 ? 1 : 0), 0);
    expect(v).toMatchObject({ id: lungId, kind: 'lung', tools: [], labels: [{ value: 1, kind: 'lung' }], sha256: sha(voxels) });
    expect(v!.stats).toEqual([{ label: 1, voxels: lung, volumeMm3: lung * 125, added: lung, removed: 0 }]);
    const dir = path.join(dataDir, 'masks', String(scan.id));
    const npy = fs.readdirSync(dir).filter((f) => f.endsWith('.npy'));
    expect(npy).toHaveLength(1);
    expect(v!.bytesOnDisk).toBe(fs.statSync(path.join(dir, npy[0]!)).size);
  });

  it('saves an edit of the job mask as a new compressed version that loads back bit-identical, with counts, author and audit', async () => {
    const h = runtime.service.handlers;
    const parent = (await h.getMask({ maskId: lungId })).voxels;
    const n = parent.length;
    // Paint 40 voxels of label 2 somewhere, erase 30 lung voxels.
    const edits = new Map<number, number>();
    for (let i = 0; i < 40; i++) edits.set(100 + i * 37, 2);
    const lungVoxels = [...parent.keys()].filter((i) => parent[i] === 1).slice(0, 30);
    for (const i of lungVoxels) edits.set(i, 0);
    const change = changeOf(edits);
    const expected = parent.slice();
    for (const [i, l] of edits) expected[i] = l;
    const added2 = [...edits].filter(([i, l]) => l === 2 && parent[i] !== 2).length;
    const lung1 = [...edits].filter(([i]) => parent[i] === 1).length;

    const saved = await h.saveMaskVersion({ scanId: scan.id, parentId: lungId, kind: 'lung', note: 'pleural nodule excluded', tools: ['brush', 'eraser'], labels: [{ value: 1, name: 'lung', kind: 'lung' }, { value: 2, name: 'nodule 1', kind: 'nodule' }], change });
    expect(saved).toMatchObject({ parentId: lungId, kind: 'lung', note: 'pleural nodule excluded', tools: ['brush', 'eraser'], sha256: sha(expected) });
    expect(saved.author.length).toBeGreaterThan(0);
    const s1 = saved.stats.find((s) => s.label === 1)!;
    const s2 = saved.stats.find((s) => s.label === 2)!;
    expect(s2).toEqual({ label: 2, voxels: added2, volumeMm3: added2 * 125, added: added2, removed: 0 });
    expect(s1.removed).toBe(lung1);
    expect(s1.voxels).toBe(expected.reduce((c, x) => c + (x === 1 ? 1 : 0), 0));
    expect(saved.bytesOnDisk).toBeLessThan(n / 4);

    const back = await h.getMask({ maskId: saved.id });
    expect(sha(back.voxels)).toBe(sha(expected));
    expect(Buffer.from(back.voxels).equals(Buffer.from(expected))).toBe(true);

    const audit = runtime.service.auditLog(5).find((a) => a.action === 'mask.saved');
    expect(audit).toMatchObject({ actor: saved.author, entityId: String(scan.id) });
    expect(audit!.detail).toMatchObject({ before: { maskId: lungId }, after: { maskId: saved.id, sha256: saved.sha256 } });

    const list = await h.listMaskVersions({ scanId: scan.id });
    expect(list.map((v) => v.id)).toEqual([saved.id, lungId]);
    expect(list[0]).toEqual(saved);
  });

  it('diffs two versions voxel by voxel and restores an older one as a new version with its exact voxels, announced to every listener', async () => {
    const h = runtime.service.handlers;
    const [edited] = await h.listMaskVersions({ scanId: scan.id });
    const a = (await h.getMask({ maskId: lungId })).voxels;
    const b = (await h.getMask({ maskId: edited!.id })).voxels;
    const d = await h.diffMaskVersions({ a: lungId, b: edited!.id });
    let k = 0;
    const differing: number[] = [];
    for (let r = 0; r < d.change.runs.length; r += 2) for (let i = d.change.runs[r]!; i < d.change.runs[r]! + d.change.runs[r + 1]!; i++) differing.push(i);
    expect(differing).toEqual([...a.keys()].filter((i) => a[i] !== b[i]));
    for (const i of differing) {
      expect(d.change.values[k]).toBe(b[i]);
      expect(d.before[k++]).toBe(a[i]);
    }
    expect(d.perLabel).toEqual(edited!.stats.map((s) => ({ label: s.label, added: s.added, removed: s.removed })));

    const seen: unknown[] = [];
    const off = runtime.service.subscribe((name, payload) => name === 'onDidChangeMaskVersions' && seen.push(payload));
    const restored = await h.restoreMaskVersion({ maskId: lungId });
    off();
    // Every list of versions (overlays, history, other windows) hears of the new one.
    expect(seen).toEqual([{ scanId: scan.id }]);
    expect(restored).toMatchObject({ parentId: lungId, note: `restored #${lungId}`, kind: 'lung', sha256: sha(a) });
    expect(restored.stats).toEqual([{ label: 1, voxels: a.reduce((c, x) => c + x, 0), volumeMm3: a.reduce((c, x) => c + x, 0) * 125, added: 0, removed: 0 }]);
    expect(sha((await h.getMask({ maskId: restored.id })).voxels)).toBe(sha(a));
    expect(runtime.service.auditLog(3)[0]).toMatchObject({ action: 'mask.restored', detail: { before: { maskId: lungId }, after: { maskId: restored.id } } });
    // Nothing overwritten: every earlier version still loads as it was.
    expect(sha((await h.getMask({ maskId: edited!.id })).voxels)).toBe(edited!.sha256);
  });

  it('saves a new mask on an empty grid (parent null)', async () => {
    const saved = await runtime.service.handlers.saveMaskVersion({ scanId: scan.id, parentId: null, kind: 'nodules', note: '', tools: ['brush'], labels: [], change: changeOf(new Map([[5, 3], [6, 3], [64 * 64, 3]])) });
    expect(saved.stats).toEqual([{ label: 3, voxels: 3, volumeMm3: 375, added: 3, removed: 0 }]);
    const v = (await runtime.service.handlers.getMask({ maskId: saved.id })).voxels;
    expect([v[5], v[6], v[4096], v.reduce((c, x) => c + x, 0)]).toEqual([3, 3, 3, 9]);
  });

  it('refuses a change that leaves the grid or whose values do not match its runs (contract.bad-input)', async () => {
    const h = runtime.service.handlers;
    const n = scan.dims[0] * scan.dims[1] * scan.dims[2];
    const base = { scanId: scan.id, parentId: lungId, kind: 'lung', note: '', tools: [], labels: [] };
    await expect(h.saveMaskVersion({ ...base, change: { runs: Uint32Array.from([n - 1, 2]), values: new Uint8Array(2) } })).rejects.toMatchObject({ code: 'contract.bad-input', message: expect.stringContaining('leaves the grid') });
    await expect(h.saveMaskVersion({ ...base, change: { runs: Uint32Array.from([0, 3]), values: new Uint8Array(2) } })).rejects.toMatchObject({ code: 'contract.bad-input', message: expect.stringContaining('cover 3 voxels') });
    await expect(h.saveMaskVersion({ ...base, change: { runs: Uint32Array.from([10, 5, 12, 1]), values: new Uint8Array(6) } })).rejects.toMatchObject({ code: 'contract.bad-input', message: expect.stringContaining('ascending and disjoint') });
  });

  it('keeps, reads back and discards the unsaved strokes of a scan in its journal', async () => {
    const h = runtime.service.handlers;
    expect(await h.getMaskJournal({ scanId: scan.id })).toEqual({ entry: null });
    const change = changeOf(new Map([[7, 1], [8, 1], [300, 0]]));
    const { savedAt } = await h.writeMaskJournal({ scanId: scan.id, parentId: lungId, kind: 'lung', labels: [], tools: ['brush'], change });
    const { entry } = await h.getMaskJournal({ scanId: scan.id });
    expect(entry).toEqual({ scanId: scan.id, parentId: lungId, kind: 'lung', labels: [], tools: ['brush'], change, savedAt });
    expect(await h.discardMaskJournal({ scanId: scan.id })).toEqual({ discarded: true });
    expect(await h.getMaskJournal({ scanId: scan.id })).toEqual({ entry: null });
    expect(await h.discardMaskJournal({ scanId: scan.id })).toEqual({ discarded: false });
  });

  it('reports a damaged journal as a typed error naming the file, and can still discard it', async () => {
    const h = runtime.service.handlers;
    await h.writeMaskJournal({ scanId: scan.id, parentId: null, kind: 'lung', labels: [], tools: [], change: changeOf(new Map([[1, 1]])) });
    const file = journalPath(dataDir, scan.id);
    fs.truncateSync(file, fs.statSync(file).size - 3);
    await expect(h.getMaskJournal({ scanId: scan.id })).rejects.toMatchObject({ code: 'io.truncated', file });
    fs.writeFileSync(file, 'this file is not a LungDesk journal at all');
    await expect(h.getMaskJournal({ scanId: scan.id })).rejects.toMatchObject({ code: 'io.bad-header', file });
    expect(await h.discardMaskJournal({ scanId: scan.id })).toEqual({ discarded: true });
  });

  it('leaves the previous file intact when a write is killed before its rename (the temp file is never read)', async () => {
    const h = runtime.service.handlers;
    const [latest] = await h.listMaskVersions({ scanId: scan.id });
    const v = (await h.getMask({ maskId: latest!.id })).voxels;
    const file = fs.readdirSync(path.join(dataDir, 'masks', String(scan.id))).map((f) => path.join(dataDir, 'masks', String(scan.id), f)).find((f) => fs.statSync(f).size === latest!.bytesOnDisk && f.endsWith('.ldmask'))!;
    // A journal write killed mid-way: its temp file half written, never renamed.
    await h.writeMaskJournal({ scanId: scan.id, parentId: null, kind: 'lung', labels: [], tools: [], change: changeOf(new Map([[2, 1]])) });
    fs.writeFileSync(tempPathFor(journalPath(dataDir, scan.id)), Buffer.from('LDW1 half'));
    expect((await h.getMaskJournal({ scanId: scan.id })).entry?.change.runs).toEqual(Uint32Array.from([2, 1]));
    // A version's file being replaced by a killed write: the temp beside it, no rename.
    const other = v.slice();
    other[0] = 9;
    const { parts } = await encodeMaskFile(other, scan.dims);
    fs.writeFileSync(tempPathFor(file), Buffer.concat(parts).subarray(0, 40));
    expect(sha((await h.getMask({ maskId: latest!.id })).voxels)).toBe(latest!.sha256);
    await h.discardMaskJournal({ scanId: scan.id });
  });

  it('reports a truncated or altered version file as a typed error naming the file, never a crash', async () => {
    const h = runtime.service.handlers;
    const saved = await h.saveMaskVersion({ scanId: scan.id, parentId: lungId, kind: 'lung', note: '', tools: [], labels: [], change: changeOf(new Map([[11, 1]])) });
    const dir = path.join(dataDir, 'masks', String(scan.id));
    const file = fs.readdirSync(dir).map((f) => path.join(dir, f)).filter((f) => f.endsWith('.ldmask')).sort((x, y) => fs.statSync(y).mtimeMs - fs.statSync(x).mtimeMs)[0]!;
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, good.subarray(0, good.length - 10));
    await expect(h.getMask({ maskId: saved.id })).rejects.toMatchObject({ code: 'io.truncated', file });
    // A whole, valid file of other voxels in its place: the database's checksum catches it.
    const other = (await h.getMask({ maskId: lungId })).voxels;
    const { parts } = await encodeMaskFile(other, scan.dims);
    fs.writeFileSync(file, Buffer.concat(parts));
    await expect(h.getMask({ maskId: saved.id })).rejects.toMatchObject({ code: 'io.checksum-mismatch', file });
    await expect(h.saveMaskVersion({ scanId: scan.id, parentId: saved.id, kind: 'lung', note: '', tools: [], labels: [], change: changeOf(new Map([[12, 1]])) })).rejects.toMatchObject({ code: 'io.checksum-mismatch' });
    fs.writeFileSync(file, good);
  });

  it('segments nodules inside an edited lung mask (the newest lung version, an .ldmask) as inside a job-made one', async () => {
    const h = runtime.service.handlers;
    const edited = await h.saveMaskVersion({ scanId: scan.id, parentId: lungId, kind: 'lung', note: 'before nodules', tools: ['brush'], labels: [], change: changeOf(new Map([[13, 1]])) });
    const maskId = await runtime.service.runNoduleMask(scan.id).done;
    const [nodules] = await h.listMasks({ scanId: scan.id });
    expect(nodules).toMatchObject({ id: maskId, kind: 'nodules' });
    expect(nodules!.reason).toContain(`inside lung mask ${edited.id}`);
  });
});
