import type { ErrorCode } from '../../electron/common/errors';
import { expect } from 'vitest';

/**
 * Golden and must-fail fixtures for the mask-editing operations, shared by every transport
 * (`transports.test.ts`). Inputs are built per scan (`scanId`, grid size `n`), since a change
 * is only valid on its grid. A golden fixture's answer is checked with `check`; a must-fail
 * fixture names the error code both transports must give.
 */
export interface Grid {
  scanId: number;
  n: number;
}

export interface GoldenFixture {
  name: string;
  op: 'saveMaskVersion' | 'writeMaskJournal';
  input: (g: Grid) => unknown;
  /** What the answer must contain (toMatchObject). */
  expect: (g: Grid) => unknown;
}

export interface MustFailFixture {
  name: string;
  op: 'saveMaskVersion' | 'writeMaskJournal' | 'diffMaskVersions';
  input: (g: Grid) => unknown;
  code: ErrorCode;
  message?: RegExp;
}

const save = (g: Grid, change: { runs: unknown; values: unknown }, labels: unknown[] = []) => ({
  scanId: g.scanId, parentId: null, kind: 'nodules', note: 'contract fixture', tools: ['brush'], labels, change,
});

export const golden: GoldenFixture[] = [
  {
    name: 'saveMaskVersion: two runs on an empty grid',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: Uint32Array.from([10, 3, 100, 2]), values: Uint8Array.from([1, 1, 1, 2, 2]) }, [{ value: 2, name: 'nodule 1', kind: 'nodule', lesionKey: 'L1' }]),
    expect: (g) => ({
      scanId: g.scanId, parentId: null, kind: 'nodules', note: 'contract fixture', tools: ['brush'], voxels: 5,
      labels: [{ value: 2, name: 'nodule 1', kind: 'nodule', lesionKey: 'L1' }],
      stats: [{ label: 1, voxels: 3, added: 3, removed: 0 }, { label: 2, voxels: 2, added: 2, removed: 0 }],
    }),
  },
  {
    name: 'saveMaskVersion: a run that ends on the last voxel',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: Uint32Array.from([g.n - 4, 4]), values: Uint8Array.from([7, 7, 7, 7]) }),
    expect: () => ({ voxels: 4, stats: [{ label: 7, voxels: 4, added: 4, removed: 0 }] }),
  },
  {
    name: 'writeMaskJournal: unsaved strokes on an empty grid',
    op: 'writeMaskJournal',
    input: (g) => ({ scanId: g.scanId, parentId: null, kind: 'lung', labels: [], tools: ['eraser'], change: { runs: Uint32Array.from([0, 2]), values: Uint8Array.from([1, 0]) } }),
    expect: () => ({ savedAt: expect.any(Number) as unknown }),
  },
];

export const mustFail: MustFailFixture[] = [
  {
    name: 'saveMaskVersion: a run out of the grid',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: Uint32Array.from([g.n - 1, 2]), values: Uint8Array.from([1, 1]) }),
    code: 'contract.bad-input',
    message: /leaves the grid/,
  },
  {
    name: 'saveMaskVersion: values of the wrong length',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: Uint32Array.from([0, 3]), values: Uint8Array.from([1, 1]) }),
    code: 'contract.bad-input',
    message: /values holds 2 labels, the runs cover 3 voxels/,
  },
  {
    name: 'saveMaskVersion: runs as a plain array, not a Uint32Array',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: [0, 1], values: Uint8Array.from([1]) }),
    code: 'contract.bad-input',
    message: /change\.runs: expected a Uint32Array/,
  },
  {
    name: 'saveMaskVersion: runs as bytes (Uint8Array), not a Uint32Array',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: Uint8Array.from([0, 1]), values: Uint8Array.from([1]) }),
    code: 'contract.bad-input',
    message: /change\.runs: expected a Uint32Array/,
  },
  {
    name: 'saveMaskVersion: overlapping runs',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: Uint32Array.from([5, 3, 6, 1]), values: new Uint8Array(4) }),
    code: 'contract.bad-input',
    message: /ascending and disjoint/,
  },
  {
    name: 'saveMaskVersion: a label above 255',
    op: 'saveMaskVersion',
    input: (g) => save(g, { runs: Uint32Array.from([0, 1]), values: Uint8Array.from([1]) }, [{ value: 256, name: 'x', kind: 'other' }]),
    code: 'contract.bad-input',
    message: /labels\.0\.value/,
  },
  {
    name: 'saveMaskVersion: a parent that does not exist',
    op: 'saveMaskVersion',
    input: (g) => ({ ...save(g, { runs: Uint32Array.from([0, 1]), values: Uint8Array.from([1]) }), parentId: 999_999 }),
    code: 'not-found',
  },
  {
    name: 'writeMaskJournal: a run out of the grid',
    op: 'writeMaskJournal',
    input: (g) => ({ scanId: g.scanId, parentId: null, kind: 'lung', labels: [], tools: [], change: { runs: Uint32Array.from([g.n, 1]), values: Uint8Array.from([1]) } }),
    code: 'contract.bad-input',
  },
  {
    name: 'diffMaskVersions: versions that do not exist',
    op: 'diffMaskVersions',
    input: () => ({ a: 999_998, b: 999_999 }),
    code: 'not-found',
  },
];
