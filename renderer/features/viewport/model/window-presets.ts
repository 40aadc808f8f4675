/** A display window: width and level in HU. */
export interface WindowPreset {
  key: string;
  name: string;
  width: number;
  level: number;
}

/**
 * Presets on keys 1–4. "seed" is the DSB2017/LUNA16 normalisation range −1000..400 HU that
 * the preprocessing maps to 0..1, so the reader sees what the model will see.
 */
export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { key: '1', name: 'lung', width: 1500, level: -600 },
  { key: '2', name: 'mediastinum', width: 350, level: 40 },
  { key: '3', name: 'bone', width: 1800, level: 400 },
  { key: '4', name: 'seed', width: 1400, level: -300 },
];

/** The preset bound to a key, or null. */
export function presetForKey(key: string): WindowPreset | null {
  return WINDOW_PRESETS.find((p) => p.key === key) ?? null;
}
