import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { requestAllowed } from '../../../electron/main/app-origin';
import { lockDownSession, type LockedSession } from '../../../electron/main/session-lockdown';

// A Session exists only inside Electron; this stands in for the handlers it takes.
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
