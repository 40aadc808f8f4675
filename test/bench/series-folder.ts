import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The folder holding the most files at any depth under `dir`: the series folder of a case
 * laid out as TCIA does (the seed's pydicom loader reads one folder, not a tree).
 */
export function seriesFolder(dir: string): string {
  let best = dir;
  let bestCount = -1;
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).length;
    if (files > bestCount) {
      best = d;
      bestCount = files;
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(d, e.name));
  };
  walk(dir);
  return best;
}
