import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { placeFile } from './place-files';

/** LIDC-IDRI-0001's CT series in ../shared/data (its slices and the readers' XML). */
export const LIDC_0001_SERIES_UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
export const LIDC_0001_SERIES = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'LIDC-IDRI-0001',
  '1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178',
  LIDC_0001_SERIES_UID,
);

/**
 * A dataset of its own for a test that decides, edits or restarts: a temp root holding
 * `ds/LIDC-IDRI-0001` (the series and its reader XML placed by hard link or copy, since a walk
 * follows no symlink out of its dataset) and, with `annotations`, LUNA16's annotations.csv
 * beside it. Returns the root; the host's data folder goes beside `ds`.
 */
export function placeLidcDataset(prefix: string, opts: { annotations?: boolean } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dst = path.join(root, 'ds', 'LIDC-IDRI-0001');
  fs.mkdirSync(dst, { recursive: true });
  for (const f of fs.readdirSync(LIDC_0001_SERIES)) placeFile(path.join(LIDC_0001_SERIES, f), path.join(dst, f));
  if (opts.annotations) placeFile(path.resolve(LIDC_0001_SERIES, '..', '..', '..', 'annotations.csv'), path.join(root, 'ds', 'annotations.csv'));
  return root;
}
