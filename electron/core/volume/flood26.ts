/**
 * Grows the 26-connected region from `start` (x-fastest flat index on a grid of `dims`)
 * through the voxels `canEnter` accepts, calling `enter` on each as it is reached (`start`
 * first, unchecked). `enter` must make `canEnter` false for that voxel, so each is visited once.
 * Depth-first; the order of visits is not part of the contract.
 */
export function flood26(dims: readonly [number, number, number], start: number, canEnter: (j: number) => boolean, enter: (j: number) => void): void {
  const [nx, ny, nz] = dims;
  const stack = [start];
  enter(start);
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % nx;
    const y = Math.floor(i / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    for (let dz = -1; dz <= 1; dz++) {
      const zz = z + dz;
      if (zz < 0 || zz >= nz) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= ny) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= nx) continue;
          const j = xx + nx * (yy + ny * zz);
          if (!canEnter(j)) continue;
          enter(j);
          stack.push(j);
        }
      }
    }
  }
}
