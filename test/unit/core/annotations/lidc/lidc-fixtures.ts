import fs from 'node:fs';
import path from 'node:path';
import { LIDC_SERIES_DIR, LIDC_UID } from '../../io/dicom/data-paths';
import { SHARED_DATA } from '../../../../helpers/shared-data';

/** LIDC-IDRI-0001's reader XML, read in place beside its DICOM series. */
export const LIDC_XML = path.join(LIDC_SERIES_DIR, '069.xml');
export const LUNA_CSV = path.join(SHARED_DATA, 'annotations.csv');

export const lidcDicomFiles = (): string[] =>
  fs
    .readdirSync(LIDC_SERIES_DIR)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => path.join(LIDC_SERIES_DIR, f));

/** The LUNA16 annotations.csv rows of LIDC-IDRI-0001's series: world mm centre and diameter. */
export function lunaRows(): Array<{ x: number; y: number; z: number; d: number }> {
  return fs
    .readFileSync(LUNA_CSV, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.startsWith(`${LIDC_UID},`))
    .map((l) => {
      const [, x, y, z, d] = l.split(',').map(Number);
      return { x: x!, y: y!, z: z!, d: d! };
    });
}

/** A drawn LIDC message: `sessions` is the inner XML of each readingSession. */
export function lidcXml(sessions: string[], opts: { root?: string; header?: string } = {}): string {
  const root = opts.root ?? 'LidcReadMessage';
  const header =
    opts.header ??
    '<ResponseHeader><SeriesInstanceUid>1.2.3</SeriesInstanceUid><StudyInstanceUID>1.2</StudyInstanceUID></ResponseHeader>';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://www.nih.gov">${header}${sessions
    .map((s) => `<readingSession>${s}</readingSession>`)
    .join('')}</${root}>`;
}

export const roiXml = (z: number, sop: string, pts: Array<[number, number]>, inclusion = 'TRUE'): string =>
  `<roi><imageZposition>${z}</imageZposition><imageSOP_UID>${sop}</imageSOP_UID><inclusion>${inclusion}</inclusion>${pts
    .map(([x, y]) => `<edgeMap><xCoord>${x}</xCoord><yCoord>${y}</yCoord></edgeMap>`)
    .join('')}</roi>`;
