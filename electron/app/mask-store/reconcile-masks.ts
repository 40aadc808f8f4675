import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../common/errors';
import { MASK_FILE_EXT, MASK_FILE_HEADER_BYTES } from '../../core/masks/mask-file';
import { listAllMaskVersions, type LungDeskDb, type MaskVersion } from '../../db';

/** Why a version's file cannot be used; the listing shows it, the file is never read as good. */
export interface MaskDamage {
  id: number;
  code: Extract<ErrorCode, 'io.not-found' | 'io.truncated' | 'io.checksum-mismatch' | 'io.bad-header' | 'io.read-failed' | 'io.size-mismatch'>;
  message: string;
}

export interface MaskReconcileReport {
  /** Rows checked. */
  checked: number;
  damaged: MaskDamage[];
  /** Mask files no row claims, moved out of the store to `<dataDir>/lost+found/masks/<scanId>/`. */
  quarantined: { from: string; to: string }[];
}

/** The extensions of the mask store's own files in masks/<scanId>/ (job results are .npy). */
const MASK_FILE = new RegExp(`(\\.npy|${MASK_FILE_EXT.replace('.', '\\.')})$`);

/**
 * Checks the mask store against its folder, cheaply enough for every start (a stat and a
 * 64-byte header per version; the voxels' own sha256 is checked whenever a version loads):
 *
 * - a row whose file is missing, cut short, or whose header records other voxels than the
 *   row (the file was replaced) is reported damaged, so the UI lists it as such;
 * - a mask file under masks/<scanId>/ that no row claims is what a save killed between the
 *   file's rename and the row's commit leaves (the save never returned: it is not a saved
 *   version). It is moved to lost+found rather than deleted, and never read as a version.
 *   Only files older than `startedAt` (when this host's store opened) count: a younger one may
 *   be a job's result still waiting for its row.
 */
export async function reconcileMaskFiles(db: LungDeskDb, dataDir: string, startedAt: number): Promise<MaskReconcileReport> {
  const rows = listAllMaskVersions(db);
  const report: MaskReconcileReport = { checked: rows.length, damaged: [], quarantined: [] };
  for (const v of rows) {
    const d = await checkFile(v);
    if (d) report.damaged.push(d);
  }
  // Rows claim files by scan folder and name, so a data folder moved as a whole (rows keep
  // their old absolute paths) never has its files taken for orphans.
  const claimed = new Set(rows.map((v) => `${v.scanId}/${path.basename(v.path)}`));
  const masksDir = path.join(dataDir, 'masks');
  for (const scanDir of await fsp.readdir(masksDir, { withFileTypes: true }).catch(() => [])) {
    if (!scanDir.isDirectory() || !/^\d+$/.test(scanDir.name)) continue;
    const dir = path.join(masksDir, scanDir.name);
    for (const f of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!f.isFile() || f.name.startsWith('.') || !MASK_FILE.test(f.name) || claimed.has(`${scanDir.name}/${f.name}`)) continue;
      const from = path.join(dir, f.name);
      const st = await fsp.stat(from).catch(() => null);
      if (!st || st.mtimeMs >= startedAt) continue;
      const to = path.join(dataDir, 'lost+found', 'masks', scanDir.name, f.name);
      await fsp.mkdir(path.dirname(to), { recursive: true });
      await fsp.rename(from, to);
      report.quarantined.push({ from, to });
    }
  }
  return report;
}

/** What is wrong with a version's file, judged from its size and header; undefined when nothing. */
export async function checkFile(v: MaskVersion): Promise<MaskDamage | undefined> {
  const damage = (code: MaskDamage['code'], why: string): MaskDamage => ({ id: v.id, code, message: `mask #${v.id} file ${v.path}: ${why}` });
  let fh: Awaited<ReturnType<typeof fsp.open>>;
  try {
    fh = await fsp.open(v.path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? damage('io.not-found', 'the file is missing') : damage('io.read-failed', (e as Error).message);
  }
  try {
    const size = (await fh.stat()).size;
    if (v.format === 'ldmask') {
      const head = Buffer.alloc(MASK_FILE_HEADER_BYTES);
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      if (bytesRead < head.length) return damage('io.truncated', `${size} bytes, the header alone is ${MASK_FILE_HEADER_BYTES}`);
      const payload = head.readUInt32LE(24) + head.readUInt32LE(28) * 2 ** 32;
      const recorded = head.subarray(32, 64).toString('hex');
      if (v.sha256 && recorded !== v.sha256) return damage('io.checksum-mismatch', `the file holds voxels of sha256 ${recorded}, the database records ${v.sha256} (the file was replaced)`);
      if (size < MASK_FILE_HEADER_BYTES + payload) return damage('io.truncated', `${size - MASK_FILE_HEADER_BYTES} of ${payload} compressed bytes present (the file was cut short)`);
    }
    if (v.bytesOnDisk !== null && size !== v.bytesOnDisk) return damage('io.checksum-mismatch', `${size} bytes, the database records ${v.bytesOnDisk} (the file was changed)`);
    return undefined;
  } finally {
    await fh.close();
  }
}
