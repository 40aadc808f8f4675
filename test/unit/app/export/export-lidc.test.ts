import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportOptions } from '../../../../electron/common/contract/export';
import type { Lesion } from '../../../../electron/common';
import type { LungDeskService } from '../../../../electron/app/service';
import { decodeMaskRle } from '../../../../electron/core/review/mask-rle';
import { readNpy } from '../../../helpers/npy';
import { SHARED_DATA } from '../../../helpers/shared-data';
import { openTestService } from '../../../helpers/export/reviewed-index';
import { placeFile } from '../../../helpers/place-files';

const SERIES_REL = 'LIDC-IDRI-0001/1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178/1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
const have = fs.existsSync(path.join(SHARED_DATA, SERIES_REL, '069.xml'));

// The real LIDC case: LIDC-IDRI-0001's slices and its four readers' XML, indexed by the
// service, its consensus nodule accepted and the scan marked done, then planned and exported.
describe.skipIf(!have)('export of LIDC-IDRI-0001 with its reader XML', () => {
  let root: string;
  let service: LungDeskService;
  let nodule: Lesion;
  const options = () => ExportOptions.parse({ outDir: path.join(root, 'out'), formats: ['nifti'], workers: 1 });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-export-lidc-'));
    const dst = path.join(root, 'ds', 'LIDC-IDRI-0001', 'series');
    fs.mkdirSync(dst, { recursive: true });
    for (const f of fs.readdirSync(path.join(SHARED_DATA, SERIES_REL))) placeFile(path.join(SHARED_DATA, SERIES_REL, f), path.join(dst, f));
    service = openTestService(path.join(root, 'data'));
    const imp = service.importDataset(path.join(root, 'ds'));
    await imp.done;
    const scanId = service.listScans(imp.datasetId)[0]!.id;
    const h = service.handlers;
    const lesions = (await h.listLesions({ scanId })).lesions;
    nodule = lesions.find((l) => l.category === 'nodule' && l.consensus)!;
    for (const l of lesions.filter((x) => x.category === 'nodule')) {
      await h.decideLesion({ scanId, lesionKey: l.key, ...(l.key === nodule.key ? { decision: 'accepted' as const } : { decision: 'rejected' as const, reason: 'not-a-nodule' as const }) });
    }
    await h.setScanDone({ scanId, done: true, nothingMissed: true });
  }, 180_000);

  afterAll(() => {
    service?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('plans one case named after the patient with the accepted nodule, its four readers\' malignancy ratings for the strata', () => {
    const p = service.previewExport(options());
    expect(p.cases.map((c) => [c.caseId, c.lesions])).toEqual([['LIDC-IDRI-0001_s01', 1]]);
    expect(p.skipped).toEqual([]);
  });

  it("exports the nodule from the readers' consensus outline, and the manifest traces it to the reviewer and the readers' ratings", async () => {
    const s = await service.startExport(options()).done;
    expect(s).toMatchObject({ casesWritten: 1, failed: [] });
    const m = JSON.parse(fs.readFileSync(s.manifest, 'utf8'));
    const [c] = m.cases;
    expect(c).toMatchObject({ caseId: 'LIDC-IDRI-0001_s01', patientId: 'LIDC-IDRI-0001', reviewState: 'done', reviewer: os.userInfo().username, masks: [] });
    expect(c.seriesInstanceUid).toBe(path.basename(SERIES_REL));
    expect(c.lesions).toHaveLength(1);
    expect(c.lesions[0]).toMatchObject({ key: nodule.key, role: 'positive', decision: 'accepted', source: 'lidc-xml', labelSource: 'outline' });
    expect(c.lesions[0].malignancy).toHaveLength(4);
    const outline = decodeMaskRle(nodule.outline!);
    const inOutline = outline.mask.reduce((n, v) => n + v, 0);
    const label = readNpy(path.join(path.dirname(s.manifest), 'cases/LIDC-IDRI-0001_s01/label.npy')).data as Uint8Array;
    expect(label.reduce((n, v) => n + (v === 2 ? 1 : 0), 0)).toBe(inOutline);
    expect(readNpy(path.join(path.dirname(s.manifest), 'cases/LIDC-IDRI-0001_s01/image.npy')).shape).toEqual([133, 512, 512]);
  }, 120_000);
});
