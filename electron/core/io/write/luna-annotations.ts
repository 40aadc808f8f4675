import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LungDeskError } from '../../../common/errors';
import { writeFileAtomic } from './atomic-write';

/** One row of LUNA16's annotations.csv: world mm (LPS, as the .mhd Offset) and a diameter. */
export interface LunaAnnotationRow {
  seriesuid: string;
  coordX: number;
  coordY: number;
  coordZ: number;
  diameter_mm: number;
}

export const LUNA_ANNOTATIONS_HEADER = 'seriesuid,coordX,coordY,coordZ,diameter_mm';

/** The CSV text: LUNA16's header, one row per nodule, numbers in shortest round-trip form. */
export function formatLunaAnnotationsCsv(rows: LunaAnnotationRow[]): string {
  const lines = [LUNA_ANNOTATIONS_HEADER];
  for (const r of rows) {
    if (!/^[^,"\r\n]+$/.test(r.seriesuid)) {
      throw new LungDeskError('contract.bad-input', `seriesuid "${r.seriesuid}" cannot be written in annotations.csv (empty, comma, quote or newline)`);
    }
    const nums = [r.coordX, r.coordY, r.coordZ, r.diameter_mm];
    if (!nums.every(Number.isFinite)) {
      throw new LungDeskError('contract.bad-input', `annotation of ${r.seriesuid} has a non-finite number: ${nums.join(', ')}`);
    }
    lines.push([r.seriesuid, ...nums.map(String)].join(','));
  }
  return lines.join('\n') + '\n';
}

export async function writeLunaAnnotationsCsv(rows: LunaAnnotationRow[], file: string): Promise<void> {
  const text = formatLunaAnnotationsCsv(rows);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}
