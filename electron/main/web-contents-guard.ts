import type { WebContents } from 'electron';
import { isAppUrl } from './app-origin';

/** The part of WebContents the guard uses (so it can be checked without a browser). */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Navigation (main frame, sub-frame or redirect) stays on our app's origin. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The app-wide guard, installed from `app.on('web-contents-created')` so it covers every
 * WebContents, including any a bug or an exploit might create: no <webview>, no new windows
 * (the product opens nothing external: it is offline), and no navigation, redirect or frame
 * navigation that leaves `lungdesk://app`.
 */
export function guardWebContents(contents: GuardedContents, log: (line: string) => void = () => {}): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('[guard] refused a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`[guard] refused to open a window on ${url}`);
    return { action: 'deny' };
  });
  const stayHome = (kind: string) => (event: { preventDefault(): void; url: string }) => {
    if (navigationAllowed(event.url)) return;
    event.preventDefault();
    log(`[guard] refused ${kind} to ${event.url}`);
  };
  contents.on('will-navigate', stayHome('navigation'));
  contents.on('will-redirect', stayHome('redirect'));
  contents.on('will-frame-navigate', stayHome('frame navigation'));
}
