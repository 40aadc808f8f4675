import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensurePhantomSeries } from '../dicom-fixtures';
import { launchUrl } from '../../e2e/host';
import { placeTree } from '../../helpers/place-files';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The bench's world: the phantom series (cached by dicom-fixtures, shared with
 * dicom-read.bench.ts), the real LIDC-IDRI-0001 series from ../shared when it is there, one
 * dataset folder of symlinks to them, and a browser host on a fresh data folder that indexes
 * that dataset before it prints its URL.
 */

export const BIG_DIMS: [number, number, number] = [512, 512, 300];
/** The real series: LIDC-IDRI-0001's CT, 512×512×133 (read in place, never copied). */
export const LIDC_DIR = path.join(ROOT, '..', 'shared', 'data', 'LIDC-IDRI-0001');
const LIDC_LINK = 'LIDC-IDRI-0001';
/** Same field of view as the big scan, far fewer voxels: opened in between to change scans. */
const SMALL_DIMS: [number, number, number] = [64, 64, 48];
/**
 * Opening this many other scans evicts the big one from the backend's volume cache (it keeps
 * the last two volumes today, VolumeCache(2); one more for margin).
 */
export const SMALL_COUNT = 3;

export interface BenchScan {
  id: number;
  seriesUid: string;
  dims: string;
  /** The scan's folder as the host indexed it. */
  path: string;
}

export interface BenchHost {
  origin: string;
  /** A fresh one-time launch link (each browser context spends one). */
  newUrl: () => Promise<string>;
  child: ChildProcess;
  big: BenchScan;
  /** LIDC-IDRI-0001's CT series; null when ../shared does not hold it. */
  lidc: BenchScan | null;
  smalls: BenchScan[];
  output: () => string;
}

/** The folders the bench reads: the phantom series, and the LIDC case when present. */
export interface BenchSeries {
  /** The dataset folder the host indexes (symlinks to the series). */
  datasetDir: string;
  bigDir: string;
  lidcDir: string | null;
}

/** The built app the host serves; the bench measures dist/, not the sources. */
export function checkBuilt(): string[] {
  const need = ['dist/electron/cli/main.js', 'dist/renderer/index.html', 'dist/renderer/lungdesk-bridge.js'];
  return need.filter((f) => !existsSync(path.join(ROOT, f)));
}

/**
 * Sources (renderer/, electron/) changed after the last build, newest first: the bench would
 * measure older code than the working tree's.
 */
export function newerThanBuild(limit = 3): string[] {
  const builtAt = Math.min(...['dist/electron/cli/main.js', 'dist/renderer/index.html'].map((f) => statSync(path.join(ROOT, f)).mtimeMs));
  const newer: { file: string; mtime: number }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|tsx|css|html)$/.test(e.name)) {
        const mtime = statSync(path.join(ROOT, rel)).mtimeMs;
        if (mtime > builtAt) newer.push({ file: rel, mtime });
      }
    }
  };
  for (const d of ['renderer', 'electron']) walk(d);
  return newer
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, limit)
    .map((n) => n.file);
}

export async function prepareScans(workDir: string, log: (s: string) => void): Promise<BenchSeries> {
  const big = await ensurePhantomSeries({ name: 'dicom-read', dims: BIG_DIMS, spacing: [0.7, 0.7, 1.0] });
  if (big.generatedMs) log(`wrote the ${BIG_DIMS.join('×')} phantom series in ${(big.generatedMs / 1000).toFixed(1)} s (cached in ${big.root})`);
  const small = await ensurePhantomSeries({ name: 'viewer-small', dims: SMALL_DIMS, spacing: [5.6, 5.6, 6.25], count: SMALL_COUNT });
  const folder = path.join(workDir, 'scans');
  mkdirSync(folder, { recursive: true });
  // Hard links, not symbolic ones: a dataset walk follows no symbolic link out of its folder.
  placeTree(big.dirs[0]!, path.join(folder, 'chest-512'));
  small.dirs.forEach((d, i) => placeTree(d, path.join(folder, `small-${i}`)));
  const lidc = existsSync(LIDC_DIR);
  if (lidc) placeTree(LIDC_DIR, path.join(folder, LIDC_LINK));
  else log(`note: ${LIDC_DIR} is missing: the bench measures the phantom only`);
  return { datasetDir: folder, bigDir: big.dirs[0]!, lidcDir: lidc ? LIDC_DIR : null };
}

/** `scan <id> <uid> <modality> <dims> <format> <path>` lines that `serve --dataset` prints. */
export function parseScanLines(out: string): BenchScan[] {
  return [...out.matchAll(/^\s+scan (\d+) (\S+) +\S* +(\d+x\d+x\d+) \S+ (.+)$/gm)].map((m) => ({ id: Number(m[1]), seriesUid: m[2]!, dims: m[3]!, path: m[4]! }));
}

/**
 * Starts `lungdesk serve` (as test/e2e/host.ts does) and hands the child to `onChild` at once,
 * so the caller can stop it even when it never gets ready.
 */
export async function startBenchHost(dataDir: string, datasetDir: string, onChild: (c: ChildProcess) => void, timeoutMs = 180_000): Promise<BenchHost> {
  const args = ['serve', '--port', '0', '--no-open', '--no-demo', '--data-dir', dataDir, '--dataset', datasetDir];
  // The token goes in the environment, never the arguments; launch links are minted with it.
  const token = randomBytes(24).toString('base64url');
  // LUNGDESK_BENCH_HOST_NODE_ARGS: Node flags for the host alone (e.g. `--cpu-prof --cpu-prof-dir=DIR` to see where its time goes).
  const nodeArgs = (process.env.LUNGDESK_BENCH_HOST_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'bin', 'lungdesk.js'), ...args], { cwd: ROOT, env: { ...process.env, LUNGDESK_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  onChild(child);
  let out = '';
  const output = (): string => out;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lungdesk serve did not print LUNGDESK_URL within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /^LUNGDESK_URL=(\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lungdesk serve exited with ${code} before it was ready:\n${out}`));
    });
  });
  const scans = parseScanLines(out);
  const big = scans.find((s) => s.dims === BIG_DIMS.join('x'));
  const lidc = scans.find((s) => new RegExp(`[\\\\/]${LIDC_LINK}([\\\\/]|$)`).test(s.path)) ?? null;
  const smalls = scans.filter((s) => s !== big && s !== lidc);
  if (!big || smalls.length < SMALL_COUNT) throw new Error(`the host did not index the bench scans (1 big + ${SMALL_COUNT} small expected):\n${out}`);
  if (!lidc && existsSync(LIDC_DIR)) throw new Error(`the host did not index ${LIDC_DIR}:\n${out}`);
  const origin = new URL(url).origin;
  return { origin, newUrl: () => launchUrl(origin, token), child, big, lidc, smalls, output };
}

/** SIGTERM, then SIGKILL if the host is still there after `graceMs`. */
export async function stopHost(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
