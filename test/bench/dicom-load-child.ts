import { discoverSeries, loadVolume } from '../../electron/core/io';

/**
 * Child process of dicom-read.bench.ts (not a bench itself: its name does not end in
 * .bench.ts). One load per process, so each run starts with a cold JIT and a clean heap, as a
 * worker loading one scan does, and its peak RSS belongs to that one load.
 *
 *   idle              imports the readers and reports its peak RSS (the baseline)
 *   load <dir>        one discoverSeries(dir) + loadVolume(largest series), timed after the imports
 *   time <dir> <n>    one untimed load (JIT warm-up), then n timed loads in this process, with a
 *                     full GC between them (needs --expose-gc), as the seed is timed
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
  if (mode !== 'load' || !dir) throw new Error('usage: dicom-load-child.ts idle | load <dir> | time <dir> <n>');
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
