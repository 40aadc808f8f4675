import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScan } from '../../electron/cli/commands/load-scan';
import { npyHeader, writeChunksAtomic, writeNpy } from '../../electron/core/io/write/npy-writer';
import { makeSurface, type MeshSource } from '../../electron/core/mesh';
import { generateChestPhantom } from '../../electron/core/phantom';
import { segmentLungMask3d } from '../../electron/core/pipelines/lung-mask-3d';
import type { Volume } from '../../electron/core/volume/volume';
import { PYTHON } from '../phantom/python-oracle';
import { SHARED_DATA } from '../helpers/shared-data';
import { medianMs } from './util';

/**
 * Time to a 3D surface, ours against the seed's plot_3d marching cubes, on LIDC-IDRI-0001 and
 * on the 512×512×120 demo phantom:
 * - ours: core/mesh's makeSurface (native marching cubes on the cropped, padded field, weld,
 *   decimation to the 200k-triangle default, Taubin smoothing, world LPS, normals), median of 3;
 * - the baseline: skimage.measure.marching_cubes (0.19.3, what plot_3d calls before matplotlib
 *   draws anything) on the same volume at the same level, in /usr/bin/python3, median of 3,
 *   the array already in memory. plot_3d's own drawing (minutes) is not counted, so the ratio
 *   understates the gain to a first picture. Goal ≥ 20×.
 * Lung = the filled lung mask (level 0.5; plot_3d draws the mask at 0), bone = HU at 400.
 */
const LIDC = 'LIDC-IDRI-0001';
const BUDGET = 200_000;

// plot_3d as the tutorial writes it (transpose, marching_cubes, Poly3DCollection), drawn
// once with matplotlib's Agg backend into a PNG: the seed's time to a first picture.
const PY = String.raw`
import json, os, sys, time
import numpy as np
from skimage import measure
out = {}
cases, png, draw = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3] == '1'
if draw:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection
for name, file, level in cases:
    p = np.load(file)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        verts, faces, _n, _v = measure.marching_cubes(p, level)
        times.append(time.perf_counter() - t0)
    r = {'seconds': sorted(times)[1], 'triangles': int(len(faces)), 'picture': None}
    if draw:
        t0 = time.perf_counter()
        q = p.transpose(2, 1, 0)
        verts, faces, _n, _v = measure.marching_cubes(q, level)
        fig = plt.figure(figsize=(10, 10))
        ax = fig.add_subplot(111, projection='3d')
        mesh = Poly3DCollection(verts[faces], alpha=0.70)
        mesh.set_facecolor([0.45, 0.45, 0.75])
        ax.add_collection3d(mesh)
        ax.set_xlim(0, q.shape[0]); ax.set_ylim(0, q.shape[1]); ax.set_zlim(0, q.shape[2])
        fig.savefig(png)
        plt.close(fig)
        r['picture'] = time.perf_counter() - t0
    out[name] = r
print(json.dumps(out))
`;
/** LUNGDESK_BENCH_NO_PLOT=1 skips the matplotlib drawing (minutes on a full scan). */
const DRAW = process.env.LUNGDESK_BENCH_NO_PLOT === '1' ? '0' : '1';

async function one(label: string, volume: Volume, tmp: string): Promise<void> {
  const mask = segmentLungMask3d(volume.voxels, volume.dims, { fill: true });
  const huNpy = path.join(tmp, `${label}-hu.npy`);
  const maskNpy = path.join(tmp, `${label}-lung.npy`);
  await writeNpy(volume, huNpy);
  await writeChunksAtomic(maskNpy, [npyHeader([volume.dims[2], volume.dims[1], volume.dims[0]], '|u1'), mask]);
  const cases: { name: string; src: MeshSource; file: string; level: number }[] = [
    { name: 'lung', src: { kind: 'labels', mask, values: [1] }, file: maskNpy, level: 0.5 },
    { name: 'bone', src: { kind: 'threshold', hu: volume.voxels, thresholdHu: 400 }, file: huNpy, level: 400 },
  ];
  const py = spawnSync(PYTHON, ['-c', PY, JSON.stringify(cases.map((c) => [c.name, c.file, c.level])), path.join(tmp, 'plot.png'), DRAW], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const seed = py.status === 0 ? (JSON.parse(py.stdout) as Record<string, { seconds: number; triangles: number; picture: number | null }>) : undefined;
  if (!seed) console.log(`  (seed baseline unavailable: ${py.stderr.trim().split('\n').pop()})`);
  for (const c of cases) {
    let stats = { trianglesFull: 0, triangles: 0, factor: [1, 1, 1] };
    const t = medianMs(3, () => {
      stats = makeSurface(c.src, volume, { triangleBudget: BUDGET }).stats;
    });
    const base = seed?.[c.name];
    const ours = t.median / 1000;
    const picture = base?.picture ? `seed plot_3d to a first picture ${base.picture.toFixed(1)} s → ${(base.picture / ours).toFixed(0)}× faster (goal ≥ 20×); ` : '';
    console.log(
      `${label} ${c.name}: ours ${ours.toFixed(3)} s (${stats.trianglesFull} triangles → ${stats.triangles} after decimation, grid ×${stats.factor.join('/')}); ` +
        picture +
        `marching_cubes alone ${base ? `${base.seconds.toFixed(3)} s (${base.triangles} triangles, ${(base.seconds / ours).toFixed(2)}×)` : '—'}`,
    );
  }
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mesh-bench-'));
  try {
    const lidc = path.join(SHARED_DATA, LIDC);
    if (fs.existsSync(lidc)) {
      const { volume } = await loadScan(lidc, undefined);
      console.log(`${LIDC}: ${volume.dims.join('×')} at ${volume.spacing.map((s) => s.toFixed(2)).join('×')} mm`);
      await one(LIDC, volume, tmp);
    } else console.log(`skipped ${LIDC}: ${lidc} is not there`);
    const { volume } = generateChestPhantom({ dims: [512, 512, 120], spacing: [0.7, 0.7, 2.5], seed: 101, noiseHu: 15 });
    console.log('phantom: 512×512×120 at 0.70×0.70×2.50 mm');
    await one('phantom', volume, tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
