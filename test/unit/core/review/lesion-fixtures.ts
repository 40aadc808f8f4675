import type { VolumeGeometry } from '../../../../electron/common/geometry';
import type { SparseMask } from '../../../../electron/core/annotations/lidc/sparse-mask';
import type { LesionMark } from '../../../../electron/core/review';

/** 1 mm voxels in x and y, 2 mm slices, origin at 0: voxel (i, j, k) is at (i, j, 2k) mm. */
export const GRID: VolumeGeometry = { dims: [64, 64, 32], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

/** A box of set voxels, inclusive bounds. */
export function boxMask(x0: number, y0: number, z0: number, x1: number, y1: number, z1: number): SparseMask {
  return { bbox: { x0, y0, z0, x1, y1, z1 }, mask: new Uint8Array((x1 - x0 + 1) * (y1 - y0 + 1) * (z1 - z0 + 1)).fill(1) };
}

const centre = (m: SparseMask): [number, number, number] => [(m.bbox.x0 + m.bbox.x1) / 2, (m.bbox.y0 + m.bbox.y1) / 2, ((m.bbox.z0 + m.bbox.z1) / 2) * 2];

let nextId = 1;
/** An LIDC reader's contoured mark (session 1-based) over `mask`. */
export function readerMark(session: number, mask: SparseMask, markId = `n${nextId}`): LesionMark {
  const id = nextId++;
  return { id, source: 'lidc-xml', kind: 'reader', reader: `lidc:x.xml#${session}`, ref: `lidc:x.xml#${session}:reader:${markId}`, center: centre(mask), diameterMm: 5, mask };
}

export function pointMark(session: number, kind: 'small-nodule' | 'non-nodule', center: [number, number, number], markId = `p${nextId}`): LesionMark {
  const id = nextId++;
  return { id, source: 'lidc-xml', kind, reader: `lidc:x.xml#${session}`, ref: `lidc:x.xml#${session}:${kind}:${markId}`, center, diameterMm: null };
}

export function lunaRow(line: number, center: [number, number, number], diameterMm: number): LesionMark {
  return { id: nextId++, source: 'luna-csv', kind: 'nodule', reader: 'luna16', ref: `luna:annotations.csv:${line}`, center, diameterMm };
}

export function userMark(center: [number, number, number], diameterMm: number): LesionMark {
  const id = nextId++;
  return { id, source: 'user', kind: 'nodule', reader: 'user', ref: `user:${id}`, center, diameterMm };
}
