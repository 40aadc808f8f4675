import { expect } from 'vitest';

/** A drawn volume, grid[z][y][x] (VolView's habit: tests draw their inputs). */
export type Grid = number[][][];

type Ctor<T> = { new (n: number): T };
type Writable = { [i: number]: number; length: number };

/** Flattens a drawn grid[z][y][x] to x-fastest order, index x + nx*(y + ny*z). */
export function volume<T extends Writable = Uint8Array>(grid: Grid, ctor: Ctor<T> = Uint8Array as unknown as Ctor<T>): { data: T; dims: [number, number, number] } {
  const nz = grid.length;
  const ny = grid[0]!.length;
  const nx = grid[0]![0]!.length;
  const data = new ctor(nx * ny * nz);
  grid.forEach((plane, z) =>
    plane.forEach((row, y) => {
      expect(row.length).toBe(nx);
      row.forEach((v, x) => {
        data[x + nx * (y + ny * z)] = v;
      });
    }),
  );
  return { data, dims: [nx, ny, nz] };
}

/** The inverse of `volume`: flat x-fastest values back to grid[z][y][x]. */
export function toGrid(flat: ArrayLike<number>, [nx, ny, nz]: readonly [number, number, number]): Grid {
  const out: Grid = [];
  for (let z = 0; z < nz; ++z) {
    const plane: number[][] = [];
    for (let y = 0; y < ny; ++y) plane.push(Array.from({ length: nx }, (_, x) => flat[x + nx * (y + ny * z)]!));
    out.push(plane);
  }
  return out;
}
