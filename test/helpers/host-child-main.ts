// A browser host in its own process for tests and benches that measure it from outside
// (its RSS, its event loop): `node --import tsx host-child-main.ts DATA_DIR [DATASET_DIR...]`.
// Indexes the datasets, starts the host on a free port, prints one line
// `LUNGDESK_HOST {"port":…,"token":…,"scans":[…]}` and serves until SIGTERM.
// With LUNGDESK_LOOP_MONITOR=1 it measures its own event-loop delay: each SIGUSR2 prints
// `LUNGDESK_LOOP {"maxMs":…,"p99Ms":…}` for the time since the previous one and starts anew.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRuntime } from '../../electron/app/runtime';
import { startBrowserHost } from '../../electron/server/browser-host';

async function main(): Promise<void> {
  const [dataDir, ...datasets] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: host-child-main.ts DATA_DIR [DATASET_DIR...]');
  const rt = createRuntime({ dataDir, host: 'browser', version: 'test' });
  const ids: number[] = [];
  for (const d of datasets) {
    const r = rt.service.importDataset(path.resolve(d));
    await r.done;
    ids.push(r.datasetId);
  }
  const scans = rt.service.listScans().map((s) => ({ id: s.id, format: s.format, dims: s.dims, noduleCount: s.noduleCount, path: s.path }));
  const host = await startBrowserHost({ handlers: rt.service.handlers, subscribe: (l) => rt.service.subscribe(l), staticDir: dataDir });
  if (process.env.LUNGDESK_LOOP_MONITOR === '1') {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    process.on('SIGUSR2', () => {
      process.stdout.write(`LUNGDESK_LOOP ${JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 })}\n`);
      h.reset();
    });
  }
  process.stdout.write(`LUNGDESK_HOST ${JSON.stringify({ port: host.port, token: host.token, datasets: ids, scans })}\n`);
  const stop = (): void => {
    void host.close().then(() => {
      rt.close();
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`host-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
