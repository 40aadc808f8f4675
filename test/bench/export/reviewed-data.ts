import fs from 'node:fs';
import path from 'node:path';
import { createRuntime } from '../../../electron/app/runtime';
import { SHARED_DATA } from '../../helpers/shared-data';
import { placeFile } from '../../helpers/place-files';

export const LIDC_SERIES =
  'LIDC-IDRI-0001/1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178/1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';

export interface ReviewedData {
  dataDir: string;
  db: string;
  /** Every exported scan: its id, what it is read from (for the seed), and its series UID. */
  scans: { id: number; label: string; format: string; path: string; seriesInstanceUid: string }[];
}

/**
 * A data folder as a reviewer leaves it, made through the real service: the demo dataset and
 * LIDC-IDRI-0001 (linked, with its reader XML and the LUNA16 CSV) indexed, each scan's lung
 * mask run, every nodule lesion accepted and the scan marked done.
 */
export async function makeReviewedData(root: string, log: (line: string) => void): Promise<ReviewedData> {
  const src = path.join(SHARED_DATA, LIDC_SERIES);
  const ds = path.join(root, 'ds', 'LIDC-IDRI-0001');
  fs.mkdirSync(ds, { recursive: true });
  for (const f of fs.readdirSync(src)) placeFile(path.join(src, f), path.join(ds, f));
  placeFile(path.join(SHARED_DATA, 'annotations.csv'), path.join(root, 'ds', 'annotations.csv'));
  const dataDir = path.join(root, 'data');
  const rt = createRuntime({ dataDir, host: 'browser', version: 'bench' });
  try {
    const h = rt.service.handlers;
    const demo = await rt.service.ensureDemoDataset();
    const lidc = rt.service.importDataset(path.join(root, 'ds'));
    await lidc.done;
    const scans: ReviewedData['scans'] = [];
    for (const datasetId of [demo, lidc.datasetId]) {
      for (const s of rt.service.listScans(datasetId)) {
        log(`reviewing ${s.patientId} (${s.dims.join('×')})`);
        await rt.service.runLungMask(s.id, { fill: true, dilateMm: 0, outsideAir: 'sides', threshold: -320 }).done;
        const lesions = await h.listLesions({ scanId: s.id });
        for (const l of lesions.lesions) if (l.category === 'nodule') await h.decideLesion({ scanId: s.id, lesionKey: l.key, decision: 'accepted' });
        await h.setScanDone({ scanId: s.id, done: true, nothingMissed: true });
        scans.push({ id: s.id, label: s.patientId, format: s.format, path: s.path, seriesInstanceUid: s.seriesInstanceUid });
      }
    }
    return { dataDir, db: path.join(dataDir, 'lungdesk.sqlite'), scans };
  } finally {
    rt.close();
  }
}
