import { app, BrowserWindow, ipcMain } from 'electron';
import path from 'node:path';
import { createRuntime } from '../app/runtime';
import { forwardEvents, registerContract } from './ipc';
import { createMainWindow } from './window';

// dist/electron/main/main.js → dist/
const distDir = path.resolve(__dirname, '..', '..');

async function start(): Promise<void> {
  await app.whenReady();
  const log = (line: string) => console.log(`[lungdesk] ${line}`);
  const runtime = createRuntime({ dataDir: app.getPath('userData'), host: 'electron', version: app.getVersion(), log });
  const win = createMainWindow(distDir);
  const trusted = (event: Electron.IpcMainInvokeEvent) =>
    BrowserWindow.fromWebContents(event.sender) === win && event.senderFrame === win.webContents.mainFrame;
  const unregister = registerContract(ipcMain, runtime.service.handlers, trusted, log);
  const unsubscribe = forwardEvents(
    (listener) => runtime.service.subscribe(listener),
    (channel, payload) => {
      if (!win.isDestroyed()) win.webContents.send(channel, payload);
    },
    log,
  );
  runtime.service.ensureDemoDataset().catch((e) => log(`demo dataset: ${String(e)}`));
  app.on('window-all-closed', () => {
    unsubscribe();
    unregister();
    runtime.close();
    app.quit();
  });
}

start().catch((e) => {
  console.error(`[lungdesk] failed to start: ${String(e)}`);
  app.exit(1);
});
