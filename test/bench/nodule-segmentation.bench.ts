import path from 'node:path';
import type { Vec3 } from '../../electron/common/geometry';
import { generateNodulePhantom } from '../../electron/core/phantom';
import { searchBox } from '../../electron/core/pipelines/nodule-box';
import { segmentNodule } from '../../electron/core/pipelines/nodule-segmentation';
import { boxMaskOverlap, type BoxMask } from '../../electron/core/volume/box-mask';
import { worldToVoxel, type Volume } from '../../electron/core/volume/volume';
import { findLidcXmls, loadLidcCase } from '../helpers/lidc-lesions';
import { SHARED_DATA } from '../helpers/shared-data';
import { legacySegmentNodule } from './legacy-nodule-segmentation';
import { medianMs } from './util';

/**
 * Issue 11's goals for the semi-automatic nodule segmentation, with two baselines measured
 * in the same run: the segmentation it replaced (`legacy-nodule-segmentation.ts`) and the
 * bare cost of reading the nodule's search box out of the volume.
 *  - time per nodule, median of 11 after a warm-up (goal < 100 ms), on a 512×512 phantom with
 *    one nodule of each kind and on every LIDC consensus lesion in ../shared/data;
 *  - Dice against the LIDC consensus mask (voxels inside ≥ half of the readers' contours) for
 *    every lesion at least half of the readers marked, seeded at the consensus centroid with
 *    the consensus equivalent diameter as the hint (goal: median ≥ 0.75, none below 0.4).
 */

interface Row {
  name: string;
  hintMs: number;
  seedOnlyMs: number;
  legacyMs: number;
  boxReadMs: number;
  dice: number;
  diceSeedOnly: number;
  diceLegacy: number;
  voxels: number;
  truthVoxels: number;
  kind: string;
}

/** Copies the HU of the search box around `center` into a float array: what any box-based segmentation reads first. */
function readBox(volume: Volume, center: Vec3, radiusMm: number): Float32Array {
  const sb = searchBox(volume.dims, volume.spacing, worldToVoxel(volume, center), radiusMm);
  const [bx, by, bz] = sb.dims;
  const [nx, ny] = volume.dims;
  const out = new Float32Array(bx * by * bz);
  for (let z = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      const src = sb.box.x0 + nx * (sb.box.y0 + y + ny * (sb.box.z0 + z));
      for (let x = 0; x < bx; x++) out[x + bx * (y + by * z)] = volume.voxels[src + x]!;
    }
  }
  return out;
}

function measure(name: string, volume: Volume, center: Vec3, diameterMm: number, truth: BoxMask): Row {
  const withHint = segmentNodule(volume.voxels, volume, { center, diameterMm });
  const seedOnly = segmentNodule(volume.voxels, volume, { center });
  const legacy = legacySegmentNodule(volume.voxels, volume, { center, diameterMm });
  return {
    name,
    hintMs: medianMs(11, () => void segmentNodule(volume.voxels, volume, { center, diameterMm })).median,
    seedOnlyMs: medianMs(11, () => void segmentNodule(volume.voxels, volume, { center })).median,
    legacyMs: medianMs(11, () => void legacySegmentNodule(volume.voxels, volume, { center, diameterMm })).median,
    boxReadMs: medianMs(11, () => void readBox(volume, center, withHint.searchRadiusMm)).median,
    dice: boxMaskOverlap(withHint, truth).dice,
    diceSeedOnly: boxMaskOverlap(seedOnly, truth).dice,
    diceLegacy: boxMaskOverlap({ box: legacy.box, mask: legacy.mask }, truth).dice,
    voxels: withHint.voxels,
    truthVoxels: boxMaskOverlap(truth, truth).a,
    kind: withHint.kind,
  };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
};

function table(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  console.log('  nodule                      kind      ms (hint)  ms (seed)  legacy ms  box read ms   Dice  Dice (seed)  legacy Dice  voxels / truth');
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(26)}  ${r.kind.padEnd(8)}  ${r.hintMs.toFixed(1).padStart(9)}  ${r.seedOnlyMs.toFixed(1).padStart(9)}  ${r.legacyMs.toFixed(1).padStart(9)}  ${r.boxReadMs.toFixed(2).padStart(11)}  ` +
        `${r.dice.toFixed(3)}  ${r.diceSeedOnly.toFixed(3).padStart(11)}  ${r.diceLegacy.toFixed(3).padStart(11)}  ${r.voxels} / ${r.truthVoxels}`,
    );
  }
}

async function main(): Promise<void> {
  const spec = { dims: [512, 512, 120] as [number, number, number], spacing: [0.7, 0.7, 1.25] as [number, number, number], noiseHu: 20, seed: 11 };
  const phantom = generateNodulePhantom(spec);
  const phantomRows = phantom.cases.map((c) => measure(c.kind, phantom.volume, c.center, c.diameterMm, c.truth));
  table(`nodule phantom ${spec.dims.join('×')} at ${spec.spacing.join('×')} mm (truth: voxel centres inside the nodule)`, phantomRows);

  const lidcRows: Row[] = [];
  for (const xml of findLidcXmls()) {
    const c = await loadLidcCase(xml);
    for (const l of c.lesions) lidcRows.push(measure(`${l.name} (${l.readers}/${l.sessions} readers, ${l.diameterMm.toFixed(1)} mm)`.slice(0, 26), c.volume, l.center, l.diameterMm, l.truth));
    console.log(`(${path.relative(SHARED_DATA, xml)}: ${c.lesions.length} lesion(s) marked by at least half of ${c.lesions[0]?.sessions ?? '?'} readers)`);
  }
  if (lidcRows.length) table('LIDC consensus lesions (truth: inside ≥ half of the readers\' contours; seed = consensus centroid, hint = consensus equivalent diameter)', lidcRows);
  else console.log(`(no LIDC reader XML with its DICOM series under ${SHARED_DATA}: Dice table skipped)`);

  const all = [...phantomRows, ...lidcRows];
  const t = median(all.map((r) => r.hintMs));
  const ts = median(all.map((r) => r.seedOnlyMs));
  const legacy = median(all.map((r) => r.legacyMs));
  const box = median(all.map((r) => r.boxReadMs));
  console.log(
    `\nnodule segmentation per nodule (${all.length} nodules, 512×512 grids): median ${t.toFixed(1)} ms with the diameter hint, ${ts.toFixed(1)} ms from the seed alone ` +
      `(goal < 100 ms: ${Math.max(t, ts) < 100 ? 'MET' : 'MISSED'}) | baselines in this run: the segmentation it replaced ${legacy.toFixed(1)} ms (${(t / legacy).toFixed(2)}×), ` +
      `reading the search box ${box.toFixed(2)} ms (${(t / box).toFixed(0)}×)`,
  );
  if (lidcRows.length) {
    const d = lidcRows.map((r) => r.dice);
    const m = median(d);
    const min = Math.min(...d);
    console.log(
      `Dice against the LIDC consensus (${d.length} lesion(s)): median ${m.toFixed(3)} (goal ≥ 0.75: ${m >= 0.75 ? 'MET' : 'MISSED'}), min ${min.toFixed(3)} (goal ≥ 0.4: ${min >= 0.4 ? 'MET' : 'MISSED'}) | ` +
        `from the seed alone: median ${median(lidcRows.map((r) => r.diceSeedOnly)).toFixed(3)} | the segmentation it replaced: median ${median(lidcRows.map((r) => r.diceLegacy)).toFixed(3)}`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
