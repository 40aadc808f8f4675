import type { PaneId } from './layouts';
import type { VolumeLoadState } from './progressive-load';

/**
 * What a pane says over its image while the volume streams in, or null when it shows its
 * image. The axial pane opens on its current slice, loaded before anything is drawn, so it
 * shows that at once. Coronal and sagittal cut across every slice: until all have arrived
 * most of their picture is slices not yet loaded (0 HU, a flat grey box), so they cover it
 * and say how far the load is instead.
 */
export function paneLoadingText(pane: PaneId, load: VolumeLoadState): string | null {
  if (pane === 'axial' || (load.state !== 'loading' && load.state !== 'partial')) return null;
  const percent = Math.min(99, Math.max(0, Math.floor(load.fraction * 100)));
  return load.state === 'loading' ? 'Loading volume…' : `Loading volume… ${percent} %`;
}
