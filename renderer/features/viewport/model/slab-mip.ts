/** Slab maximum-intensity projection: nodules stand out as bright dots in a thick slab. */
export interface SlabSettings {
  on: boolean;
  thicknessMm: number;
}

export const DEFAULT_SLAB: SlabSettings = { on: false, thicknessMm: 10 };

/** The thicknesses T / Shift+T step through (mm); the input accepts any value in range. */
export const SLAB_STEPS_MM = [2, 5, 10, 15, 20, 30, 40, 60] as const;
export const SLAB_MIN_MM = 1;
export const SLAB_MAX_MM = 100;

export function clampSlab(mm: number): number {
  if (!Number.isFinite(mm)) return DEFAULT_SLAB.thicknessMm;
  return Math.min(SLAB_MAX_MM, Math.max(SLAB_MIN_MM, mm));
}

/** The next step thicker (dir 1) or thinner (dir -1) than `mm`, clamped to the steps' ends. */
export function stepSlab(mm: number, dir: 1 | -1): number {
  if (dir > 0) return SLAB_STEPS_MM.find((s) => s > mm + 1e-6) ?? SLAB_STEPS_MM[SLAB_STEPS_MM.length - 1]!;
  return [...SLAB_STEPS_MM].reverse().find((s) => s < mm - 1e-6) ?? SLAB_STEPS_MM[0]!;
}

/** A remembered value, or null when malformed. */
export function parseSlab(v: unknown): SlabSettings | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.on !== 'boolean' || typeof o.thicknessMm !== 'number' || !Number.isFinite(o.thicknessMm)) return null;
  return { on: o.on, thicknessMm: clampSlab(o.thicknessMm) };
}

/** "MIP 10 mm" / "MIP off" for the bar. */
export function slabLabel(s: SlabSettings): string {
  return s.on ? `MIP ${Math.round(s.thicknessMm * 10) / 10} mm` : 'MIP off';
}
