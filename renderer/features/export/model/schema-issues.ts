import type { ExportOptions } from '../../../../electron/common/contract';
import type { ExportField, FieldErrors } from './export-draft';

/**
 * The contract's schema speaks through the backend: an input that fails `ExportOptions`
 * comes back as `contract.bad-input` with the zod issues in `detail` (both hosts, see
 * electron/main/ipc.ts and electron/server/dispatch-op.ts). The renderer may import the
 * contract for types only, so this is how the dialog validates with the one schema: the
 * issues, read here, become a message beside each field.
 */

/** The parts of a zod issue the dialog reads. */
export interface SchemaIssue {
  code: string;
  path: (string | number)[];
  message: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  expected?: string;
}

// Every option is a field; a key the contract adds fails to compile here until it is placed.
const OPTION_FIELDS: Record<keyof ExportOptions, true> = {
  outDir: true,
  formats: true,
  datasetId: true,
  scans: true,
  select: true,
  negatives: true,
  maskRule: true,
  includePatients: true,
  excludePatients: true,
  split: true,
  seed: true,
  labels: true,
  cubeMm: true,
  cubeSpacingMm: true,
  nnunetId: true,
  datasetName: true,
  shard: true,
  resume: true,
  workers: true,
};

function isField(k: unknown): k is keyof ExportOptions {
  return typeof k === 'string' && Object.prototype.hasOwnProperty.call(OPTION_FIELDS, k);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);

/** The issues of a `detail`, tolerating anything else (a detail that is not a list of issues gives none). */
export function schemaIssues(detail: unknown): SchemaIssue[] {
  if (!Array.isArray(detail)) return [];
  const out: SchemaIssue[] = [];
  for (const d of detail) {
    if (d === null || typeof d !== 'object') continue;
    const o = d as Record<string, unknown>;
    if (typeof o.message !== 'string' || !Array.isArray(o.path)) continue;
    const issue: SchemaIssue = {
      code: typeof o.code === 'string' ? o.code : 'custom',
      path: o.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number'),
      message: o.message,
    };
    if (typeof o.origin === 'string') issue.origin = o.origin;
    if (typeof o.expected === 'string') issue.expected = o.expected;
    if (typeof o.inclusive === 'boolean') issue.inclusive = o.inclusive;
    const min = num(o.minimum);
    const max = num(o.maximum);
    if (min !== undefined) issue.minimum = min;
    if (max !== undefined) issue.maximum = max;
    out.push(issue);
  }
  return out;
}

/** An issue in words a reader of the form understands ("at least 8", "a whole number"); the schema's own message otherwise. */
export function issueText(i: SchemaIssue): string {
  const exclusive = i.inclusive === false;
  if (i.code === 'too_small' && i.minimum !== undefined) {
    if (i.origin === 'array') return i.minimum === 1 ? 'pick at least one' : `at least ${i.minimum} items`;
    if (i.origin === 'string') return i.minimum === 1 ? 'required' : `at least ${i.minimum} characters`;
    return exclusive ? `above ${i.minimum}` : `at least ${i.minimum}`;
  }
  if (i.code === 'too_big' && i.maximum !== undefined) {
    if (i.origin === 'array') return `at most ${i.maximum} items`;
    if (i.origin === 'string') return `at most ${i.maximum} characters`;
    return exclusive ? `below ${i.maximum}` : `at most ${i.maximum}`;
  }
  if (i.code === 'invalid_type' && i.expected === 'int') return 'a whole number';
  if (i.code === 'invalid_type' && i.expected === 'number') return 'a number';
  return i.message;
}

/** The field an issue belongs to, and the part of it named in the message ("nodule: at least 1"). */
export function issueField(i: SchemaIssue): { field: ExportField; part: string | null } {
  const [head, ...rest] = i.path;
  if (!isField(head)) return { field: 'form', part: i.path.length > 0 ? i.path.join('.') : null };
  const part = rest.filter((p) => typeof p === 'string').join('.');
  return { field: head, part: part.length > 0 ? part : null };
}

/** One message per field (the first issue of each), from a `contract.bad-input` detail. */
export function fieldErrorsFromIssues(detail: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of schemaIssues(detail)) {
    const { field, part } = issueField(issue);
    if (out[field] !== undefined) continue;
    const text = issueText(issue);
    out[field] = part ? `${part}: ${text}` : text;
  }
  return out;
}

/** The field messages of a thrown error when it is the schema refusing the options, else null (another failure). */
export function badInputErrors(e: unknown): FieldErrors | null {
  if (e === null || typeof e !== 'object') return null;
  const o = e as { code?: unknown; detail?: unknown };
  if (o.code !== 'contract.bad-input') return null;
  const errors = fieldErrorsFromIssues(o.detail);
  return Object.keys(errors).length > 0 ? errors : null;
}
