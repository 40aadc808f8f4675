import { z } from 'zod';
import { Bytes, U32Bytes, event, op } from './define';
import { ScanId } from './scans';
import { MaskVersionInfo } from './masks';

/**
 * A change to a mask on its scan grid: runs of voxels and the label each voxel gets. Flat
 * indices are x fastest (i = x + nx·(y + ny·z)), as `getMask`'s bytes. Runs are ascending and
 * disjoint; `values` holds one byte per voxel the runs cover, in order. A stroke of a few
 * thousand voxels is a few KB: the renderer never sends a whole mask to save an edit.
 */
export const MaskRuns = z.object({
  /** Pairs (start, length), flattened: [start0, len0, start1, len1, ...]. */
  runs: U32Bytes,
  /** The new label of every covered voxel, in run order (sum of the lengths bytes). */
  values: Bytes,
});
export type MaskRuns = z.infer<typeof MaskRuns>;

/** One label of an edited mask: what a value means (lung, or one label per lesion). */
export const MaskLabel = z.object({
  value: z.number().int().min(1).max(255),
  name: z.string().min(1).max(200),
  kind: z.enum(['lung', 'nodule', 'other']),
  /** The review lesion this label outlines (issue 11's lesion key), when it is a nodule label. */
  lesionKey: z.string().max(200).optional(),
});
export type MaskLabel = z.infer<typeof MaskLabel>;

/** Per label: voxels now, and what this version added and removed against its parent. */
export const MaskLabelStats = z.object({
  label: z.number().int().min(1).max(255),
  voxels: z.number().int().min(0),
  volumeMm3: z.number().min(0),
  added: z.number().int().min(0),
  removed: z.number().int().min(0),
});
export type MaskLabelStats = z.infer<typeof MaskLabelStats>;

/** Everything the mask store knows of a saved version, beyond `MaskVersionInfo`. */
export const MaskVersionDetail = MaskVersionInfo.extend({
  note: z.string(),
  /** Tool ids used for this version's strokes (e.g. ['brush', 'islands']); empty for job results. */
  tools: z.array(z.string()),
  labels: z.array(MaskLabel),
  stats: z.array(MaskLabelStats),
  sha256: z.string().nullable(),
  bytesOnDisk: z.number().int().nullable(),
});
export type MaskVersionDetail = z.infer<typeof MaskVersionDetail>;

const Note = z.string().max(4000);
const ToolIds = z.array(z.string().min(1).max(40)).max(64);

/** What the renderer keeps of unsaved strokes, so a killed app or host loses nothing. */
export const MaskJournalEntry = z.object({
  scanId: ScanId,
  /** The version the strokes were drawn on; null for a new empty mask. */
  parentId: z.number().int().positive().nullable(),
  kind: z.string().min(1).max(40),
  labels: z.array(MaskLabel).max(255),
  tools: ToolIds,
  /** The cumulative change against the parent (not the undo history). */
  change: MaskRuns,
  savedAt: z.number(),
});
export type MaskJournalEntry = z.infer<typeof MaskJournalEntry>;

export const maskEditOps = {
  listMaskVersions: op({
    input: z.object({ scanId: ScanId }),
    output: z.array(MaskVersionDetail),
    doc: "A scan's mask versions with their note, tools, labels and per-label counts, newest first.",
  }),
  saveMaskVersion: op({
    input: z.object({
      scanId: ScanId,
      /** The version edited; null saves a new mask drawn on an empty grid. */
      parentId: z.number().int().positive().nullable(),
      kind: z.string().min(1).max(40),
      note: Note,
      tools: ToolIds,
      labels: z.array(MaskLabel).max(255),
      change: MaskRuns,
    }),
    output: MaskVersionDetail,
    binaryInput: true,
    doc: 'Saves an edit as a new mask version: the parent with `change` applied, stored compressed, written atomically and checksummed, with author, time, note, tools and voxels added / removed per label. Nothing is overwritten.',
  }),
  diffMaskVersions: op({
    input: z.object({ a: z.number().int().positive(), b: z.number().int().positive() }),
    output: z.object({
      perLabel: z.array(z.object({ label: z.number().int(), added: z.number().int(), removed: z.number().int() })),
      /** The voxels that differ: runs with b's labels as values. */
      change: MaskRuns,
      /** a's label at each of those voxels, in the same order. */
      before: Bytes,
    }),
    binary: true,
    doc: 'What version b changed against version a (same scan grid): voxels added and removed per label, and the voxels themselves.',
  }),
  restoreMaskVersion: op({
    input: z.object({ maskId: z.number().int().positive(), note: Note.optional() }),
    output: MaskVersionDetail,
    doc: 'Restores an older version as a new version with its exact voxels (parent: the restored version). Nothing is overwritten.',
  }),
  writeMaskJournal: op({
    input: MaskJournalEntry.omit({ savedAt: true }),
    output: z.object({ savedAt: z.number() }),
    binaryInput: true,
    doc: "Keeps a scan's unsaved strokes (atomically replacing the previous journal of that scan) until they are saved or discarded.",
  }),
  getMaskJournal: op({
    input: z.object({ scanId: ScanId }),
    output: z.object({ entry: MaskJournalEntry.nullable() }),
    binary: true,
    doc: "A scan's unsaved strokes from before a crash or a closed window, if any.",
  }),
  discardMaskJournal: op({
    input: z.object({ scanId: ScanId }),
    output: z.object({ discarded: z.boolean() }),
    doc: "Drops a scan's unsaved strokes (after they were saved, or the reader chose to discard them).",
  }),
};

export const maskEditEvents = {
  onDidChangeMaskVersions: event({ payload: z.object({ scanId: ScanId }), doc: "A scan's mask versions changed: a version was saved or restored." }),
};
