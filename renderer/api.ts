import type { LungDeskApi } from '../electron/common/contract';

/**
 * The ONE place that reads `window.lungdesk`. Electron's preload and the browser host's
 * bridge script both define it before this code runs; tests may pass a fake instead.
 */
let override: LungDeskApi | null = null;

export function api(): LungDeskApi {
  if (override) return override;
  const bridge = (window as unknown as { lungdesk?: LungDeskApi }).lungdesk;
  if (!bridge) {
    throw new Error(
      'window.lungdesk is missing: open LungDesk through Electron or the URL printed by the browser host (it injects lungdesk-bridge.js).',
    );
  }
  return bridge;
}

/** Replaces the backend (tests, storybook-like harnesses). */
export function setApiForTests(fake: LungDeskApi | null): void {
  override = fake;
}
