import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import type { MaskLabel, MaskLabelStats, MaskRuns, MaskVersionDetail } from '../../common/contract/mask-edit';
import type { MaskVersionInfo } from '../../common/contract/masks';
import type { Vec3 } from '../../common/geometry';
import { readNpyMask } from '../../core/io/npy-reader';
import { labelCounts, labelStats } from '../../core/masks/label-stats';
import { deltaPerLabel, diffMasks, type MaskDiff } from '../../core/masks/mask-diff';
import { encodeMaskFile, MASK_FILE_EXT, readMaskFile, sha256Hex, writeDurably } from '../../core/masks/mask-file';
import { applyMaskRuns, checkMaskRuns, emptyDelta, type LabelDelta } from '../../core/masks/mask-runs';
import { appendAudit, fillMaskVersionFacts, getMaskVersion, insertMaskVersion, listMaskVersions, type LungDeskDb, type MaskVersion } from '../../db';
import { labelsOfKind } from './job-mask-labels';
import { maskDetail, maskInfo } from './mask-version-detail';
import { reconcileMaskFiles, type MaskDamage, type MaskReconcileReport } from './reconcile-masks';

/** Codes of a load that say the file itself is bad (not the request): the version is damaged. */
const DAMAGE_CODES = new Set<string>(['io.not-found', 'io.truncated', 'io.checksum-mismatch', 'io.bad-header', 'io.size-mismatch', 'io.read-failed']);

/** The grid a mask lives on: its scan's dims and spacing. */
export interface MaskGrid {
  dims: [number, number, number];
  spacing: Vec3;
}

export interface MaskStoreDeps {
  db: LungDeskDb;
  dataDir: string;
  /** The scan's grid, or not-found. */
  gridOf(scanId: number): MaskGrid;
  log?(line: string): void;
}

export interface SaveMaskInput {
  scanId: number;
  parentId: number | null;
  kind: string;
  note: string;
  tools: string[];
  labels: MaskLabel[];
  change: MaskRuns;
}

/** A loaded grid kept for the next save (the reader edits the version they just opened). */
interface Cached {
  id: number;
  voxels: Uint8Array;
  size: number;
  mtimeMs: number;
}

/**
 * The mask store: every mask version of every scan, as files under <dataDir>/masks/<scanId>/
 * and rows in `mask_versions`. A saved version is its parent's voxels (zeros for none) with
 * a run-length change applied, written as a new `.ldmask` file (core/masks/mask-file.ts:
 * compressed, checksummed, written durably); job results are plain `.npy` files. Both load
 * as the same uint8 grid, checked against the sha256 the database records. Nothing is
 * overwritten: saving and restoring add a version, each with its audit entry.
 */
export class MaskStore {
  private cached: Cached | null = null;
  /** Operations run one at a time: a save changes the cached grid in place (no 78 MB copy). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Versions whose file cannot be used, by id: found by `reconcile` or by a failed load. */
  private readonly damaged = new Map<number, MaskDamage>();
  /** When this store opened: mask files written before then with no row are orphans. */
  private readonly openedAt = Date.now();

  constructor(private readonly deps: MaskStoreDeps) {}

  version(id: number): MaskVersion {
    const v = getMaskVersion(this.deps.db, id);
    if (!v) throw new LungDeskError('not-found', `no mask with id ${id}`);
    return v;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** A version's voxels on its scan grid (x fastest), verified; the caller's own copy. */
  voxelsCopy(v: MaskVersion): Promise<Uint8Array> {
    return this.exclusive(async () => (await this.load(v)).slice());
  }

  /**
   * Checks every version's file against its row and moves files no row claims to lost+found
   * (see reconcile-masks.ts); what it finds damaged is listed so until a load succeeds.
   * `startedAt`: files younger than this may be writes under way (a job's result awaiting its
   * row) and are left alone; default: when this store opened. Runs in turn with saves, so it
   * never races one of this store's.
   */
  reconcile(opts: { startedAt?: number } = {}): Promise<MaskReconcileReport> {
    return this.exclusive(async () => {
      const report = await reconcileMaskFiles(this.deps.db, this.deps.dataDir, opts.startedAt ?? this.openedAt);
      this.damaged.clear();
      for (const d of report.damaged) this.damaged.set(d.id, d);
      for (const d of report.damaged) this.deps.log?.(`[mask-store] damaged: ${d.message} (${d.code})`);
      for (const q of report.quarantined) this.deps.log?.(`[mask-store] ${q.from} has no version row (a save killed before it was recorded): moved to ${q.to}`);
      return report;
    });
  }

  /** The voxels, verified; may be the cached array (inside `exclusive` only). A file found bad marks its version damaged. */
  private async load(v: MaskVersion): Promise<Uint8Array> {
    try {
      const voxels = await this.loadChecked(v);
      this.damaged.delete(v.id);
      return voxels;
    } catch (e) {
      if (e instanceof LungDeskError && DAMAGE_CODES.has(e.code)) this.damaged.set(v.id, { id: v.id, code: e.code as MaskDamage['code'], message: e.message });
      throw e;
    }
  }

  private async loadChecked(v: MaskVersion): Promise<Uint8Array> {
    const { dims } = this.deps.gridOf(v.scanId);
    const st = await fsp.stat(v.path).catch(() => null);
    const c = this.cached;
    if (c && c.id === v.id && st && st.size === c.size && st.mtimeMs === c.mtimeMs) return c.voxels;
    let voxels: Uint8Array;
    if (v.format === 'ldmask') {
      voxels = await readMaskFile(v.path, dims, v.sha256);
    } else {
      voxels = await readNpyMask(v.path, dims);
      if (v.sha256 !== null) {
        const sha = sha256Hex(voxels);
        if (sha !== v.sha256) throw new LungDeskError('io.checksum-mismatch', `mask file ${v.path}: voxels hash to sha256 ${sha}, the database records ${v.sha256} (the file was changed)`, { file: v.path });
      }
    }
    if (st) this.cached = { id: v.id, voxels, size: st.size, mtimeMs: st.mtimeMs };
    return voxels;
  }

  /** A version as `listMasks` shows it, with its damage if any. */
  info(v: MaskVersion): MaskVersionInfo {
    const d = this.damaged.get(v.id);
    return { ...maskInfo(v), ...(d ? { damaged: { code: d.code, message: d.message } } : {}) };
  }

  /** A version with its stats, computing (and keeping) them first for a job result that has none. */
  detail(v: MaskVersion): Promise<MaskVersionDetail> {
    return this.exclusive(() => this.detailOf(v));
  }

  private async detailOf(v: MaskVersion): Promise<MaskVersionDetail> {
    const full = v.stats === null ? await this.fillFacts(v) : v;
    return maskDetail(full, this.damaged.get(v.id));
  }

  /** A scan's versions, newest first, each with its note, tools, labels and per-label counts. */
  list(scanId: number): Promise<MaskVersionDetail[]> {
    this.deps.gridOf(scanId);
    return this.exclusive(async () => {
      const out: MaskVersionDetail[] = [];
      for (const v of listMaskVersions(this.deps.db, scanId)) out.push(await this.detailOf(v));
      return out;
    });
  }

  /**
   * Saves `change` on top of the parent as a new version: checks the change against the
   * scan grid, applies it to a copy of the parent's voxels, counts per label, writes the file,
   * then records the row and its audit entry in one transaction (a failed record removes the
   * file again).
   */
  save(input: SaveMaskInput, author: string): Promise<MaskVersionDetail> {
    return this.exclusive(() => this.saveNow(input, author));
  }

  private async saveNow(input: SaveMaskInput, author: string): Promise<MaskVersionDetail> {
    const grid = this.deps.gridOf(input.scanId);
    const n = grid.dims[0] * grid.dims[1] * grid.dims[2];
    checkMaskRuns(input.change.runs, input.change.values, n, `change to scan ${input.scanId}`);
    checkLabels(input.labels);
    const parent = input.parentId === null ? null : this.version(input.parentId);
    if (parent && parent.scanId !== input.scanId) {
      throw new LungDeskError('contract.bad-input', `mask ${parent.id} belongs to scan ${parent.scanId}, not scan ${input.scanId}`);
    }
    const known = parent ? (parent.stats ?? (await this.fillFacts(parent)).stats) : [];
    const base = parent ? await this.load(parent) : new Uint8Array(n);
    const counts = known ? countsFromStats(known, n) : labelCounts(base);
    // The parent's grid becomes the new version's: it leaves the cache before it changes (a
    // failed save leaves no cache, and the parent's file is untouched).
    this.cached = null;
    const delta = applyMaskRuns(base, input.change.runs, input.change.values);
    for (let l = 0; l < 256; l++) counts[l] = counts[l]! + delta.added[l]! - delta.removed[l]!;
    const stats = labelStats(counts, delta, grid.spacing);
    const changed = deltaPerLabel(delta);
    const what = changed.length ? changed.map((c) => `label ${c.label} +${c.added} −${c.removed}`).join(', ') : 'no voxel changed';
    const reason = `${parent ? `edit of #${parent.id}` : 'new mask'} (${what}): ${stats.reduce((s, x) => s + x.voxels, 0)} voxels`;
    return this.record(base, grid, {
      scanId: input.scanId, kind: input.kind, note: input.note, tools: input.tools, labels: input.labels, parent, stats, reason, author, action: 'mask.saved',
    });
  }

  /** Restores a version as a new one with its exact voxels (parent: the restored version). */
  restore(maskId: number, note: string | undefined, author: string): Promise<MaskVersionDetail> {
    return this.exclusive(() => this.restoreNow(maskId, note, author));
  }

  private async restoreNow(maskId: number, note: string | undefined, author: string): Promise<MaskVersionDetail> {
    const v = this.version(maskId);
    const grid = this.deps.gridOf(v.scanId);
    const voxels = await this.load(v);
    const counts = labelCounts(voxels);
    const stats = labelStats(counts, emptyDelta(), grid.spacing);
    return this.record(voxels, grid, {
      scanId: v.scanId, kind: v.kind, note: note ?? `restored #${v.id}`, tools: [], labels: v.labels ?? labelsOfKind(v.kind), parent: v, stats,
      reason: `restored #${v.id}: ${stats.reduce((s, x) => s + x.voxels, 0)} voxels`, author, action: 'mask.restored',
    });
  }

  /** What version b changed against version a (both of one scan). */
  diff(aId: number, bId: number): Promise<MaskDiff> {
    const a = this.version(aId);
    const b = this.version(bId);
    if (a.scanId !== b.scanId) return Promise.reject(new LungDeskError('contract.bad-input', `masks ${a.id} (scan ${a.scanId}) and ${b.id} (scan ${b.scanId}) are not on one scan grid`));
    return this.exclusive(async () => {
      const va = await this.load(a);
      return diffMasks(va, await this.load(b));
    });
  }

  private async record(
    voxels: Uint8Array,
    grid: MaskGrid,
    r: { scanId: number; kind: string; note: string; tools: string[]; labels: MaskLabel[]; parent: MaskVersion | null; stats: MaskLabelStats[]; reason: string; author: string; action: string },
  ): Promise<MaskVersionDetail> {
    const file = path.join(this.deps.dataDir, 'masks', String(r.scanId), `${safeName(r.kind)}-${Date.now()}-${randomBytes(3).toString('hex')}${MASK_FILE_EXT}`);
    const encoded = await encodeMaskFile(voxels, grid.dims);
    await writeDurably(file, encoded.parts);
    const { db } = this.deps;
    let id: number;
    try {
      id = db.sqlite.transaction(() => {
        const newId = insertMaskVersion(db, {
          scanId: r.scanId, kind: r.kind, path: file, author: r.author, reason: r.reason, parentId: r.parent?.id ?? null, sha256: encoded.sha256,
          format: 'ldmask', note: r.note, tools: r.tools, labels: r.labels, stats: r.stats, bytesOnDisk: encoded.bytes,
        });
        const count = (stats: readonly MaskLabelStats[] | null) => Object.fromEntries((stats ?? []).map((s) => [s.label, s.voxels]));
        appendAudit(db, {
          actor: r.author,
          action: r.action,
          entity: 'scan',
          entityId: String(r.scanId),
          detail: {
            kind: r.kind,
            before: { maskId: r.parent?.id ?? null, voxels: count(r.parent?.stats ?? null) },
            after: { maskId: newId, voxels: count(r.stats), sha256: encoded.sha256 },
            perLabel: r.stats.filter((s) => s.added || s.removed).map((s) => ({ label: s.label, added: s.added, removed: s.removed })),
            tools: r.tools,
            note: r.note,
          },
        });
        return newId;
      })();
    } catch (e) {
      await fsp.rm(file, { force: true }).catch(() => {});
      throw e;
    }
    const st = await fsp.stat(file).catch(() => null);
    if (st) this.cached = { id, voxels, size: st.size, mtimeMs: st.mtimeMs };
    return maskDetail(this.version(id));
  }

  /**
   * Computes what a job result was recorded without (per-label stats against its parent,
   * file size, sha256 of its voxels) and keeps it. A file that cannot be read leaves the
   * version as it is (logged): a listing does not fail because one job file went missing.
   */
  private async fillFacts(v: MaskVersion): Promise<MaskVersion> {
    try {
      const grid = this.deps.gridOf(v.scanId);
      const voxels = await this.load(v);
      const counts = labelCounts(voxels);
      let delta: LabelDelta = { added: counts.slice(), removed: new Float64Array(256) };
      const parent = v.parentId === null ? undefined : getMaskVersion(this.deps.db, v.parentId);
      if (parent && parent.scanId === v.scanId) {
        const pv = await this.load(parent).catch(() => null);
        if (pv) delta = diffMasks(pv, voxels).delta;
      }
      const stats = labelStats(counts, delta, grid.spacing);
      const size = (await fsp.stat(v.path)).size;
      fillMaskVersionFacts(this.deps.db, v.id, { stats, bytesOnDisk: size, sha256: v.sha256 ?? sha256Hex(voxels) });
      return this.version(v.id);
    } catch (e) {
      this.deps.log?.(`[mask-store] stats of mask ${v.id} (${v.path}) not computed: ${(e as Error).message}`);
      return v;
    }
  }
}

/** Counts per label 0..255 from a version's stats (no pass over the grid). */
function countsFromStats(stats: readonly MaskLabelStats[], voxelCount: number): Float64Array {
  const counts = new Float64Array(256);
  let labelled = 0;
  for (const s of stats) {
    counts[s.label] = s.voxels;
    labelled += s.voxels;
  }
  counts[0] = voxelCount - labelled;
  return counts;
}

function checkLabels(labels: readonly MaskLabel[]): void {
  const seen = new Set<number>();
  for (const l of labels) {
    if (seen.has(l.value)) throw new LungDeskError('contract.bad-input', `label ${l.value} is described twice`);
    seen.add(l.value);
  }
}

/** A kind as a file-name part (kinds come from the renderer: keep them to safe characters). */
function safeName(kind: string): string {
  return kind.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40) || 'mask';
}
