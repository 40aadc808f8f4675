import { BrowserWindow, session, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The one app window, locked down: context isolation, sandbox, no Node in the renderer,
 * no new windows, no navigation away, and no network requests but our own files (the
 * product is offline).
 */
export function createMainWindow(distDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'LungDesk',
    backgroundColor: '#111418',
    webPreferences: {
      preload: path.join(distDir, 'electron', 'preload', 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const indexUrl = pathToFileURL(path.join(distDir, 'renderer', 'index.html')).toString();
  lockDown(win.webContents, indexUrl);
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('blob:') || details.url.startsWith('data:');
    callback({ cancel: !ok });
  });
  void win.loadURL(indexUrl);
  return win;
}

function lockDown(contents: WebContents, indexUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (url !== indexUrl) event.preventDefault();
  });
}
