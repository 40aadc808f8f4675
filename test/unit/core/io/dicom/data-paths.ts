import fs from 'node:fs';
import path from 'node:path';

import { SHARED_DATA } from '../../../../helpers/shared-data';

/** Real scans in ../shared/data beside the repository, read in place (see its SOURCES.md). */
export const DATA = SHARED_DATA;
export const LIDC_DIR = path.join(DATA, 'LIDC-IDRI-0001');
export const LIDC_UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
export const LIDC_SERIES_DIR = path.join(LIDC_DIR, '1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178', LIDC_UID);
export const LIDC_FILE = path.join(LIDC_SERIES_DIR, '000001.dcm');
export const A0001_DIR = path.join(DATA, 'Lung-PET-CT-Dx/Lung_Dx-A0001/04-04-2007-NA-Chest-07990/2.000000-5mm-40805');
export const A0002_DIR = path.join(DATA, 'Lung-PET-CT-Dx/Lung_Dx-A0002/04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834/3.000000-ThoraxRoutine  8.0.0  B40f-10983');
export const LUNA_MHD = path.join(DATA, 'luna16-style', `${LIDC_UID}.mhd`);
export const SEG_DIR = path.join(DATA, 'luna16-style/seg-lungs-LUNA16');
export const TOTALSEG_DIR = path.join(DATA, 'compressed-ct/totalsegmentator-example_ct_dicom');
export const WG04_DIR = path.join(DATA, 'compressed-ct/wg04-CT1');

export const hasData = (p: string): boolean => fs.existsSync(p);
