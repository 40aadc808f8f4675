import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverSeries, loadVolume } from '../../electron/core/io';
import { lungMaskOnGrid } from '../../electron/core/pipelines/lung-mask-3d';
import { bytesOf, preprocessVolume } from '../../electron/core/pipelines/preprocess';

/**
 * Peak memory of the segmentation jobs, each in a fresh process as a worker runs it: peak
 * RSS minus the RSS of the same process that only loaded the scan's headers, as a multiple
 * of the input HU volume's bytes (goal ≤ 3×: the input itself counts).
 */
const scan = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'LIDC-IDRI-0001');

async function child(mode: string): Promise<void> {
  const found = await discoverSeries(scan);
  const desc = found.series.find((s) => s.format === 'dicom')!;
  const base = process.resourceUsage().maxRSS;
  if (mode === 'idle') {
    console.log(JSON.stringify({ base }));
    return;
  }
  const { volume } = await loadVolume(desc);
  const bytes = volume.voxels.byteLength;
  if (mode === 'lungMask') lungMaskOnGrid(volume, { fill: true, dilateMm: 5, outsideAir: 'sides' });
  else {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mem-'));
    await preprocessVolume(volume, { interp: 'cubic' }, async (name, a) => {
      // Written as the job's sink does: every chunk produced, then dropped.
      const fd = fs.openSync(path.join(out, name.replace('/', '_')), 'w');
      for (const c of bytesOf(a)) fs.writeSync(fd, c);
      fs.closeSync(fd);
    });
    fs.rmSync(out, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ base, peak: process.resourceUsage().maxRSS, bytes }));
}

function main(): void {
  if (!fs.existsSync(scan)) {
    console.log('(no LIDC-IDRI-0001: job memory bench skipped)');
    return;
  }
  for (const mode of ['lungMask', 'preprocess']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'child', mode], { encoding: 'utf8' });
    const doc = JSON.parse(r.stdout.trim().split('\n').pop()!) as { base: number; peak: number; bytes: number };
    const extra = ((doc.peak - doc.base) * 1024) / doc.bytes;
    console.log(`${mode} job on LIDC-IDRI-0001 (${(doc.bytes / 2 ** 20).toFixed(0)} MB HU volume): peak RSS over the idle worker ${extra.toFixed(2)}x the input volume (goal ≤ 3x) ${extra <= 3 ? 'MET' : 'MISSED'}`);
  }
}

if (process.argv[2] === 'child') void child(process.argv[3]!);
else main();
