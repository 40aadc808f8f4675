import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/browser-host';
import { fakeBackend, fakeStaticDir } from './fake-backend';
import { cookiePair, raw, wsAttempt } from './raw-http';

const codeOf = (url: string): string => new URL(url).searchParams.get('code') ?? '';

describe('browser host launch: a one-time code for a session cookie', () => {
  const backend = fakeBackend();
  const dirs = fakeStaticDir();
  const logLines: string[] = [];
  let host: BrowserHost;
  let other: BrowserHost;

  beforeAll(async () => {
    host = await startBrowserHost({ handlers: backend.handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir, log: (l) => logLines.push(l) });
    other = await startBrowserHost({ handlers: backend.handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir, codeTtlMs: 100 });
  });
  afterAll(async () => {
    await host.close();
    await other.close();
    fs.rmSync(dirs.root, { recursive: true, force: true });
  });

  const exchange = async (h: BrowserHost, url = h.newLaunchUrl()) => {
    const u = new URL(url);
    return raw(h.port, { path: u.pathname + u.search });
  };

  it('prints a launch URL with a one-time code, never the long-lived token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?code=[A-Za-z0-9_-]{22,}$`));
    expect(host.url).not.toContain(host.token);
    expect(host.newLaunchUrl()).not.toBe(host.newLaunchUrl());
  });

  it('exchanges the code for an HttpOnly, SameSite=Strict, Path=/ cookie named for the port, and redirects to the URL without the code', async () => {
    const a = await exchange(host, `${host.newLaunchUrl()}&scan=7`);
    expect(a.status).toBe(303);
    expect(a.headers.location).toBe('/?scan=7');
    const setCookie = a.headers['set-cookie']?.[0] ?? '';
    expect(setCookie.startsWith(`lungdesk_session_${host.port}=`)).toBe(true);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toContain(host.token);
    expect(host.cookieName).toBe(`lungdesk_session_${host.port}`);
    const cookie = cookiePair(setCookie);
    const page = await raw(host.port, { path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('/lungdesk-bridge.js');
    expect((await raw(host.port, { path: '/assets/app.js', headers: { cookie } })).status).toBe(200);
    const call = await raw(host.port, { method: 'POST', path: '/api/listDatasets', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(call.status).toBe(200);
  });

  it('takes a code once: a second exchange of the same URL is refused with 401', async () => {
    const url = host.newLaunchUrl();
    expect((await exchange(host, url)).status).toBe(303);
    const again = await exchange(host, url);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(JSON.parse(again.body.toString()).error.message).toMatch(/already used or has expired/);
    // A browser asking for a page gets the same words as a page.
    const u = new URL(url);
    const page = await raw(host.port, { path: u.pathname + u.search, headers: { accept: 'text/html,*/*' } });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body.toString()).toMatch(/already used or has expired: press Enter in the terminal/);
  });

  it('spends a code on a GET only: a HEAD (a link checker, a preview) leaves it good', async () => {
    const u = new URL(host.newLaunchUrl());
    const head = await raw(host.port, { method: 'HEAD', path: u.pathname + u.search });
    expect(head.status).toBe(405);
    expect(head.headers['set-cookie']).toBeUndefined();
    expect((await raw(host.port, { path: u.pathname + u.search })).status).toBe(303);
  });

  it('refuses a code after it expires', async () => {
    const url = other.newLaunchUrl();
    await new Promise((r) => setTimeout(r, 250));
    const late = await exchange(other, url);
    expect(late.status).toBe(401);
    expect(late.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a made-up code, and a code of another host', async () => {
    expect((await raw(host.port, { path: '/?code=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401);
    const foreign = new URL(other.newLaunchUrl());
    expect((await raw(host.port, { path: foreign.pathname + foreign.search })).status).toBe(401);
  });

  it('keeps two hosts on different ports apart: different cookie names, and one host refuses the other host\'s session', async () => {
    const mine = cookiePair((await exchange(host)).headers['set-cookie']?.[0]);
    const theirs = cookiePair((await exchange(other)).headers['set-cookie']?.[0]);
    expect(mine.split('=')[0]).not.toBe(theirs.split('=')[0]);
    // A browser sends both cookies to both ports (cookies ignore the port); each host reads its own.
    const both = `${mine}; ${theirs}`;
    expect((await raw(host.port, { path: '/', headers: { cookie: both } })).status).toBe(200);
    expect((await raw(other.port, { path: '/', headers: { cookie: both } })).status).toBe(200);
    expect((await raw(host.port, { path: '/', headers: { cookie: theirs } })).status).toBe(401);
    const renamed = `${host.cookieName}=${theirs.split('=').slice(1).join('=')}`;
    expect((await raw(host.port, { path: '/', headers: { cookie: renamed } })).status).toBe(401);
  });

  it('opens nothing with the long-lived token in the URL: not the page, not the API, not the socket', async () => {
    expect((await raw(host.port, { path: `/?token=${host.token}` })).status).toBe(401);
    expect((await raw(host.port, { path: `/?code=${host.token}` })).status).toBe(401);
    expect((await raw(host.port, { method: 'POST', path: `/api/listDatasets?token=${host.token}`, body: '{}' })).status).toBe(401);
    expect(await wsAttempt(`ws://127.0.0.1:${host.port}/events?token=${host.token}`)).toBe(401);
  });

  it('authenticates the event socket by the session cookie or the token header only', async () => {
    const base = `ws://127.0.0.1:${host.port}/events`;
    expect(await wsAttempt(base)).toBe(401);
    expect(await wsAttempt(base, { cookie: `${host.cookieName}=nope` })).toBe(401);
    expect(await wsAttempt(base, { 'x-lungdesk-token': host.token })).toBe(101);
    const cookie = cookiePair((await exchange(host)).headers['set-cookie']?.[0]);
    expect(await wsAttempt(base, { cookie })).toBe(101);
    expect(await wsAttempt(base, { cookie, origin: 'http://evil.example' })).toBe(403);
  });

  it('mints a new launch URL for a Node client holding the token header, and for nobody else', async () => {
    const mint = (headers: Record<string, string>) => raw(host.port, { method: 'POST', path: '/auth/launch', headers, body: '' });
    const ok = await mint({ 'x-lungdesk-token': host.token });
    expect(ok.status).toBe(200);
    const url = (JSON.parse(ok.body.toString()) as { value: { url: string } }).value.url;
    expect(codeOf(url)).not.toBe('');
    expect((await exchange(host, url)).status).toBe(303);
    expect((await mint({})).status).toBe(401);
    const cookie = cookiePair((await exchange(host)).headers['set-cookie']?.[0]);
    expect((await mint({ cookie })).status).toBe(401);
  });

  it('never logs a code, a session or the token', () => {
    const all = logLines.join('\n');
    expect(all).not.toContain(host.token);
    expect(all).not.toMatch(/code=/);
    expect(all).not.toMatch(/lungdesk_session_\d+=/);
  });
});
