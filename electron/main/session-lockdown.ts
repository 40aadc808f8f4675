import type { Session } from 'electron';

export type LockedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler' | 'on'
> & { webRequest: Pick<Session['webRequest'], 'onBeforeRequest'> };

/**
 * The session the window uses: every permission request and check answers no (camera,
 * microphone, notifications, geolocation, HID/USB/serial devices, screen capture: a review
 * workstation needs none), downloads are cancelled, and requests that are not our own
 * files are cancelled by `allowRequest`.
 */
export function lockDownSession(session: LockedSession, allowRequest: (url: string) => boolean, log: (line: string) => void = () => {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`[guard] denied permission ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) => {
    const ok = allowRequest(details.url);
    if (!ok) log(`[guard] cancelled request to ${details.url}`);
    callback({ cancel: !ok });
  });
}
