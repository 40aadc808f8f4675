import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import path from 'node:path';
import { createRuntime } from '../app/runtime';
import { APP_SCHEME_PRIVILEGES, requestAllowed } from './app-origin';
import { registerAppProtocol } from './app-protocol';
import { FolderGrants, guardPaths, type PathUse } from './folder-grants';
import { forwardEvents, registerContract, senderIsAppWindow } from './ipc';
import { lockDownSession } from './session-lockdown';
import { guardWebContents } from './web-contents-guard';
import { createMainWindow } from './window';

// dist/electron/main/main.js → dist/
const distDir = path.resolve(__dirname, '..', '..');
const log = (line: string) => console.log(`[lungdesk] ${line}`);

// Before `ready`: the scheme must be known as standard and secure when the session starts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// App-wide, before any window exists: every WebContents gets the guard, whoever creates it.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));

async function askForPath(win: BrowserWindow, use: PathUse, requested: string): Promise<string | null> {
  const defaultPath = path.isAbsolute(requested) ? requested : undefined;
  if (use === 'write-file') {
    const r = await dialog.showSaveDialog(win, { title: 'Save as', defaultPath });
    return r.canceled || !r.filePath ? null : r.filePath;
  }
  const r = await dialog.showOpenDialog(win, {
    title: use === 'read-folder' ? 'Choose the dataset folder' : 'Choose the output folder',
    defaultPath,
    properties: use === 'read-folder' ? ['openDirectory'] : ['openDirectory', 'createDirectory'],
  });
  return r.canceled || r.filePaths.length !== 1 ? null : r.filePaths[0]!;
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  lockDownSession(session.defaultSession, requestAllowed, log);
  registerAppProtocol(protocol, path.join(distDir, 'renderer'));
  const runtime = createRuntime({ dataDir, host: 'electron', version: app.getVersion(), log });
  const win = createMainWindow(distDir);
  const trusted = (event: Electron.IpcMainInvokeEvent) =>
    senderIsAppWindow(event, { contents: win.webContents, mainFrame: win.webContents.mainFrame });
  const grants = new FolderGrants();
  const knownRoots = async () => [dataDir, ...(await runtime.service.handlers.listDatasets({})).map((d) => d.rootPath)];
  const prepare = (name: Parameters<typeof guardPaths>[0], input: unknown) =>
    guardPaths(name, input, { grants, knownRoots, ask: (use, requested) => askForPath(win, use, requested) });
  const unregister = registerContract(ipcMain, runtime.service.handlers, trusted, log, prepare);
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
