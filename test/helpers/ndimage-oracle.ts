// Runs a scipy/skimage snippet on volumes made by a test: inputs go to .npy files in a fresh
// temporary folder, the snippet sees them as numpy arrays in (z, y, x) order under their
// names, assigns `out` (a dict of arrays), and the arrays come back flat, x fastest, the
// order the renderer's LabelGrid uses.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON } from '../phantom/python-oracle';
import { type NpyData, readNpy, writeNpy } from './npy';

/** Null when /usr/bin/python3 has numpy, scipy and skimage, else why not (for skip messages). */
export function ndimageMissing(): string | null {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import numpy, scipy.ndimage, skimage'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} lacks numpy/scipy/skimage: ${r.stderr.trim().split('\n').pop()}`;
}

export interface OracleVolume {
  data: NpyData;
  dims: readonly [number, number, number];
}

/** Runs `body` with the named volumes loaded; returns the arrays it put in `out`, flat. */
export function runNdimage(body: string, inputs: Record<string, OracleVolume>): Record<string, NpyData> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-oracle-'));
  try {
    const loads: string[] = [];
    for (const [name, v] of Object.entries(inputs)) {
      const file = path.join(dir, `${name}.npy`);
      writeNpy(file, { shape: [v.dims[2], v.dims[1], v.dims[0]], data: v.data });
      loads.push(`${name} = np.load(${JSON.stringify(file)})`);
    }
    const script = [
      'import json, numpy as np, scipy.ndimage as ndi',
      ...loads,
      'out = {}',
      body,
      `for k, a in out.items(): np.save(${JSON.stringify(dir)} + '/out_' + k + '.npy', np.ascontiguousarray(a))`,
      'print(json.dumps(list(out.keys())))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
    const names = JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
    const result: Record<string, NpyData> = {};
    for (const n of names) result[n] = readNpy(path.join(dir, `out_${n}.npy`)).data;
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
