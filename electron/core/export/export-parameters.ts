import { createHash } from 'node:crypto';
import type { ExportOptions } from '../../common/contract/export';

/** The export's own bookkeeping folder inside the export folder (case records, parameters). */
export const EXPORT_STATE_DIR = '.lungdesk-export';

/**
 * What decides an export's bytes: its options without where it is written and how it is run
 * (outDir, resume, workers, shard). Two runs with equal parameters over the same index write
 * the same files, so these go into the manifest and a resumed export must match them.
 */
export type ExportParameters = Omit<ExportOptions, 'outDir' | 'resume' | 'workers' | 'shard'>;

export function exportParameters(o: ExportOptions): ExportParameters {
  const { outDir: _o, resume: _r, workers: _w, shard: _s, ...rest } = o;
  return rest;
}

/** `value` with every object's keys sorted (arrays keep their order): one spelling per value. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => [k, sortedKeys(o[k])]),
    );
  }
  return value;
}

/** Deterministic JSON: sorted keys, two-space indent, a final newline. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value), null, 2) + '\n';
}

export function sha256OfJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(sortedKeys(value))).digest('hex');
}
