import { sliceNumber } from './montage-slices';

/**
 * Where each tile of a montage goes on its canvas. Tiles keep the slice's aspect in mm, not
 * in voxels: a 512×512 slice with 0.7 × 0.9 mm pixels is drawn taller than wide, as the
 * viewer draws it. Tiles run in reading order (left to right, then down) in the order given.
 */

/** Shape the montage grid aims for, width / height: landscape, like the screen and a page. */
export const MONTAGE_ASPECT = 4 / 3;

export interface MontageOptions {
  /** Longest tile side, canvas px. */
  maxTileSide: number;
  /** Longest canvas side, px; tiles shrink to keep a step-1 montage of a long scan drawable. */
  maxCanvasSide: number;
  /** Space between and around tiles, px. */
  gap: number;
  /** Grid aspect (width / height) to aim for. */
  aspect: number;
}

export const DEFAULT_MONTAGE_OPTIONS: MontageOptions = { maxTileSide: 256, maxCanvasSide: 4096, gap: 2, aspect: MONTAGE_ASPECT };

export interface MontageTile {
  /** 0-based axial slice index. */
  slice: number;
  /** The 1-based slice number drawn on the tile. */
  label: string;
  x: number;
  y: number;
}

export interface MontageLayout {
  cols: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  gap: number;
  /** Canvas size, px. */
  width: number;
  height: number;
  tiles: MontageTile[];
}

/** A spacing usable as a length: a missing, zero or negative value counts as 1 mm. */
function mm(spacing: number | undefined): number {
  return spacing !== undefined && Number.isFinite(spacing) && spacing > 0 ? spacing : 1;
}

/** Width / height of an axial slice in mm: (nx · sx) / (ny · sy). */
export function sliceAspect(dims: readonly number[], spacing: readonly number[]): number {
  const w = Math.max(1, dims[0] ?? 1) * mm(spacing[0]);
  const h = Math.max(1, dims[1] ?? 1) * mm(spacing[1]);
  return w / h;
}

/**
 * Tile size in px for a slice of width/height `aspect` (mm), its longer side `longSide` px,
 * the other rounded, never below 1.
 */
export function tileSize(aspect: number, longSide: number): { width: number; height: number } {
  const s = Math.max(1, Math.floor(longSide));
  if (aspect >= 1) return { width: s, height: Math.max(1, Math.round(s / aspect)) };
  return { width: Math.max(1, Math.round(s * aspect)), height: s };
}

/**
 * Columns and rows for `count` tiles of width/height `tileAspect`, making the whole grid's
 * aspect closest to `targetAspect` (compared as ratios, so 2× too wide = 2× too tall).
 * Shapes that leave a whole column empty are skipped; ties go to fewer empty cells, then to
 * more columns.
 */
export function gridShape(count: number, tileAspect: number, targetAspect: number = MONTAGE_ASPECT): { cols: number; rows: number } {
  const n = Math.max(0, Math.floor(count));
  if (n === 0) return { cols: 0, rows: 0 };
  const a = tileAspect > 0 && Number.isFinite(tileAspect) ? tileAspect : 1;
  const t = targetAspect > 0 && Number.isFinite(targetAspect) ? targetAspect : MONTAGE_ASPECT;
  let best = { cols: 1, rows: n };
  let bestMiss = Infinity;
  let bestEmpty = Infinity;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    if (cols > 1 && rows * (cols - 1) >= n) continue;
    const miss = Math.abs(Math.log((cols * a) / rows / t));
    const empty = cols * rows - n;
    // 1e-9: equal ratios computed two ways must tie.
    if (miss < bestMiss - 1e-9 || (Math.abs(miss - bestMiss) <= 1e-9 && empty <= bestEmpty)) {
      best = { cols, rows };
      bestMiss = miss;
      bestEmpty = empty;
    }
  }
  return best;
}

/**
 * The montage of `slices` for a volume of `dims` voxels and `spacing` mm: the grid, the tile
 * size (longest side `maxTileSide`, smaller when the canvas would pass `maxCanvasSide`), and
 * each tile's top-left corner.
 */
export function montageLayout(
  slices: readonly number[],
  dims: readonly number[],
  spacing: readonly number[],
  options: Partial<MontageOptions> = {},
): MontageLayout {
  const o = { ...DEFAULT_MONTAGE_OPTIONS, ...options };
  const gap = Math.max(0, Math.floor(o.gap));
  const aspect = sliceAspect(dims, spacing);
  const { cols, rows } = gridShape(slices.length, aspect, o.aspect);
  if (cols === 0) return { cols: 0, rows: 0, tileWidth: 0, tileHeight: 0, gap, width: 0, height: 0, tiles: [] };
  // The tile's width and height as fractions of its long side.
  const fw = aspect >= 1 ? 1 : aspect;
  const fh = aspect >= 1 ? 1 / aspect : 1;
  const fitW = (o.maxCanvasSide - gap * (cols + 1)) / (cols * fw);
  const fitH = (o.maxCanvasSide - gap * (rows + 1)) / (rows * fh);
  const longSide = Math.max(1, Math.floor(Math.min(o.maxTileSide, fitW, fitH)));
  const { width: tileWidth, height: tileHeight } = tileSize(aspect, longSide);
  const tiles = slices.map((slice, i) => ({
    slice,
    label: sliceNumber(slice),
    x: gap + (i % cols) * (tileWidth + gap),
    y: gap + Math.floor(i / cols) * (tileHeight + gap),
  }));
  return {
    cols,
    rows,
    tileWidth,
    tileHeight,
    gap,
    width: gap + cols * (tileWidth + gap),
    height: gap + rows * (tileHeight + gap),
    tiles,
  };
}
