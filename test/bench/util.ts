/** Runs `fn` `runs` times (after one warm-up) and returns the median wall time in ms. */
export function medianMs(runs: number, fn: () => void): { median: number; min: number; max: number } {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]! };
}

export async function medianMsAsync(runs: number, fn: () => Promise<void>): Promise<{ median: number; min: number; max: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]! };
}

export function fmt(r: { median: number; min: number; max: number }): string {
  return `median ${r.median.toFixed(1)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`;
}
