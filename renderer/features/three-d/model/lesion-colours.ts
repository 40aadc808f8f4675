// The review's model file, not its index (which pulls in React).
import { STATE_COLORS } from '../../review/model/lesion-list';

/** A lesion as the 3D pane needs it: its key, review state and world centre. */
export interface LesionLike {
  key: string;
  state: keyof typeof STATE_COLORS;
  center: readonly [number, number, number];
  diameterMm: number | null;
}

/** A group's colour: its lesion's review state as the lesion list shows it; a label with no lesion takes `fallback`. */
export function groupColour(lesionKey: string | null, lesions: readonly LesionLike[], fallback: string): string {
  if (lesionKey === null) return fallback;
  const l = lesions.find((x) => x.key === lesionKey);
  return l ? STATE_COLORS[l.state] : fallback;
}

/** The selected lesion's highlight: brighter than any state colour, on a dark background. */
export const SELECTED_COLOUR = '#ffffff';
