import { directContext } from '../../electron/common/jobs';
import { discoverSeries, loadVolume } from '../../electron/core/io';
import { loadVolumeJob } from '../../electron/workers/jobs/load-volume';

/**
 * Child process of dicom-read.bench.ts (not a bench itself: its name does not end in
 * .bench.ts). One load per process, so each run starts with a cold JIT and a clean heap, as a
 * worker loading one scan does, and its peak RSS belongs to that one load.
 *
 *   idle              imports the readers and reports its peak RSS (the baseline)
 *   load <dir>        one discoverSeries(dir) + loadVolume(largest series), timed after the imports
 *   time <dir> <n>    one untimed load (JIT warm-up), then n timed loads in this process, with a
 *                     full GC between them (needs --expose-gc), as the seed is timed
 *   job <dir> <n>     the app's own worker job (loadVolumeJob.run: files → HU volume + range) on
 *                     the largest series' files as the index lists them, timed as `time` is;
 *                     bench:viewer's series-read baseline (discovery is not part of it: the
 *                     viewer's scan is indexed already)
 *
 * Prints one JSON line on stdout.
 */

const maxRssBytes = (): number => process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === 'idle') {
    console.log(JSON.stringify({ maxRss: maxRssBytes() }));
    return;
  }
  if (mode === 'time' && dir) {
    const runs = Number(process.argv[4] ?? 5);
    await loadOnce(dir);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      times.push((await loadOnce(dir)).ms);
    }
    console.log(JSON.stringify({ times }));
    return;
  }
  if (mode === 'job' && dir) {
    const runs = Number(process.argv[4] ?? 5);
    const found = await discoverSeries(dir);
    const series = [...found.series].sort((a, b) => b.sliceCount - a.sliceCount)[0]!;
    const job = async (): Promise<{ ms: number; dims: number[] }> => {
      const t0 = performance.now();
      const r = await loadVolumeJob.run({ format: series.format, files: series.files }, directContext());
      return { ms: performance.now() - t0, dims: r.dims };
    };
    await job();
    const times: number[] = [];
    let dims: number[] = [];
    for (let i = 0; i < runs; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      const r = await job();
      times.push(r.ms);
      dims = r.dims;
    }
    console.log(JSON.stringify({ times, dims }));
    return;
  }
  if (mode !== 'load' || !dir) throw new Error('usage: dicom-load-child.ts idle | load <dir> | time <dir> <n> | job <dir> <n>');
  console.log(JSON.stringify({ ...(await loadOnce(dir)), maxRss: maxRssBytes() }));
}

async function loadOnce(dir: string): Promise<{ ms: number; discoverMs: number; loadMs: number; dims: number[]; volumeBytes: number; sum: number }> {
  const t0 = performance.now();
  const found = await discoverSeries(dir);
  const t1 = performance.now();
  const series = [...found.series].sort((a, b) => b.sliceCount - a.sliceCount)[0]!;
  const { volume } = await loadVolume(series);
  const t2 = performance.now();
  // A checksum keeps the volume alive until after the timing and lets runs be compared.
  let sum = 0;
  for (let i = 0; i < volume.voxels.length; i += 997) sum += volume.voxels[i]!;
  return { ms: t2 - t0, discoverMs: t1 - t0, loadMs: t2 - t1, dims: [...volume.dims], volumeBytes: volume.voxels.byteLength, sum };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
