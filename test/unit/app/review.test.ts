import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../electron/app/runtime';
import { operations } from '../../../electron/common/contract';
import { SHARED_DATA } from '../../helpers/shared-data';
import { placeFile } from '../../helpers/place-files';

const SERIES_REL = 'LIDC-IDRI-0001/1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178/1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
const have = fs.existsSync(path.join(SHARED_DATA, SERIES_REL, '069.xml'));

/** A dataset folder of symlinks to LIDC-IDRI-0001's slices and LUNA16's annotations.csv, the reader XML only when asked. */
function linkDataset(root: string, withXml: boolean): void {
  const src = path.join(SHARED_DATA, SERIES_REL);
  const dst = path.join(root, 'LIDC-IDRI-0001', 'series');
  fs.mkdirSync(dst, { recursive: true });
  for (const f of fs.readdirSync(src)) {
    if (f.endsWith('.xml') && !withXml) continue;
    if (!fs.existsSync(path.join(dst, f))) placeFile(path.join(src, f), path.join(dst, f));
  }
  if (!fs.existsSync(path.join(root, 'annotations.csv'))) placeFile(path.join(SHARED_DATA, 'annotations.csv'), path.join(root, 'annotations.csv'));
}

// Review through the real service: worker processes, SQLite, the real LIDC scan.
describe.skipIf(!have)('review decisions (LIDC-IDRI-0001)', () => {
  let tmp: string;
  let dataDir: string;
  let dsRoot: string;
  let runtime: ReturnType<typeof createRuntime>;
  let datasetId: number;
  let scanId: number;
  const h = () => runtime.service.handlers;
  const open = () => createRuntime({ dataDir, host: 'browser', version: '0.0.0-test' });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-review-'));
    dataDir = path.join(tmp, 'data');
    dsRoot = path.join(tmp, 'ds');
    linkDataset(dsRoot, false);
    runtime = open();
    const r = runtime.service.importDataset(dsRoot);
    datasetId = r.datasetId;
    await r.done;
    scanId = (await h().listScans({ datasetId })).find((s) => s.format === 'dicom')!.id;
  }, 180_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a decision is stored with an audit entry naming the reviewer (the OS user by default) and before → after', async () => {
    const reviewer = await h().getReviewer({});
    expect(reviewer).toEqual({ name: os.userInfo().username, isDefault: true });
    const [lesion] = (await h().listLesions({ scanId })).lesions;
    expect(lesion).toMatchObject({ category: 'nodule', sources: ['luna-csv'], state: 'undecided', readerTotal: null });
    const after = await h().decideLesion({ scanId, lesionKey: lesion!.key, decision: 'accepted', diameterMm: 22.5 });
    expect(after.lesions[0]).toMatchObject({ state: 'accepted', decision: { decision: 'accepted', diameterMm: 22.5, reviewer: reviewer.name } });
    const audit = runtime.service.auditLog(5).find((a) => a.action === 'review.decision')!;
    expect(audit.actor).toBe(reviewer.name);
    expect(audit.detail).toMatchObject({ scanId, lesionKey: lesion!.key, before: null, after: { decision: 'accepted', diameterMm: 22.5 } });
  });

  it('refuses a rejection without a reason and "other" without its text, at the contract and in the handler', async () => {
    const [lesion] = (await h().listLesions({ scanId })).lesions;
    const input = { scanId, lesionKey: lesion!.key, decision: 'rejected' as const };
    expect(operations.decideLesion.input.safeParse(input).success).toBe(false);
    expect(operations.decideLesion.input.safeParse({ ...input, reason: 'other' }).success).toBe(false);
    expect(operations.decideLesion.input.safeParse({ ...input, reason: 'other', reasonText: 'pleural plaque' }).success).toBe(true);
    await expect(h().decideLesion(input)).rejects.toMatchObject({ code: 'contract.bad-input' });
  });

  it('survives a re-index that adds the reader XML: the lesion gains four readers and a new key, and the decision follows it', async () => {
    const before = (await h().listLesions({ scanId })).lesions[0]!;
    linkDataset(dsRoot, true);
    const { jobId } = await h().reindexDataset({ datasetId });
    expect(jobId).toBeTruthy();
    // The lesions follow the stored rows at once, with their decisions re-attached on sight;
    // the lesion index (progress, the queue) follows when the sliced refresh has written it.
    let seen = false;
    for (let i = 0; i < 600; i++) {
      const l = (await h().listLesions({ scanId })).lesions[0]!;
      if (l.readerTotal === 4 && !seen) {
        seen = true;
        expect(l.decision).toMatchObject({ decision: 'accepted', diameterMm: 22.5 });
      }
      if (seen && (await h().getReviewProgress({ datasetId })).lesions > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const list = await h().listLesions({ scanId });
    const nodule = list.lesions.find((l) => l.category === 'nodule')!;
    expect(nodule.readerTotal).toBe(4);
    expect(nodule.members.map((m) => m.readerLabel)).toEqual(['Reader 1', 'Reader 2', 'Reader 3', 'Reader 4', 'LUNA16']);
    expect(nodule.key).not.toBe(before.key);
    expect(nodule.decision).toMatchObject({ decision: 'accepted', diameterMm: 22.5 });
    expect(runtime.service.auditLog(20).some((a) => a.action === 'review.rematched')).toBe(true);
  }, 120_000);

  it("refuses 'scan done' while a nodule lesion is undecided or without 'nothing missed', then marks it done and the progress counts it", async () => {
    const nodule = (await h().listLesions({ scanId })).lesions.find((l) => l.category === 'nodule')!;
    await h().clearDecision({ scanId, lesionKey: nodule.key });
    await expect(h().setScanDone({ scanId, done: true, nothingMissed: true })).rejects.toThrow(/1 undecided lesion/);
    await h().decideLesion({ scanId, lesionKey: nodule.key, decision: 'rejected', reason: 'vessel' });
    await expect(h().setScanDone({ scanId, done: true, nothingMissed: false })).rejects.toThrow(/nothing was missed/);
    const done = await h().setScanDone({ scanId, done: true, nothingMissed: true });
    expect(done.review).toMatchObject({ status: 'done', lesions: 1, rejected: 1, undecided: 0 });
    expect((await h().listScans({ datasetId })).find((s) => s.id === scanId)!.reviewStatus).toBe('done');
    expect(await h().getReviewProgress({ datasetId })).toMatchObject({ scansDone: 1, lesions: 1, rejected: 1, undecided: 0 });
    expect(await h().nextUndecided({ datasetId })).toBeNull();
  });

  it('undo walks back the last changes one by one, each audited: scan done, then the rejection', async () => {
    const u1 = await h().undoReview({});
    expect(u1).toMatchObject({ undone: true, scanId, lesionKey: null });
    expect((await h().listLesions({ scanId })).review.status).toBe('in-progress');
    const u2 = await h().undoReview({});
    expect(u2.description).toMatch(/rejected \(vessel\) → undecided/);
    const nodule = (await h().listLesions({ scanId })).lesions.find((l) => l.category === 'nodule')!;
    expect(nodule.state).toBe('undecided');
    expect(await h().nextUndecided({ datasetId })).toEqual({ scanId, lesionKey: nodule.key });
    expect(runtime.service.auditLog(10).filter((a) => a.action === 'review.undo')).toHaveLength(2);
  });

  it('keeps decisions and the reviewer name across a restart', async () => {
    await h().setReviewer({ name: 'Dr Example' });
    const nodule = (await h().listLesions({ scanId })).lesions.find((l) => l.category === 'nodule')!;
    await h().decideLesion({ scanId, lesionKey: nodule.key, decision: 'second-read', reasonText: 'part-solid?' });
    runtime.close();
    runtime = open();
    expect(await h().getReviewer({})).toEqual({ name: 'Dr Example', isDefault: false });
    const again = (await h().listLesions({ scanId })).lesions.find((l) => l.category === 'nodule')!;
    expect(again.decision).toMatchObject({ decision: 'second-read', reviewer: 'Dr Example', reasonText: 'part-solid?' });
  });
});
