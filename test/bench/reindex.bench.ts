import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePhantomSeries } from './dicom-fixtures';

/**
 * Dataset indexing through the real service (worker process, SQLite): the first pass over
 * 3000 DICOM files (10 series × 300 slices, 64×64), then re-indexing the unchanged dataset,
 * which must take under a tenth of the first pass. Medians of 3 of each, page cache warm.
 */
// The compiled app (what users run; `npm ci` builds it): workers then start as plain Node.
const compiled = path.join(__dirname, '..', '..', 'dist', 'electron', 'app', 'runtime.js');
const { createRuntime } = (fs.existsSync(compiled) ? require(compiled) : require('../../electron/app/runtime')) as typeof import('../../electron/app/runtime');

async function main(): Promise<void> {
  console.log(`(running ${fs.existsSync(compiled) ? 'the compiled app in dist/' : 'from TypeScript source: run npm run build for representative figures'})`);
  const fx = await ensurePhantomSeries({ name: 'index-64x64x300x10', dims: [64, 64, 300], spacing: [5, 5, 1.25], count: 10 });
  const first: number[] = [];
  const again: number[] = [];
  let files = 0;
  for (let run = 0; run < 3; run++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-reindex-'));
    const rt = createRuntime({ dataDir, host: 'browser', version: 'bench' });
    try {
      let t0 = performance.now();
      await rt.service.importDataset(fx.root).done;
      first.push(performance.now() - t0);
      t0 = performance.now();
      await rt.service.importDataset(fx.root).done;
      again.push(performance.now() - t0);
      files = rt.service.listScans().reduce((a, s) => a + s.sliceCount, 0);
    } finally {
      rt.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const f = med(first);
  const r = med(again);
  console.log(`index ${files} DICOM files (service, worker, SQLite): first pass median ${f.toFixed(0)} ms = ${((files / f) * 1000).toFixed(0)} files/s`);
  console.log(`re-index unchanged: median ${r.toFixed(0)} ms = ${((r / f) * 100).toFixed(1)} % of the first pass (goal < 10 %) ${r < f / 10 ? 'MET' : 'MISSED'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
