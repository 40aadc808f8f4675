import { describe, expect, it, vi } from 'vitest';
import { mainWindowOptions } from '../../../electron/main/window';

// BrowserWindow needs Electron's runtime; only the options are checked here.
vi.mock('electron', () => ({ BrowserWindow: class {} }));

describe('main window options', () => {
  it('sandboxes the renderer: context isolation, no Node anywhere, web security on, no webview tag', () => {
    const prefs = mainWindowOptions('/opt/lungdesk/dist').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.preload).toMatch(/dist[\\/]electron[\\/]preload[\\/]preload\.js$/);
    expect(prefs).not.toHaveProperty('experimentalFeatures');
  });
});
