/**
 * Test-side grids drawn as ASCII art: one string per slice (z), rows top to bottom (y), one
 * character per voxel (x). '.' is 0, digits are labels, '#' is 1; anything else is an error.
 */
export interface DrawnGrid {
  dims: [number, number, number];
  spacing: [number, number, number];
  labels: Uint8Array;
}

export function drawGrid(slices: readonly string[], spacing: [number, number, number] = [1, 1, 1]): DrawnGrid {
  const rows = slices.map((s) => s.split('\n').map((r) => r.trim()).filter((r) => r.length > 0));
  const ny = rows[0]!.length;
  const nx = rows[0]![0]!.length;
  const nz = rows.length;
  const labels = new Uint8Array(nx * ny * nz);
  rows.forEach((slice, z) => {
    if (slice.length !== ny) throw new Error(`slice ${z} has ${slice.length} rows, expected ${ny}`);
    slice.forEach((row, y) => {
      if (row.length !== nx) throw new Error(`slice ${z} row ${y} has ${row.length} columns, expected ${nx}`);
      for (let x = 0; x < nx; x++) labels[x + nx * (y + ny * z)] = valueOf(row[x]!);
    });
  });
  return { dims: [nx, ny, nz], spacing, labels };
}

function valueOf(c: string): number {
  if (c === '.') return 0;
  if (c === '#') return 1;
  if (/[0-9]/.test(c)) return Number(c);
  throw new Error(`unknown grid character '${c}'`);
}

/** Draws a grid back as ASCII art (labels > 9 print as '+'), one slice per string. */
export function showGrid(dims: readonly [number, number, number], labels: Uint8Array): string[] {
  const [nx, ny, nz] = dims;
  const out: string[] = [];
  for (let z = 0; z < nz; z++) {
    const rows: string[] = [];
    for (let y = 0; y < ny; y++) {
      let row = '';
      for (let x = 0; x < nx; x++) {
        const v = labels[x + nx * (y + ny * z)]!;
        row += v === 0 ? '.' : v > 9 ? '+' : String(v);
      }
      rows.push(row);
    }
    out.push(rows.join('\n'));
  }
  return out;
}

/** Flat indices (ascending) of the voxels holding `label`. */
export function indicesOf(labels: Uint8Array, label: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) out.push(i);
  return Uint32Array.from(out);
}

/** A 2D picture of which voxels an index list covers on slice z ('#' in, '.' out). */
export function showIndices(dims: readonly [number, number, number], indices: Uint32Array, z = 0): string {
  const [nx, ny] = dims;
  const set = new Set(indices);
  const rows: string[] = [];
  for (let y = 0; y < ny; y++) {
    let row = '';
    for (let x = 0; x < nx; x++) row += set.has(x + nx * (y + ny * z)) ? '#' : '.';
    rows.push(row);
  }
  return rows.join('\n');
}

export const u32 = (xs: readonly number[]): Uint32Array => Uint32Array.from(xs);
