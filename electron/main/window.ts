import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';
import { APP_INDEX_URL } from './app-origin';

/**
 * The window's options, locked down: context isolation, sandbox, no Node in the renderer,
 * web security on, no <webview> tag, no navigation by dropping a file, no insecure content.
 * The page itself comes from `lungdesk://app/` (app-protocol.ts) and every WebContents is
 * guarded app-wide (web-contents-guard.ts).
 */
export function mainWindowOptions(distDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    title: 'LungDesk',
    backgroundColor: '#111418',
    webPreferences: {
      preload: path.join(distDir, 'electron', 'preload', 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

export function createMainWindow(distDir: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(distDir));
  void win.loadURL(APP_INDEX_URL);
  return win;
}
