// The lesion consensus mask (voxels inside at least half of the scan's readers' contours)
// against an independent skimage.draw rasterisation of LIDC-IDRI-0001's reader XML.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../electron/common/geometry';
import { dicomSliceLocator, readLidcReaderMarks } from '../../electron/core/annotations/lidc';
import { maskStats } from '../../electron/core/annotations/lidc/sparse-mask';
import { groupLesions, readerLesionMarks, summarizeLesion } from '../../electron/core/review';
import { LIDC_SERIES_DIR, hasData } from '../unit/core/io/dicom/data-paths';
import { LIDC_XML, lidcDicomFiles } from '../unit/core/annotations/lidc/lidc-fixtures';

const PY = '/usr/bin/python3';
const pythonReady = () => spawnSync(PY, ['-c', 'import numpy, skimage, pydicom'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasData(LIDC_XML))('lesion consensus on LIDC-IDRI-0001 (skimage oracle)', () => {
  it('holds exactly the voxels inside at least 2 of the 4 readers’ contours, with the same centroid', async (ctx) => {
    if (!pythonReady()) {
      if (process.env.CI === 'true') throw new Error(`${PY} with numpy, skimage and pydicom is needed (apt-get install python3-skimage python3-pydicom)`);
      ctx.skip(`${PY} with numpy, skimage and pydicom is not available`);
    }
    const r = spawnSync(PY, [path.join(__dirname, 'lidc-consensus-oracle.py'), LIDC_XML, LIDC_SERIES_DIR, '--sessions'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const oracle = JSON.parse(r.stdout) as { sessions: number; readers: number[]; voxels: number; center: Vec3 };

    const loc = await dicomSliceLocator(lidcDicomFiles());
    const lidc = await readLidcReaderMarks(LIDC_XML, loc);
    expect(lidc.sessionCount).toBe(oracle.sessions);
    const marks = readerLesionMarks(lidc);
    const g = loc.geometry;
    const nodules = groupLesions(marks, g).filter((x) => x.category === 'nodule');
    expect(nodules).toHaveLength(1);
    const s = summarizeLesion(nodules[0]!, marks, g, lidc.sessionCount);
    const stats = maskStats(s.consensusMask!, g);
    expect(nodules[0]!.members.map((i) => maskStats(marks[i]!.mask!, g).voxelCount).sort((a, b) => a - b)).toEqual([...oracle.readers].sort((a, b) => a - b));
    expect(stats.voxelCount).toBe(oracle.voxels);
    expect(Math.hypot(...stats.centroidWorld.map((v, i) => v - oracle.center[i]!))).toBeLessThan(1e-6);
  });
});
