import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../electron/common/errors';
import { generateChestPhantom } from '../../electron/core/phantom';
import { writeMetaImage } from '../../electron/core/io/write';
import { callOp, CLI, ROOT, startHost, stopHost, waitJob, type HostProcess } from './host-session';
import { Tally, type ClassResult, type ProbeOptions } from './report';

/**
 * Class 3: nothing escapes its folder. A dataset folder holding symlinks to /, to a sibling
 * folder outside it, symlink loops, a file link out, and MetaImage headers whose
 * ElementDataFile points outside (relative and absolute) is imported through the host; then
 * /, /proc, /sys, /dev, a file and the data folder are offered as datasets. Rules: no scan
 * indexed or read outside the root, no walk that hangs, every refusal typed.
 */

const CODES = new Set<string>(ErrorCode.options);
const REFUSAL_CODES = ['dataset.refused-folder', 'io.not-a-folder'];

function inside(root: string, p: string): boolean {
  let real: string;
  try {
    real = fs.realpathSync(p);
  } catch {
    real = path.resolve(p);
  }
  return real === root || real.startsWith(root + path.sep);
}

async function buildTree(base: string, name: string, linkToFilesystemRoot: boolean): Promise<{ root: string; outside: string }> {
  const root = path.join(base, name);
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'inside'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  const { volume } = generateChestPhantom({ dims: [40, 32, 16], spacing: [8, 8, 12], seed: 5 });
  await writeMetaImage(volume, path.join(root, 'inside', 'scan.mhd'));
  await writeMetaImage(volume, path.join(outside, 'secret.mhd'));
  const header = fs.readFileSync(path.join(root, 'inside', 'scan.mhd'), 'latin1');
  const withData = (target: string) => header.replace(/ElementDataFile\s*=.*/, `ElementDataFile = ${target}`);
  fs.writeFileSync(path.join(root, 'inside', 'escape-relative.mhd'), withData('../../outside/secret.raw'));
  fs.writeFileSync(path.join(root, 'inside', 'escape-absolute.mhd'), withData(path.join(outside, 'secret.raw')));
  if (linkToFilesystemRoot) fs.symlinkSync('/', path.join(root, 'to-filesystem-root'));
  fs.symlinkSync(outside, path.join(root, 'to-sibling'));
  fs.symlinkSync('.', path.join(root, 'loop-self'));
  fs.mkdirSync(path.join(root, 'loop'));
  fs.symlinkSync('..', path.join(root, 'loop', 'up'));
  fs.symlinkSync(path.join(outside, 'secret.mhd'), path.join(root, 'inside', 'file-link.mhd'));
  fs.symlinkSync(path.join(outside, 'secret.raw'), path.join(root, 'inside', 'file-link.raw'));
  return { root: fs.realpathSync(root), outside: fs.realpathSync(outside) };
}

export async function folderEscapesClass(opts: ProbeOptions): Promise<ClassResult> {
  const t = new Tally('3 folder escapes');
  const base = path.join(opts.tmpRoot, 'escapes');
  // Without the link to / first, so the containment of the other escapes is measured even
  // where a walk into / never ends; then everything together.
  const near = await buildTree(base, 'dataset-links-out', false);
  const { root } = await buildTree(base, 'dataset-links-to-root', true);
  const dataDir = path.join(base, 'host-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const walkLimitMs = opts.quick ? 20_000 : 60_000;
  const host = await startHost({ dataDir, tag: `${path.basename(opts.tmpRoot)}-escapes`, args: ['--no-demo'] });
  try {
    await importEscapes(host, near.root, walkLimitMs, t, 'links out');
    await importEscapes(host, root, walkLimitMs, t, 'links out and to /');
    for (const target of ['/', '/proc', '/sys', '/dev', path.join(root, 'inside', 'scan.raw'), dataDir]) await offerRefused(host, target, t);
    cliRefusal(path.join(base, 'cli.db'), t);
  } finally {
    await stopHost(host);
  }
  return t.result();
}

async function datasetIndexed(host: HostProcess, datasetId: number, timeoutMs: number): Promise<boolean> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const r = await callOp(host, 'listDatasets', {});
    const ds = ((r.value ?? []) as { id: number; indexedAt: number | null }[]).find((d) => d.id === datasetId);
    if (ds?.indexedAt) return true;
    await new Promise((res) => setTimeout(res, 100));
  }
  return false;
}

async function importEscapes(host: HostProcess, root: string, walkLimitMs: number, t: Tally, label: string): Promise<void> {
  t.inputs++;
  const t0 = performance.now();
  const imp = await callOp(host, 'importDataset', { path: root, name: label });
  if (!imp.ok) {
    t.fail(`[${label}] importing the escape tree was refused: ${imp.error?.code} ${imp.error?.message}`);
    return;
  }
  const { datasetId, jobId } = imp.value as { datasetId: number; jobId: string };
  const job = await waitJob(host, jobId, walkLimitMs);
  const walkS = (performance.now() - t0) / 1000;
  const fig = (k: string, v: string | number) => (t.figures[`${k}[${label}]`] = v);
  fig('walkS', walkS.toFixed(1));
  if (!job) {
    t.fail(`[${label}] the walk of a folder with symlinks (${label}) and loops did not end within ${walkLimitMs / 1000} s (hang)`);
    await callOp(host, 'cancelJob', { jobId });
    await waitJob(host, jobId, 30_000);
  } else if (job.status !== 'succeeded') fig('walkStatus', `${job.status} ${job.error?.code ?? ''}`);
  // The host stores a walk's result after its job ends: wait for the dataset to say indexed.
  if (job?.status === 'succeeded' && !(await datasetIndexed(host, datasetId, 30_000))) t.fail(`[${label}] the walk succeeded but its result was not stored within 30 s`);
  const scans = await callOp(host, 'listScans', { datasetId });
  const list = (scans.value ?? []) as { id: number; path: string }[];
  const outsideScans = list.filter((s) => !inside(root, s.path));
  fig('scans', list.length);
  // The tree holds a scan inside its root: none listed would make every rule below pass vacuously.
  if (job?.status === 'succeeded' && list.length === 0) t.fail(`[${label}] no scan indexed at all, not even the one inside the root`);
  fig('scansOutsideRoot', outsideScans.length);
  for (const s of outsideScans) t.fail(`[${label}] scan ${s.id} indexed outside the dataset root: ${s.path} -> ${fs.existsSync(s.path) ? fs.realpathSync(s.path) : '?'}`);
  // Every indexed escape header must still be refused when its voxels are read.
  for (const s of list.filter((x) => /escape-|file-link/.test(x.path))) {
    t.inputs++;
    const v = await callOp(host, 'getVolume', { scanId: s.id }, { timeoutMs: 30_000 });
    if (v.ok) t.fail(`[${label}] scan ${s.id} (${path.basename(s.path)}) read its voxels from outside the dataset root`);
    else if (v.error?.code !== 'io.outside-folder') t.fail(`[${label}] scan ${s.id} (${path.basename(s.path)}): ${v.error?.code}, expected io.outside-folder`);
  }
  const rep = await callOp(host, 'getDatasetReport', { datasetId });
  if (rep.ok) fig('filesSkipped', (rep.value as { filesSkipped: number }).filesSkipped);
}

async function offerRefused(host: HostProcess, target: string, t: Tally): Promise<void> {
  t.inputs++;
  const r = await callOp(host, 'importDataset', { path: target }, { timeoutMs: 10_000 });
  const label = target.startsWith('/tmp') || target.includes('lungdesk-probe') ? path.basename(target) : target;
  if (r.dropped) return t.fail(`adding ${label}: connection dropped (${r.dropped})`);
  if (r.ok) {
    t.fail(`adding ${label} as a dataset was accepted (a walk started), expected ${REFUSAL_CODES.join(' or ')}`);
    // Stop the walk the probe just started: it must not run on for the rest of the probe.
    const { jobId } = r.value as { jobId: string };
    await callOp(host, 'cancelJob', { jobId });
    const end = await waitJob(host, jobId, 15_000);
    if (!end) t.fail(`the walk of ${label} did not stop within 15 s of its cancel`);
    return;
  }
  if (r.status >= 500) t.fail(`adding ${label}: status ${r.status} ${r.error?.code}`);
  else if (!r.error || !CODES.has(r.error.code) || !REFUSAL_CODES.includes(r.error.code)) t.fail(`adding ${label}: ${r.error?.code}, expected ${REFUSAL_CODES.join(' or ')}`);
}

/** The CLI's `index /` must refuse at once with one JSON document, not walk the disk. */
function cliRefusal(db: string, t: Tally): void {
  t.inputs++;
  const r = spawnSync(process.execPath, [CLI, 'index', '/', '--db', db, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 10_000, killSignal: 'SIGKILL' });
  if (r.error || r.signal) return t.fail(`lungdesk index / --json did not end within 10 s (${r.signal ?? r.error?.message})`);
  let doc: unknown;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    return t.fail(`lungdesk index / --json: stdout is not one JSON document: ${JSON.stringify(r.stdout.slice(0, 160))}`);
  }
  const text = JSON.stringify(doc);
  if (r.status === 0 || !REFUSAL_CODES.some((c) => text.includes(c))) t.fail(`lungdesk index / --json: exit ${r.status}, expected a refusal (${REFUSAL_CODES.join(' or ')}): ${text.slice(0, 160)}`);
}
