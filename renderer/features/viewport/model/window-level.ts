import { WINDOW_PRESETS, type WindowPreset } from './window-presets';

/** The display window shown: a preset's, or "custom" after a drag. */
export interface DisplayWindow {
  name: string;
  width: number;
  level: number;
}

export const MIN_WIDTH = 1;

/**
 * Window after a right-button drag of (dx, dy) canvas pixels from `start`: horizontal
 * changes the width (right = wider), vertical the level (down = higher level, the image
 * darkens, as in most PACS). The rate grows with the width so a bone window and a narrow
 * brain window both feel usable: max(1, width/250) HU per pixel.
 */
export function dragWindow(start: { width: number; level: number }, dx: number, dy: number): DisplayWindow {
  const rate = Math.max(1, start.width / 250);
  const width = Math.max(MIN_WIDTH, Math.round(start.width + dx * rate));
  const level = Math.round(start.level + dy * rate);
  return { name: presetMatching(width, level)?.name ?? 'custom', width, level };
}

/** A preset with exactly this width and level, or null. */
export function presetMatching(width: number, level: number): WindowPreset | null {
  return WINDOW_PRESETS.find((p) => p.width === width && p.level === level) ?? null;
}

/** "lung · W 1500 / L -600", "custom · W 812 / L -433", with "· inverted" when inverted. */
export function windowLabel(w: DisplayWindow, inverted: boolean): string {
  return `${w.name} · W ${w.width} / L ${w.level}${inverted ? ' · inverted' : ''}`;
}
