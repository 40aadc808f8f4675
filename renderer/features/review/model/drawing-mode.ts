/**
 * How the views draw annotations: one thin contour per lesion (default), every source's own
 * drawing (each reader's outline, LUNA16 and user circles), or nothing at all.
 */
export type DrawingMode = 'lesions' | 'sources' | 'hidden';

/** The one key that hides all drawing brings back what was shown before. */
export function toggleHidden(mode: DrawingMode, before: Exclude<DrawingMode, 'hidden'>): DrawingMode {
  return mode === 'hidden' ? before : 'hidden';
}

/** Per-source drawing on demand: lesions ↔ sources (from hidden, shows sources). */
export function toggleSources(mode: DrawingMode): DrawingMode {
  return mode === 'sources' ? 'lesions' : 'sources';
}

export const DRAWING_LABELS: Record<DrawingMode, string> = { lesions: 'One contour per lesion', sources: 'Every reader’s own drawing', hidden: 'Drawing hidden' };
