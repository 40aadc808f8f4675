import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, isAppUrl, requestAllowed } from '../../../electron/main/app-origin';

describe('app origin', () => {
  it('the page is served from lungdesk://app, a standard secure scheme that does not bypass the CSP', () => {
    expect(APP_INDEX_URL).toBe('lungdesk://app/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeFalsy();
    expect(APP_SCHEME_PRIVILEGES.privileges?.allowServiceWorkers).toBeFalsy();
  });

  it('recognises our app URLs only: same scheme and host exactly, no credentials or port', () => {
    for (const u of ['lungdesk://app/', 'lungdesk://app/index.html', 'lungdesk://app/assets/a.js?x#y']) expect(isAppUrl(u), u).toBe(true);
    for (const u of [
      'file:///index.html',
      'https://app/index.html',
      'lungdesk://evil/index.html',
      'lungdesk://app.evil/x',
      'lungdesk://user@app/x',
      'lungdesk://app:81/x',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(u), u).toBe(false);
    }
  });

  it('lets the window request only its own files, its own blobs, data: and devtools; the network and file:// are cancelled', () => {
    expect(requestAllowed('lungdesk://app/assets/codec.wasm')).toBe(true);
    expect(requestAllowed('blob:lungdesk://app/8f1e6f0c-2b8e-4c57-9b33-3b1d2c6a9f00')).toBe(true);
    expect(requestAllowed('data:image/png;base64,AAAA')).toBe(true);
    expect(requestAllowed('devtools://devtools/bundled/inspector.html')).toBe(true);
    for (const u of ['https://example.com/x.js', 'http://127.0.0.1:9000/', 'ws://127.0.0.1:9000/events', 'file:///etc/passwd', 'blob:https://example.com/abc']) {
      expect(requestAllowed(u), u).toBe(false);
    }
  });
});
