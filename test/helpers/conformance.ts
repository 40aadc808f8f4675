// Loads the conformance cases in ../shared/conformance (see its README.md for the format
// and the meaning of each kernel's case) and holds the one comparator every conformance
// test uses, so "exact", "partition", "integer_close" and "allclose" mean the same thing
// for every kernel.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type NpyArray, readNpy } from './npy';

/** The repository root (this file is test/helpers/conformance.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** `shared/` sits beside the repository: /work/shared next to /work/main, /tmp/ci/shared next to /tmp/ci/repo. */
export const CONFORMANCE_ROOT = path.resolve(REPO_ROOT, '..', 'shared', 'conformance');
export const CASES_ROOT = path.join(CONFORMANCE_ROOT, 'cases');

export interface ArraySpec {
  file: string;
  dtype: string;
  shape: number[];
  python_dtype?: string;
  stored_as?: string;
}

export interface CompareSpec {
  mode: 'exact' | 'integer_close' | 'allclose' | 'mesh';
  /** `partition` (label): a one-to-one renumbering of the expected labels is accepted. */
  alternative?: 'partition';
  /** Tutorial behaviour a kernel may deliberately not copy: a mismatch is logged, not failed. */
  optional?: boolean;
  atol?: number;
  rtol?: number;
  max_abs_diff?: number;
  max_mismatch_fraction?: number;
  area_rtol?: number;
  volume_rtol?: number | null;
  hausdorff_max_voxels?: number;
  note?: string;
  [key: string]: unknown;
}

export interface CaseSpec {
  kernel: string;
  case: string;
  params: Record<string, unknown>;
  python_call?: string;
  inputs: Record<string, ArraySpec>;
  outputs: Record<string, ArraySpec>;
  compare: CompareSpec;
  summary?: Record<string, unknown>;
  notes?: string;
  steps?: unknown[];
}

export interface IndexEntry {
  kernel: string;
  case: string;
  path: string;
  inputs: Record<string, number[]>;
  outputs: Record<string, number[]>;
}

interface IndexFile {
  versions: Record<string, string>;
  count: number;
  cases: IndexEntry[];
}

/** False when the shared folder is absent; conformance suites then skip with a message. */
export function conformanceAvailable(): boolean {
  return fs.existsSync(path.join(CASES_ROOT, 'index.json'));
}

let indexCache: IndexFile | undefined;

function readIndex(): IndexFile {
  indexCache ??= JSON.parse(fs.readFileSync(path.join(CASES_ROOT, 'index.json'), 'utf8')) as IndexFile;
  return indexCache;
}

/** Every case of one kernel (the `kernel` folder name, e.g. `label`), in index order. */
export function listCases(kernel: string): IndexEntry[] {
  if (!conformanceAvailable()) return [];
  return readIndex().cases.filter((c) => c.kernel === kernel);
}

/** One case: its case.json and lazy access to its arrays. */
export class ConformanceCase {
  readonly dir: string;
  readonly spec: CaseSpec;

  constructor(entry: Pick<IndexEntry, 'path'>) {
    this.dir = path.join(CASES_ROOT, entry.path);
    this.spec = JSON.parse(fs.readFileSync(path.join(this.dir, 'case.json'), 'utf8')) as CaseSpec;
  }

  /** `kernel/case`, the name tests use as their title. */
  get name(): string {
    return `${this.spec.kernel}/${this.spec.case}`;
  }

  get params(): Record<string, unknown> {
    return this.spec.params;
  }

  input(name: string): NpyArray {
    return this.load('inputs', name);
  }

  output(name: string): NpyArray {
    return this.load('outputs', name);
  }

  /** Any .npy file of the case by file name (pipeline steps name theirs). */
  array(file: string): NpyArray {
    return readNpy(path.join(this.dir, file));
  }

  private load(kind: 'inputs' | 'outputs', name: string): NpyArray {
    const spec = this.spec[kind][name];
    if (!spec) throw new Error(`${this.name}: no ${kind.slice(0, -1)} named ${name} (has ${Object.keys(this.spec[kind]).join(', ')})`);
    const arr = readNpy(path.join(this.dir, spec.file));
    if (arr.shape.join(',') !== spec.shape.join(',')) {
      throw new Error(`${this.name}: ${spec.file} has shape (${arr.shape.join(', ')}), case.json says (${spec.shape.join(', ')})`);
    }
    return arr;
  }
}

export function loadCase(kernel: string, caseName: string): ConformanceCase {
  return new ConformanceCase({ path: `${kernel}/${caseName}` });
}

/**
 * Volume dims `[nx, ny, nz]` for a C-order shape: (z, y, x) → [x, y, z]; a 2D (y, x)
 * image is a single slice, [x, y, 1]; a 1D array is one row.
 */
export function dimsOfShape(shape: readonly number[]): [number, number, number] {
  if (shape.length === 3) return [shape[2]!, shape[1]!, shape[0]!];
  if (shape.length === 2) return [shape[1]!, shape[0]!, 1];
  if (shape.length === 1) return [shape[0]!, 1, 1];
  throw new RangeError(`no volume dims for shape (${shape.join(', ')})`);
}

export interface CompareResult {
  ok: boolean;
  /** How the arrays matched: `exact`, `partition` (same partition, other numbering) or `close`. */
  matched?: 'exact' | 'partition' | 'close';
  message: string;
}

type Numeric = ArrayLike<number>;

function where(index: number, shape: readonly number[]): string {
  const coords: number[] = [];
  let rest = index;
  for (let a = shape.length - 1; a >= 0; --a) {
    const n = shape[a]!;
    coords.unshift(rest % n);
    rest = Math.floor(rest / n);
  }
  return `index ${index} (${shape.length === 3 ? 'z, y, x' : shape.length === 2 ? 'y, x' : 'C order'} = ${coords.join(', ')})`;
}

function compareExact(a: Numeric, e: Numeric, shape: readonly number[]): CompareResult {
  let first = -1;
  let count = 0;
  for (let i = 0; i < e.length; ++i) {
    if (a[i] !== e[i] && !(Number.isNaN(a[i]) && Number.isNaN(e[i]))) {
      if (first < 0) first = i;
      ++count;
    }
  }
  if (count === 0) return { ok: true, matched: 'exact', message: 'exact match' };
  return {
    ok: false,
    message: `${count} of ${e.length} elements differ; first at ${where(first, shape)}: got ${a[first]}, expected ${e[first]}`,
  };
}

// Same partition: a one-to-one map between actual and expected labels, 0 only to 0.
function comparePartition(a: Numeric, e: Numeric, shape: readonly number[]): CompareResult {
  const aToE = new Map<number, number>();
  const eToA = new Map<number, number>();
  for (let i = 0; i < e.length; ++i) {
    const x = a[i]!;
    const y = e[i]!;
    if ((x === 0) !== (y === 0)) {
      return { ok: false, message: `background differs at ${where(i, shape)}: got ${x}, expected ${y}` };
    }
    const mapped = aToE.get(x);
    if (mapped === undefined) aToE.set(x, y);
    else if (mapped !== y) {
      return { ok: false, message: `label ${x} covers expected labels ${mapped} and ${y} (split missing at ${where(i, shape)})` };
    }
    const back = eToA.get(y);
    if (back === undefined) eToA.set(y, x);
    else if (back !== x) {
      return { ok: false, message: `expected label ${y} is split into labels ${back} and ${x} (at ${where(i, shape)})` };
    }
  }
  return { ok: true, matched: 'partition', message: `same partition (${aToE.size - (aToE.has(0) ? 1 : 0)} labels), numbered differently` };
}

function compareIntegerClose(a: Numeric, e: Numeric, shape: readonly number[], c: CompareSpec): CompareResult {
  const maxAbs = c.max_abs_diff ?? 0;
  const maxFraction = c.max_mismatch_fraction ?? 0;
  let mismatches = 0;
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < e.length; ++i) {
    const d = Math.abs(a[i]! - e[i]!);
    if (d !== 0) ++mismatches;
    if (d > worst) {
      worst = d;
      worstAt = i;
    }
  }
  const fraction = e.length === 0 ? 0 : mismatches / e.length;
  const stats = `${mismatches} of ${e.length} differ (${(fraction * 100).toFixed(3)}%, allowed ${(maxFraction * 100).toFixed(3)}%), max |diff| ${worst} (allowed ${maxAbs})`;
  if (worst > maxAbs || Number.isNaN(worst)) {
    return { ok: false, message: `${stats}; worst at ${where(worstAt, shape)}: got ${a[worstAt]}, expected ${e[worstAt]}` };
  }
  if (fraction > maxFraction) return { ok: false, message: stats };
  return { ok: true, matched: mismatches === 0 ? 'exact' : 'close', message: stats };
}

function compareAllclose(a: Numeric, e: Numeric, shape: readonly number[], c: CompareSpec): CompareResult {
  const atol = c.atol ?? 0;
  const rtol = c.rtol ?? 0;
  let bad = 0;
  let first = -1;
  let worst = 0;
  for (let i = 0; i < e.length; ++i) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y);
    if (d > worst || Number.isNaN(d)) worst = Number.isNaN(d) ? Infinity : d;
    if (!(d <= atol + rtol * Math.abs(y))) {
      if (first < 0) first = i;
      ++bad;
    }
  }
  const stats = `max |diff| ${worst} (atol ${atol}, rtol ${rtol})`;
  if (bad === 0) return { ok: true, matched: worst === 0 ? 'exact' : 'close', message: stats };
  return {
    ok: false,
    message: `${bad} of ${e.length} elements outside tolerance, ${stats}; first at ${where(first, shape)}: got ${a[first]}, expected ${e[first]}`,
  };
}

/**
 * Compares a kernel's output with a case's expected array under the case's `compare`
 * spec (shared/conformance/README.md). `actual` is in the same C order as the .npy
 * (for volumes, x-fastest = (z, y, x) C order). Values are compared, not dtypes.
 */
export function compareArrays(actual: Numeric, expected: NpyArray, compare: CompareSpec): CompareResult {
  const e = expected.data;
  if (actual.length !== e.length) {
    return { ok: false, message: `got ${actual.length} elements, expected ${e.length} (shape (${expected.shape.join(', ')}))` };
  }
  switch (compare.mode) {
    case 'exact': {
      const exact = compareExact(actual, e, expected.shape);
      if (exact.ok || compare.alternative !== 'partition') return exact;
      const partition = comparePartition(actual, e, expected.shape);
      return partition.ok ? partition : { ok: false, message: `${exact.message}; and not the same partition: ${partition.message}` };
    }
    case 'integer_close':
      return compareIntegerClose(actual, e, expected.shape, compare);
    case 'allclose':
      return compareAllclose(actual, e, expected.shape, compare);
    case 'mesh':
      // TODO(marching cubes): area, enclosed volume and vertex Hausdorff as in the README.
      throw new Error('compare mode "mesh" is not implemented yet in test/helpers/conformance.ts');
    default:
      throw new Error(`unknown compare mode ${JSON.stringify((compare as { mode: unknown }).mode)}`);
  }
}

/**
 * Checks one output of a case and throws a message naming the case and output when it
 * does not conform. Cases marked `optional` only log the mismatch.
 */
export function expectConformant(c: ConformanceCase, outputName: string, actual: Numeric): CompareResult {
  const result = compareArrays(actual, c.output(outputName), c.spec.compare);
  if (result.ok) return result;
  const message = `${c.name} output ${outputName}: ${result.message}`;
  if (c.spec.compare.optional) {
    console.warn(`[conformance] optional case differs (not a failure): ${message}`);
    return result;
  }
  throw new Error(message);
}
