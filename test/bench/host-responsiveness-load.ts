// The heavy requests of host-responsiveness.bench.ts, issued from their own process: receiving
// and parsing a 10 MB answer (25k lesions) or writing a 25k-row dataset blocks a client's event
// loop for hundreds of ms, and done in the bench's own process it would delay the bench's
// getAppInfo timer and be blamed on the host. Runs one phase for `ms` and prints
// `{"work":N}` on stdout.
import path from 'node:path';
import { makeCrowdedLunaDataset } from '../helpers/crowded-luna-dataset';

export interface LoadArgs {
  phase: 'listing' | 'indexing' | 'volumes';
  port: number;
  token: string;
  ms: number;
  crowdedId: number;
  crowdedScanId: number;
  volumeScanIds: number[];
  /** Where the indexing phase writes its datasets. */
  tmp: string;
  /** Datasets of 25k rows indexed before this phase started (the indexing phase waits for each new one). */
  crowdedBefore: number;
}

const a = JSON.parse(process.argv[2] ?? '{}') as LoadArgs;
const base = `http://127.0.0.1:${a.port}/api/`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(op: string, input: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(base + op, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lungdesk-token': a.token }, body: JSON.stringify(input) });
  const buf = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: res.status, body: json ? (JSON.parse(buf.toString('utf8')) as unknown) : null };
}

let round = 0;
let k = 0;
const phases: Record<LoadArgs['phase'], () => Promise<void>> = {
  async listing() {
    await call('listScans', { datasetId: a.crowdedId });
    await call('listLesions', { scanId: a.crowdedScanId });
    await call('getReviewProgress', { datasetId: a.crowdedId });
    await call('listAnnotations', { scanId: a.crowdedScanId });
  },
  async indexing() {
    const dir = path.join(a.tmp, `index-${round++}`);
    await makeCrowdedLunaDataset(dir, 25_000, round);
    const r = (await call('importDataset', { path: dir })).body as { value: { jobId: string } };
    for (;;) {
      const jobs = (await call('listJobs', {})).body as { value: { id: string; status: string }[] };
      const j = jobs.value.find((x) => x.id === r.value.jobId);
      if (j && j.status !== 'running' && j.status !== 'queued') break;
      await sleep(50);
    }
    // The job ends before its rows are stored: wait for the scan list to show them.
    const want = a.crowdedBefore + round;
    while (((await call('listScans', {})).body as { value: { noduleCount: number }[] }).value.filter((s) => s.noduleCount === 25_000).length < want) await sleep(50);
  },
  async volumes() {
    // 8 at a time over the scans (the cache keeps 2): loads, whole volumes and slabs.
    const asks = Array.from({ length: 8 }, (_, i) => {
      const id = a.volumeScanIds[(k + i) % a.volumeScanIds.length]!;
      return i % 2 ? call('getVolume', { scanId: id }) : call('getVolumeSlices', { scanId: id, start: i, count: 32 });
    });
    k++;
    for (const r of await Promise.all(asks)) if (r.status !== 200) throw new Error(`volume request answered ${r.status}`);
  },
};

void (async () => {
  const end = performance.now() + a.ms;
  let work = 0;
  while (performance.now() < end) {
    await phases[a.phase]();
    work++;
  }
  process.stdout.write(JSON.stringify({ work }));
})().catch((e: unknown) => {
  process.stderr.write(`host-responsiveness-load: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
