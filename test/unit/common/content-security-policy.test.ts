import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/common';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
}

describe('content security policy', () => {
  it('allows only the page itself: no inline or eval script, no plugins, no framing, no forms', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-inline|'unsafe-eval'|\*|https?:/);
  });

  it('differs between the hosts only in where the page may connect', () => {
    const window = directives(contentSecurityPolicy());
    const browser = directives(contentSecurityPolicy(['ws://127.0.0.1:8123']));
    expect(window.get('connect-src')).toEqual(["'self'"]);
    expect(browser.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:8123']);
    window.delete('connect-src');
    browser.delete('connect-src');
    expect(browser).toEqual(window);
  });
});
