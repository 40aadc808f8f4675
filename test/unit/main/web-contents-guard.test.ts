import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardWebContents, navigationAllowed, type GuardedContents } from '../../../electron/main/web-contents-guard';

// A WebContents cannot exist outside Electron; this stands in for its event surface only.
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, l: (...a: unknown[]) => void) => emitter.on(name, l),
    setWindowOpenHandler: (h: typeof openHandler) => {
      openHandler = h;
    },
  };
  const fire = (name: string, url: string): boolean => {
    let prevented = false;
    const event = { url, preventDefault: () => (prevented = true) };
    emitter.emit(name, event, url);
    return prevented;
  };
  return { contents: contents as unknown as GuardedContents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('web-contents guard', () => {
  it('refuses every <webview>', () => {
    const c = fakeContents();
    guardWebContents(c.contents);
    expect(c.fire('will-attach-webview', 'lungdesk://app/index.html')).toBe(true);
  });

  it('denies every new window, our own pages and external links alike', () => {
    const c = fakeContents();
    const logs: string[] = [];
    guardWebContents(c.contents, (l) => logs.push(l));
    expect(c.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(c.open('lungdesk://app/index.html')).toEqual({ action: 'deny' });
    expect(logs[0]).toContain('https://example.com/');
  });

  it('lets navigation, redirects and frame navigation stay on lungdesk://app and prevents any that leave it', () => {
    const c = fakeContents();
    guardWebContents(c.contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(c.fire(name, 'lungdesk://app/index.html'), name).toBe(false);
      for (const away of ['https://example.com/', 'file:///etc/passwd', 'lungdesk://evil/', 'javascript:alert(1)', 'http://127.0.0.1:1/']) {
        expect(c.fire(name, away), `${name} ${away}`).toBe(true);
      }
    }
    expect(navigationAllowed('lungdesk://app/#/scan/3')).toBe(true);
  });
});
