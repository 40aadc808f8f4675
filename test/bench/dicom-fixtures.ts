import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateChestPhantom } from '../../electron/core/phantom';
import { uidFromKey, writeDicomSeries } from '../../electron/core/io/write';

/**
 * Bench fixtures: phantom DICOM series written once with our writer and cached under
 * os.tmpdir(), keyed by FIXTURE_VERSION and the shape, so `npm run bench` only pays the
 * generation the first time. A `complete.json` marker is written last: a cache folder without
 * it (an interrupted run) is deleted and written again.
 */

/** Bump when the writer or the phantom change in a way that matters to the benches. */
export const FIXTURE_VERSION = 'v1';

export const benchCacheRoot = (): string => path.join(os.tmpdir(), `lungdesk-bench-${FIXTURE_VERSION}`);

export interface PhantomSeriesSpec {
  /** Name of the cache folder under the cache root. */
  name: string;
  dims: [number, number, number];
  spacing: [number, number, number];
  /** How many series of this shape to write (each its own folder and SeriesInstanceUID). */
  count?: number;
}

/**
 * Returns the folders (one per series) of signed 16-bit Explicit VR LE phantom series,
 * writing them when they are not cached yet. The padding outside the reconstruction circle is
 * stored as -2000 with PixelPaddingValue, as in real CT.
 */
export async function ensurePhantomSeries(spec: PhantomSeriesSpec): Promise<{ root: string; dirs: string[]; generatedMs: number }> {
  const count = spec.count ?? 1;
  const root = path.join(benchCacheRoot(), `${spec.name}-${spec.dims.join('x')}-n${count}`);
  const dirs = Array.from({ length: count }, (_, i) => path.join(root, `series-${String(i).padStart(3, '0')}`));
  const marker = path.join(root, 'complete.json');
  if (existsSync(marker)) {
    try {
      const m = JSON.parse(readFileSync(marker, 'utf8')) as { dirs?: number };
      if (m.dirs === count) return { root, dirs, generatedMs: 0 };
    } catch {
      // unreadable marker: write again
    }
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const t0 = performance.now();
  const phantom = generateChestPhantom({ dims: spec.dims, spacing: spec.spacing, seed: 1 });
  const studyUid = uidFromKey(`bench/${spec.name}/study`);
  for (let i = 0; i < count; i++) {
    await writeDicomSeries(phantom.volume, dirs[i]!, {
      patientId: `BENCH-${spec.name}`,
      studyInstanceUid: studyUid,
      seriesInstanceUid: uidFromKey(`bench/${spec.name}/${spec.dims.join('x')}/series-${i}`),
      seriesDescription: `bench ${spec.name} ${i}`,
      pixelRepresentation: 1,
      paddingMask: phantom.fovMask,
      transferSyntax: 'explicit-le',
      studyDate: '20240101',
      seriesNumber: i + 1,
    });
  }
  const generatedMs = performance.now() - t0;
  writeFileSync(marker, JSON.stringify({ version: FIXTURE_VERSION, dims: spec.dims, dirs: count, generatedMs }));
  return { root, dirs, generatedMs };
}
