import { existsSync, readFileSync } from 'node:fs';
import { discoverSeries } from '../../electron/core/io';
import { ensurePhantomSeries } from './dicom-fixtures';
import { medianMsAsync } from './util';

/**
 * Header-only indexing rate: discoverSeries over a folder of many series (list files, parse
 * every header, group, sort, geometry), in files per second, page cache warm (one untimed
 * run first), median of 3, in this process.
 *
 * Two datasets of the same phantom: 10 series × 300 slices at 64×64 (3000 files of ~10 KB)
 * and 4 series × 300 slices at 512×512 (1200 files of ~0.5 MB). If the reader stops before
 * the pixel data, files/s is about the same for both. The bytes the process read during one
 * run (Linux /proc/self/io `rchar`, which counts page-cache hits too) show it directly: a few
 * KB per file, not the 0.5 MB of a 512×512 slice.
 */

const RUNS = 3;

function bytesReadSoFar(): number | undefined {
  if (!existsSync('/proc/self/io')) return undefined;
  const m = /^rchar:\s*(\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'));
  return m ? Number(m[1]) : undefined;
}

async function benchSet(label: string, spec: Parameters<typeof ensurePhantomSeries>[0]): Promise<void> {
  const fx = await ensurePhantomSeries(spec);
  if (fx.generatedMs) console.log(`(generated ${label} in ${(fx.generatedMs / 1000).toFixed(1)} s, cached in ${fx.root})`);
  let files = 0;
  let series = 0;
  let bytes: number | undefined;
  const r = await medianMsAsync(RUNS, async () => {
    const before = bytesReadSoFar();
    const found = await discoverSeries(fx.root);
    const after = bytesReadSoFar();
    if (before !== undefined && after !== undefined) bytes = after - before;
    series = found.series.length;
    files = found.series.reduce((n, s) => n + s.sliceCount, 0);
  });
  const [nx, ny, nz] = spec.dims;
  const fileBytes = nx * ny * 2;
  const perFile = bytes === undefined ? 'bytes read: n/a (no /proc/self/io)' : `read ${(bytes / files / 1024).toFixed(1)} KB per file (pixel data ${(fileBytes / 1024).toFixed(0)} KB)`;
  console.log(
    `index headers ${label} (${series} series x ${nz} slices of ${nx}x${ny} = ${files} files): ` +
      `${Math.round(files / (r.median / 1000))} files/s, median ${r.median.toFixed(0)} ms (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)}) | ${perFile}`,
  );
}

async function main(): Promise<void> {
  await benchSet('small', { name: 'index-small', dims: [64, 64, 300], spacing: [5, 5, 1], count: 10 });
  await benchSet('large', { name: 'index-large', dims: [512, 512, 300], spacing: [0.7, 0.7, 1], count: 4 });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
