import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MaskStore, type MaskGrid } from '../../electron/app/mask-store/mask-store';
import type { MaskRuns } from '../../electron/common';
import { insertDataset, openDatabase, upsertScan } from '../../electron/db';

/**
 * Saving a mask version (issue 12 goal: ≤ 300 ms) on a 512×512×300 grid (0.7 × 0.7 × 1 mm)
 * whose parent is a lung mask (two half-ellipsoids, ~20 M voxels): the typical stroke, a
 * 10 mm brush dragged 60 mm across one axial slice and painted as label 2 (~1,300 voxels),
 * saved through the mask store (change applied to the parent's grid, per-label counts, sha256
 * alongside deflate, temp file + fsync + rename, row + audit in SQLite).
 * - warm: the parent is the version just opened or saved (what an editing session does; each
 *   save is the parent of the next);
 * - cold: a fresh store, the parent read back from disk (inflate + sha256 check) first;
 * - baseline in the same run: the raw uncompressed voxels written to a file with fsync.
 * Also the size on disk of a version beside the raw bytes.
 */
const DIMS: [number, number, number] = [512, 512, 300];
const SPACING: [number, number, number] = [0.7, 0.7, 1];
const RUNS = 9;

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const range = (a: number[]) => `median ${median(a).toFixed(1)} ms (min ${Math.min(...a).toFixed(1)}, max ${Math.max(...a).toFixed(1)})`;

function lungChange(): MaskRuns {
  const [nx, ny, nz] = DIMS;
  const runs: number[] = [];
  for (let z = 20; z < nz - 20; z++) {
    const t = (z - 20) / (nz - 40);
    const s = Math.sqrt(Math.max(0, 1 - (2 * t - 1) ** 2));
    for (let y = 0; y < ny; y++) {
      for (const cx of [160, 352]) {
        const dy = (y - 256) / (180 * s + 1e-9);
        if (Math.abs(dy) >= 1) continue;
        const half = Math.floor(85 * s * Math.sqrt(1 - dy * dy));
        if (half > 0) runs.push(cx - half + nx * (y + ny * z), 2 * half);
      }
    }
  }
  const total = runs.reduce((n, v, i) => (i % 2 ? n + v : n), 0);
  return { runs: Uint32Array.from(runs), values: new Uint8Array(total).fill(1) };
}

/** A 10 mm brush (radius 7 voxels) dragged 60 mm (86 voxels) along x on axial slice z. */
function strokeChange(z: number): MaskRuns {
  const [nx, ny] = DIMS;
  const runs: number[] = [];
  const r = 7;
  for (let y = 200 - r; y <= 200 + r; y++) {
    const w = Math.floor(Math.sqrt(r * r - (y - 200) ** 2));
    runs.push(100 - w + nx * (y + ny * z), 86 + 2 * w + 1);
  }
  const total = runs.reduce((n, v, i) => (i % 2 ? n + v : n), 0);
  return { runs: Uint32Array.from(runs), values: new Uint8Array(total).fill(2) };
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mask-save-bench-'));
  const db = openDatabase(path.join(tmp, 'lungdesk.sqlite'));
  try {
    const datasetId = insertDataset(db, { name: 'bench', rootPath: tmp, kind: 'folder' });
    const scanId = upsertScan(db, datasetId, {
      seriesInstanceUid: '1.2.3', studyInstanceUid: '1.2', patientId: 'bench', modality: 'CT', description: '', format: 'metaimage', path: path.join(tmp, 'x.mhd'),
      dims: DIMS, spacing: SPACING, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], sliceCount: DIMS[2], warnings: [], files: [],
    });
    const grid: MaskGrid = { dims: DIMS, spacing: SPACING };
    const storeOf = () => new MaskStore({ db, dataDir: tmp, gridOf: () => grid });
    const labels = [{ value: 1, name: 'lung', kind: 'lung' as const }, { value: 2, name: 'nodule 1', kind: 'nodule' as const }];
    let store = storeOf();
    const lung = await store.save({ scanId, parentId: null, kind: 'lung', note: 'lung', tools: [], labels, change: lungChange() }, 'bench');
    const rawBytes = DIMS[0] * DIMS[1] * DIMS[2];
    const stroke = strokeChange(150);
    console.log(`grid ${DIMS.join('×')} (${(rawBytes / 1e6).toFixed(1)} MB raw), parent: ${lung.stats[0]!.voxels} lung voxels; stroke: ${stroke.values.length} voxels in ${stroke.runs.length / 2} runs`);

    // Baseline: the raw voxels to disk, fsync'd (what any uncompressed save costs at least).
    const raw = new Uint8Array(rawBytes);
    const base: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const file = path.join(tmp, `raw-${randomBytes(3).toString('hex')}.bin`);
      const t0 = performance.now();
      const fh = await fsp.open(file, 'w');
      await fh.write(raw);
      await fh.sync();
      await fh.close();
      if (i > 0) base.push(performance.now() - t0);
      await fsp.rm(file);
    }

    const warm: number[] = [];
    let parentId = lung.id;
    let last = lung;
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      last = await store.save({ scanId, parentId, kind: 'lung', note: `stroke ${i}`, tools: ['brush'], labels, change: strokeChange(100 + i) }, 'bench');
      if (i > 0) warm.push(performance.now() - t0);
      parentId = last.id;
    }

    const cold: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      store = storeOf();
      const t0 = performance.now();
      const v = await store.save({ scanId, parentId: lung.id, kind: 'lung', note: `cold ${i}`, tools: ['brush'], labels, change: strokeChange(200 + i) }, 'bench');
      if (i > 0) cold.push(performance.now() - t0);
      parentId = v.id;
    }

    const goal = 300;
    console.log(`baseline: raw ${(rawBytes / 1e6).toFixed(1)} MB write + fsync  ${range(base)}`);
    console.log(`save, parent open (warm)                 ${range(warm)}  = ${(median(warm) / median(base)).toFixed(2)}× the raw write; goal ≤ ${goal} ms: ${median(warm) <= goal ? 'met' : 'NOT met'}`);
    console.log(`save, parent read from disk (cold)       ${range(cold)}  = ${(median(cold) / median(base)).toFixed(2)}× the raw write; goal ≤ ${goal} ms: ${median(cold) <= goal ? 'met' : 'NOT met'}`);
    console.log(`size on disk: ${(last.bytesOnDisk! / 1e6).toFixed(2)} MB for ${(rawBytes / 1e6).toFixed(1)} MB raw (${((100 * last.bytesOnDisk!) / rawBytes).toFixed(2)} %, ${(rawBytes / last.bytesOnDisk!).toFixed(0)}× smaller)`);
  } finally {
    db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
