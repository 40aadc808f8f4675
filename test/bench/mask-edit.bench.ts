import { brushFootprint, type VoxelPoint } from '../../renderer/features/mask-editor/model/brush';
import { EditBuffer } from '../../renderer/features/mask-editor/model/edit-buffer';
import { DEFAULT_FLOOD_MAX_VOXELS, floodFill } from '../../renderer/features/mask-editor/model/flood-fill';
import { scissorsEdit } from '../../renderer/features/mask-editor/model/scissors';
import { prng } from '../fuzz/prng';

/**
 * The mask editor's model on a 512×512×300 labelmap (0.7 × 0.7 × 1.25 mm) with a lung-like
 * label: a brush stroke of about 1,000 voxels (a 5 mm disc dragged 40 mm across an axial slice)
 * applied through the edit buffer (locks checked, region diff recorded, parent blocks kept) and
 * undone, median and p95 of 200, beside the same-run baseline of a plain loop writing those
 * voxels; the stroke's footprint (capsule sweep) on its own; the undo memory of 200 such strokes
 * against the labelmap's bytes; and the change against the parent after them (what the journal
 * sends every 2 s).
 */
const dims = [512, 512, 300] as const;
const spacing = [0.7, 0.7, 1.25] as const;
const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
for (let z = 20; z < 280; z++) {
  for (let y = 100; y < 420; y++) {
    const row = dims[0] * (y + dims[1] * z);
    labels.fill(1, row + 60, row + 230);
    labels.fill(1, row + 282, row + 452);
  }
}
const grid = { dims, spacing, labels };
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
const show = (name: string, a: number[]) => `${name}: median ${pct(a, 0.5).toFixed(3)} ms, p95 ${pct(a, 0.95).toFixed(3)} ms`;

const rand = prng(2024);
function stroke(): Uint32Array {
  const x = 40 + rand() * 380;
  const y = 80 + rand() * 330;
  const z = Math.round(10 + rand() * 280);
  const samples: VoxelPoint[] = [];
  for (let k = 0; k <= 10; k++) samples.push([x + k * 5.6, y + k * 1.2, z]);
  return brushFootprint(grid, samples, { radiusMm: 5, mode: 'circle', axis: 'axial' });
}

const RUNS = 200;
const strokes = Array.from({ length: RUNS }, stroke);
const voxels = strokes.reduce((s, a) => s + a.length, 0) / RUNS;
const buf = new EditBuffer(grid);
const opts = { locked: new Set([2]), tool: 'brush' };
const applyMs: number[] = [];
const undoMs: number[] = [];
const plainMs: number[] = [];
const footprintMs: number[] = [];
for (let w = 0; w < 20; w++) {
  buf.apply({ label: 3, add: strokes[w]!, remove: new Uint32Array(0) }, opts);
  buf.undo();
}
for (let r = 0; r < RUNS; r++) {
  const add = strokes[r]!;
  let t = performance.now();
  buf.apply({ label: 3, add, remove: new Uint32Array(0) }, opts);
  applyMs.push(performance.now() - t);
  t = performance.now();
  buf.undo();
  undoMs.push(performance.now() - t);
  // Baseline: the same voxels written by a plain loop, and written back.
  const saved = new Uint8Array(add.length);
  t = performance.now();
  for (let k = 0; k < add.length; k++) {
    saved[k] = labels[add[k]!]!;
    labels[add[k]!] = 3;
  }
  plainMs.push(performance.now() - t);
  for (let k = 0; k < add.length; k++) labels[add[k]!] = saved[k]!;
}
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  stroke();
  footprintMs.push(performance.now() - t);
}
console.log(`brush stroke of ${voxels.toFixed(0)} voxels on 512x512x300 (runs ${RUNS}):`);
console.log(`  ${show('apply (locks, diff, parent blocks)', applyMs)}`);
console.log(`  ${show('undo', undoMs)}`);
console.log(`  ${show('baseline: plain loop writing the voxels', plainMs)}`);
console.log(`  ${show('footprint (capsule sweep of 10 segments)', footprintMs)}`);

const mem = new EditBuffer(grid);
for (const add of strokes) {
  mem.beginStroke('brush');
  mem.apply({ label: 3, add, remove: new Uint32Array(0) }, opts);
  mem.endStroke();
}
const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
console.log(`undo memory after ${RUNS} strokes: ${mb(mem.bytesUsed())} MB (goal <= 20 MB) vs labelmap ${mb(labels.byteLength)} MB (one copy); ${mem.undoDepth} steps`);
const changeMs: number[] = [];
let runs = 0;
for (let r = 0; r < 20; r++) {
  const t = performance.now();
  runs = mem.changeAgainstParent().runs.length / 2;
  changeMs.push(performance.now() - t);
}
console.log(`  ${show(`change against parent (${mem.changedVoxels} voxels, ${runs} runs)`, changeMs)}`);

// Whole-volume tools on the same grid: what one click costs when it reaches every slice.
const big = new EditBuffer(grid);
const time = (fn: () => void): number => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
let cut: ReturnType<typeof scissorsEdit> | null = null;
const cutMs = time(() => {
  cut = scissorsEdit(grid, 1, { kind: 'rectangle', from: [150, 150], to: [249, 249] }, { axis: 'axial', slice: 150, reach: { kind: 'all' }, action: 'erase' });
});
const cutApplyMs = time(() => big.apply(cut!, { locked: new Set(), tool: 'scissors' }));
const cutUndoMs = time(() => big.undo());
const plainCutMs = time(() => {
  const r = cut!.remove;
  for (let k = 0; k < r.length; k++) labels[r[k]!] = 0;
  for (let k = 0; k < r.length; k++) labels[r[k]!] = 1;
});
console.log(
  `scissors erase, 100x100 rectangle through all 300 slices (${cut!.remove.length} voxels): edit ${cutMs.toFixed(1)} ms, apply ${cutApplyMs.toFixed(1)} ms, undo ${cutUndoMs.toFixed(1)} ms; baseline: plain loop writing and restoring them ${plainCutMs.toFixed(1)} ms`,
);
const hu = { dims, hu: new Int16Array(labels.length) };
for (let i = 0; i < labels.length; i++) hu.hu[i] = labels[i] ? -850 : 40;
let flood: ReturnType<typeof floodFill> | null = null;
const floodMs: number[] = [];
const readMs: number[] = [];
for (let r = 0; r < 3; r++) {
  floodMs.push(time(() => {
    flood = floodFill(hu, { seed: [150, 250, 150], mode: '3d', axis: 'axial', tolerance: 100 });
  }));
  // Baseline: reading the HU of each filled voxel's six neighbours in a plain loop.
  let sum = 0;
  readMs.push(time(() => {
    const f = flood!.indices;
    for (let k = 0; k < f.length; k++) {
      const i = f[k]!;
      sum += hu.hu[i - 1]! + hu.hu[i + 1]! + hu.hu[i - 512]! + hu.hu[i + 512]! + hu.hu[i - 262144]! + hu.hu[i + 262144]!;
    }
  }));
  if (sum === 1) console.log('');
}
console.log(
  `flood fill 3D into one lung, capped at the default ${DEFAULT_FLOOD_MAX_VOXELS} voxels: ${show('', floodMs).slice(2)} (${flood!.indices.length} voxels, truncated ${flood!.truncated}); baseline: reading their 6 neighbours' HU ${show('', readMs).slice(2)}`,
);
