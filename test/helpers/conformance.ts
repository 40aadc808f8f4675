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

/** A triangle mesh as the kernels return it: flat (x, y, z) vertex triples, flat index triples. */
export interface MeshLike {
  vertices: ArrayLike<number>;
  faces: ArrayLike<number>;
}

/** Surface area, signed enclosed volume sum(v0 . (v1 x v2))/6 and whether every edge has exactly two faces. */
export function meshMeasures(mesh: MeshLike): { area: number; signedVolume: number; closed: boolean } {
  const v = mesh.vertices;
  const f = mesh.faces;
  let area = 0;
  let signedVolume = 0;
  const edges = new Map<number, number>();
  const nv = v.length / 3;
  for (let t = 0; t + 2 < f.length; t += 3) {
    const a = f[t]! * 3;
    const b = f[t + 1]! * 3;
    const c = f[t + 2]! * 3;
    const e1 = [v[b]! - v[a]!, v[b + 1]! - v[a + 1]!, v[b + 2]! - v[a + 2]!];
    const e2 = [v[c]! - v[a]!, v[c + 1]! - v[a + 1]!, v[c + 2]! - v[a + 2]!];
    const n = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!];
    area += Math.hypot(n[0]!, n[1]!, n[2]!) / 2;
    signedVolume +=
      (v[a]! * (v[b + 1]! * v[c + 2]! - v[b + 2]! * v[c + 1]!) -
        v[a + 1]! * (v[b]! * v[c + 2]! - v[b + 2]! * v[c]!) +
        v[a + 2]! * (v[b]! * v[c + 1]! - v[b + 1]! * v[c]!)) /
      6;
    for (let k = 0; k < 3; ++k) {
      const p = f[t + k]!;
      const q = f[t + ((k + 1) % 3)]!;
      const key = Math.min(p, q) * nv + Math.max(p, q);
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  let closed = f.length > 0;
  for (const count of edges.values()) if (count !== 2) closed = false;
  return { area, signedVolume, closed };
}

// Largest distance from a point of `from` to its nearest point of `to` (flat xyz triples),
// through a grid of unit cells over `to`, searched ring by ring.
function directedHausdorff(from: ArrayLike<number>, to: ArrayLike<number>): number {
  if (from.length === 0) return 0;
  if (to.length === 0) return Infinity;
  const cells = new Map<string, number[]>();
  const cellOf = (x: number, y: number, z: number): string => `${Math.floor(x)},${Math.floor(y)},${Math.floor(z)}`;
  for (let i = 0; i < to.length; i += 3) {
    const key = cellOf(to[i]!, to[i + 1]!, to[i + 2]!);
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  }
  let worst = 0;
  for (let i = 0; i < from.length; i += 3) {
    const x = from[i]!;
    const y = from[i + 1]!;
    const z = from[i + 2]!;
    const cx = Math.floor(x);
    const cy = Math.floor(y);
    const cz = Math.floor(z);
    let best = Infinity;
    // Points beyond ring r are at least r away, so stop once best <= r.
    for (let r = 0; r <= 64 && !(best <= r); ++r) {
      for (let dz = -r; dz <= r; ++dz)
        for (let dy = -r; dy <= r; ++dy)
          for (let dx = -r; dx <= r; ++dx) {
            if (Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) !== r) continue;
            const list = cells.get(`${cx + dx},${cy + dy},${cz + dz}`);
            if (!list) continue;
            for (const j of list) best = Math.min(best, Math.hypot(to[j]! - x, to[j + 1]! - y, to[j + 2]! - z));
          }
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

/**
 * The `mesh` compare mode (marching cubes): surface area within `area_rtol`, enclosed
 * volume within `volume_rtol` (only when that is set and the expected mesh is closed), and
 * the symmetric Hausdorff distance between the two vertex sets at most
 * `hausdorff_max_voxels`. `actual` vertices are (x, y, z) triples; `expectedVerts` is
 * skimage's (n, 3) array in (z, y, x), swapped here; faces are index triples. Any valid
 * triangulation passes.
 */
export function compareMesh(actual: MeshLike, expectedVerts: NpyArray, expectedFaces: NpyArray, compare: CompareSpec): CompareResult {
  const ev = expectedVerts.data;
  const expectedXyz = new Float64Array(ev.length);
  for (let i = 0; i < ev.length; i += 3) {
    expectedXyz[i] = ev[i + 2]!;
    expectedXyz[i + 1] = ev[i + 1]!;
    expectedXyz[i + 2] = ev[i]!;
  }
  const expected = meshMeasures({ vertices: expectedXyz, faces: expectedFaces.data });
  const got = meshMeasures(actual);
  const problems: string[] = [];
  const areaRtol = compare.area_rtol ?? 0.01;
  const areaDiff = Math.abs(got.area - expected.area) / Math.max(expected.area, 1e-12);
  let stats = `area ${got.area.toFixed(3)} vs ${expected.area.toFixed(3)} (rel ${areaDiff.toExponential(2)}, allowed ${areaRtol})`;
  if (!(areaDiff <= areaRtol)) problems.push('area');
  const volumeRtol = compare.volume_rtol;
  if (typeof volumeRtol === 'number' && expected.closed) {
    const volDiff = Math.abs(got.signedVolume - expected.signedVolume) / Math.max(Math.abs(expected.signedVolume), 1e-12);
    stats += `; volume ${got.signedVolume.toFixed(3)} vs ${expected.signedVolume.toFixed(3)} (rel ${volDiff.toExponential(2)}, allowed ${volumeRtol})`;
    if (!(volDiff <= volumeRtol)) problems.push('volume');
    if (!got.closed) problems.push('closedness (expected closed, got open)');
  }
  const hMax = compare.hausdorff_max_voxels ?? 0.5;
  const h = Math.max(directedHausdorff(actual.vertices, expectedXyz), directedHausdorff(expectedXyz, actual.vertices));
  stats += `; Hausdorff ${h.toFixed(4)} (allowed ${hMax})`;
  if (!(h <= hMax)) problems.push('Hausdorff distance');
  if (problems.length === 0) return { ok: true, matched: 'close', message: stats };
  return { ok: false, message: `${problems.join(', ')} out of tolerance: ${stats}` };
}
