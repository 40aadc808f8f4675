import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { requestAllowed } from '../../../electron/main/app-origin';
import { guardWebContents, lockDownSession, navigationAllowed, type GuardedContents, type LockedSession } from '../../../electron/main/web-contents-guard';

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

describe('session lock-down', () => {
  function fakeSession() {
    const seen: Record<string, unknown> = {};
    const emitter = new EventEmitter();
    const session = {
      setPermissionRequestHandler: (h: unknown) => (seen.request = h),
      setPermissionCheckHandler: (h: unknown) => (seen.check = h),
      setDevicePermissionHandler: (h: unknown) => (seen.device = h),
      setDisplayMediaRequestHandler: (h: unknown) => (seen.display = h),
      on: (name: string, l: (...a: unknown[]) => void) => emitter.on(name, l),
      webRequest: { onBeforeRequest: (h: unknown) => (seen.beforeRequest = h) },
    };
    return { session: session as unknown as LockedSession, seen, emitter };
  }

  it('denies every permission request and check, every device and screen capture', () => {
    const s = fakeSession();
    lockDownSession(s.session, requestAllowed);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal', 'hid']) {
      let answer: boolean | undefined;
      (s.seen.request as (w: unknown, p: string, cb: (ok: boolean) => void) => void)({}, permission, (ok) => (answer = ok));
      expect(answer, permission).toBe(false);
      expect((s.seen.check as (w: unknown, p: string) => boolean)({}, permission), permission).toBe(false);
    }
    expect((s.seen.device as () => boolean)()).toBe(false);
    let streams: unknown;
    (s.seen.display as (r: unknown, cb: (s: unknown) => void) => void)({}, (x) => (streams = x));
    expect(streams).toEqual({});
  });

  it('cancels downloads and every request that is not our own', () => {
    const s = fakeSession();
    lockDownSession(s.session, requestAllowed);
    let prevented = false;
    s.emitter.emit('will-download', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      (s.seen.beforeRequest as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('lungdesk://app/assets/a.js')).toBe(false);
    expect(decide('https://example.com/a.js')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
  });
});
