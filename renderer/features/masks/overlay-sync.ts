import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import type { ShownVolume } from '../viewport';
import { addLabelmapOverlay, removeLabelmapOverlay, styleLabelmapOverlay, type LabelmapOverlay } from './labelmap-overlay';
import { DEFAULT_OVERLAY_SETTINGS, OVERLAY_LAYERS, type OverlayLayer, type OverlaySettings } from './model/overlay-settings';

/** Where an overlay is: nothing to show, its mask being fetched, on the viewports, or failed. */
export type LayerState = 'none' | 'loading' | 'shown' | 'error';

/**
 * Keeps each overlay's labelmap on the viewports in step with what should be shown, across
 * the async mask fetch: a newer request (another version, another scan, the volume leaving)
 * wins, and a stale fetch is dropped without ever reaching Cornerstone. Not React: the hook
 * owns one and tells it what to show and how.
 */
export class OverlaySync {
  private readonly current = new Map<OverlayLayer, LabelmapOverlay>();
  /** What each overlay was last asked to show ("volumeId#maskId"), null for nothing. */
  private readonly wanted = new Map<OverlayLayer, string | null>();
  private readonly tokens: Record<OverlayLayer, number> = { lung: 0, nodules: 0 };
  private settings: OverlaySettings = DEFAULT_OVERLAY_SETTINGS;

  constructor(
    private readonly report: (layer: OverlayLayer, state: LayerState) => void,
    private readonly onError: (e: DisplayError) => void,
  ) {}

  /** Shows mask `maskId` as `layer` over `shown`, or nothing when either is null. Asking again for the same is a no-op. */
  show(layer: OverlayLayer, shown: ShownVolume | null, maskId: number | null): void {
    const key = shown && maskId !== null ? `${shown.volumeId}#${maskId}` : null;
    if (this.wanted.has(layer) && this.wanted.get(layer) === key) return;
    this.wanted.set(layer, key);
    const token = ++this.tokens[layer];
    this.drop(layer);
    if (!shown || maskId === null) {
      this.report(layer, 'none');
      return;
    }
    this.report(layer, 'loading');
    api()
      .getMask({ maskId })
      .then((mask) => {
        if (token !== this.tokens[layer]) return;
        const overlay = addLabelmapOverlay(shown, layer, mask);
        this.current.set(layer, overlay);
        styleLabelmapOverlay(overlay, this.settings[layer]);
        this.report(layer, 'shown');
      })
      .catch((e: unknown) => {
        if (token !== this.tokens[layer]) return;
        this.report(layer, 'error');
        this.onError(toDisplayError(e));
      });
  }

  /** Applies settings to the overlays on the viewports, and to those still loading once they arrive. */
  style(settings: OverlaySettings): void {
    const before = this.settings;
    this.settings = settings;
    for (const [layer, overlay] of this.current) {
      if (before[layer] !== settings[layer]) styleLabelmapOverlay(overlay, settings[layer]);
    }
  }

  /** Removes every overlay and forgets pending fetches. */
  dispose(): void {
    for (const layer of OVERLAY_LAYERS) {
      this.tokens[layer]++;
      this.drop(layer);
    }
    this.wanted.clear();
  }

  private drop(layer: OverlayLayer): void {
    const overlay = this.current.get(layer);
    if (!overlay) return;
    this.current.delete(layer);
    removeLabelmapOverlay(overlay);
  }
}
