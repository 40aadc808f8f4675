import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { maskMemory, runMaskEdit, type MaskEditContext, type MaskEditRun } from './mask-edit-run';
import { atMost, mb, table, times, type Row } from './report';
import type { BenchScan } from './setup';
import { ROOT } from './setup';
import { median, percentile } from './stats';

/**
 * The mask-editing part of `npm run bench:viewer` (issue 12): runs mask-edit-run.ts on the
 * phantom, prints its table (each figure beside its same-run baseline, goal, met or not) and
 * writes the raw samples to test-results/bench-viewer-mask.json. Answers the failures.
 */

export const MASK_GOALS = { strokeP95Ms: 16, toolSwitchMs: 50, undoMs: 16, historyBytes: 20e6, saveMs: 300, interpolateMs: 500, memoryTimesVolume: 3.5 };
const OUT_FILE = path.join(ROOT, 'test-results', 'bench-viewer-mask.json');

const ms1 = (v: number): string | null => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : null);
const p95 = (v: readonly number[]): number => percentile(v, 95);
const kb = (b: number): string => `${(b / 1024).toFixed(0)} KiB`;

export function maskEditRows(r: MaskEditRun, volumeBytes: number): Row[] {
  const load = r.load1.length ? median(r.load1).toFixed(1) : '';
  const base = r.baselineMs.length ? median(r.baselineMs) : null;
  const baseP95 = r.baselineMs.length ? p95(r.baselineMs) : null;
  const rows: Row[] = [];
  if (base !== null && baseP95 !== null) {
    rows.push(
      { metric: `baseline: window / level drag step → pixels, no editing (median of ${r.baselineMs.length})`, value: ms1(base), ratio: '1×', goal: '', met: null, load },
      { metric: 'baseline: the same, p95', value: ms1(baseP95), ratio: '1×', goal: '', met: null, load },
    );
  }
  if (r.strokeMs.length) {
    const v = p95(r.strokeMs);
    const miss = r.strokeMisses ? `, ${r.strokeMisses} steps drew nothing` : '';
    rows.push(
      { metric: `brush stroke step → pixels, p95 (${r.strokeMs.length} steps${miss})`, value: ms1(v), ratio: times(v, baseP95), goal: `p95 ≤ ${MASK_GOALS.strokeP95Ms} ms`, met: atMost(v, MASK_GOALS.strokeP95Ms), load },
      { metric: 'brush stroke step → pixels, median', value: ms1(median(r.strokeMs)), ratio: times(median(r.strokeMs), base), goal: '', met: null, load },
    );
  }
  if (r.toolSwitchMs.length) {
    const v = p95(r.toolSwitchMs);
    rows.push({ metric: `switching tools (key → toolbar shown), p95 of ${r.toolSwitchMs.length}; median ${ms1(median(r.toolSwitchMs))}`, value: ms1(v), ratio: times(v, base), goal: `≤ ${MASK_GOALS.toolSwitchMs} ms`, met: atMost(v, MASK_GOALS.toolSwitchMs), load });
  }
  if (r.undo) {
    const u = median(r.undo.undoMs);
    rows.push(
      { metric: `undo of a ${r.undo.voxels}-voxel stroke → pixels (median of ${r.undo.undoMs.length}; worst ${ms1(Math.max(...r.undo.undoMs))})`, value: ms1(u), ratio: times(u, base), goal: `≤ ${MASK_GOALS.undoMs} ms`, met: atMost(u, MASK_GOALS.undoMs), load },
      { metric: `redo of it → pixels (median of ${r.undo.redoMs.length})`, value: ms1(median(r.undo.redoMs)), ratio: times(median(r.undo.redoMs), base), goal: '', met: null, load },
    );
  }
  if (r.history) {
    const h = r.history;
    const labelmap = volumeBytes / 2;
    rows.push(
      { metric: `undo history of ${h.strokes} strokes of ${h.voxelsPerStroke} voxels (the editor's count; × labelmap ${mb(labelmap)})`, value: mb(h.appBytes), ratio: times(h.appBytes, labelmap), goal: `≤ ${mb(MASK_GOALS.historyBytes)}`, met: atMost(h.appBytes, MASK_GOALS.historyBytes), load },
      { metric: `  the page's JS heap + array buffers after GC, same strokes`, value: mb(h.heapBytes), ratio: times(h.heapBytes, labelmap), goal: '', met: null, load },
    );
  }
  if (r.save && r.save.ms.length) {
    const s = r.save;
    const v = median(s.ms);
    const rt = median(s.roundTripMs);
    const sizes = s.bytesOnDisk.map((b, i) => `${kb(b)} for ${s.changedVoxels[i]} changed voxels`).join('; ');
    rows.push(
      { metric: `baseline: a no-op contract round trip (getAppInfo, median of ${s.roundTripMs.length})`, value: ms1(rt), ratio: '', goal: '', met: null, load },
      { metric: `save of a version (Enter → saved shown, median of ${s.ms.length}; worst ${ms1(Math.max(...s.ms))})`, value: ms1(v), ratio: rt > 0 ? `${(v / rt).toFixed(0)}× trip` : null, goal: `≤ ${MASK_GOALS.saveMs} ms`, met: atMost(v, MASK_GOALS.saveMs), load },
      { metric: `  size on disk: ${sizes}`, value: s.bytesOnDisk.length ? kb(median(s.bytesOnDisk)) : null, ratio: '', goal: '', met: null },
    );
  }
  if (r.interpolate && r.interpolate.ms.length) {
    const v = median(r.interpolate.ms);
    rows.push({ metric: `fill between slices over ${r.interpolate.slices} slices (key → pixels, ${median(r.interpolate.voxels)} voxels filled, median of ${r.interpolate.ms.length})`, value: ms1(v), ratio: times(v, base), goal: `≤ ${MASK_GOALS.interpolateMs} ms`, met: atMost(v, MASK_GOALS.interpolateMs), load });
  }
  if (r.memory) {
    const m = maskMemory(r.memory);
    const x = (b: number): string => `${(b / volumeBytes).toFixed(2)}× volume`;
    const labelmap = volumeBytes / 2;
    const full = Math.max(m.editorRenderer, m.scanRenderer + labelmap);
    rows.push(
      { metric: `memory: renderer PSS, scan alone − fresh page (baseline)`, value: `${mb(m.scanRenderer)} (${x(m.scanRenderer)})`, ratio: '', goal: '', met: null },
      { metric: `memory: renderer PSS, scan + editor's empty labelmap (${mb(labelmap)}, its unwritten pages not resident) − fresh page`, value: `${mb(m.editorRenderer)} (${x(m.editorRenderer)})`, ratio: '', goal: '', met: null },
      // The editor hands its own bytes to Cornerstone (no copy): a fully written labelmap adds at most its size.
      { metric: `memory: renderer, scan + a fully written labelmap (scan alone + ${mb(labelmap)}, upper bound)`, value: `${mb(full)} (${x(full)})`, ratio: '', goal: `≤ ${MASK_GOALS.memoryTimesVolume}× ${mb(volumeBytes)}`, met: atMost(full / volumeBytes, MASK_GOALS.memoryTimesVolume) },
      { metric: `memory: renderers + GPU process, scan + labelmap − fresh page`, value: `${mb(m.editorWithGpu)} (${x(m.editorWithGpu)})`, ratio: '', goal: '', met: null },
    );
  }
  return rows;
}

/** Runs, prints and records the mask-editing figures; answers the failures. */
export async function benchMaskEditing(scan: BenchScan, label: string, volumeBytes: number, ctx: MaskEditContext): Promise<string[]> {
  const r = await runMaskEdit(scan, ctx);
  const rows = maskEditRows(r, volumeBytes);
  ctx.log('');
  ctx.log(`mask editing on the ${label} (scan #${scan.id}, a new empty mask; ${mb(volumeBytes)} of int16):`);
  ctx.log(table(rows, '× baseline'));
  const short = rows.filter((x) => x.met === false).map((x) => x.metric.replace(/ \(.*$/, ''));
  ctx.log(short.length ? `  short of the goal: ${short.join('; ')}` : '  every mask-editing goal met');
  ctx.log('  → pixels: from the input event\'s own timestamp to the first animation frame after the axial pane rendered (Cornerstone IMAGE_RENDERED with the labelmap updated); each step is sent once the previous one is on screen. × baseline: over the window / level drag step (the viewer drawing the same panes with no edit), p95 over p95.');
  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, JSON.stringify({ at: new Date().toISOString(), goals: MASK_GOALS, scanId: scan.id, volumeBytes, run: r, table: rows }, null, 2));
  ctx.log(`  raw figures: ${path.relative(ROOT, OUT_FILE)}`);
  return r.failures;
}
