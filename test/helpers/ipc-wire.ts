import type { IpcMainInvokeEvent, IpcRenderer } from 'electron';
import { createIpcBridge } from '../../electron/preload/bridge';
import type { LungDeskApi } from '../../electron/common';

/** A handler main registered with `ipcMain.handle`. */
export type IpcHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;
type Listener = (event: unknown, ...args: unknown[]) => void;

/**
 * Main's handlers and the preload's bridge joined without Electron: values cross by
 * structured clone, as Electron sends them (typed arrays stay typed arrays); what main sends
 * the window (a stream's items) reaches the renderer's `on` listeners later, in the order
 * sent, and an invoke's reply comes after what was sent before it.
 */
export function ipcWire(channels: ReadonlyMap<string, IpcHandler>): { api: LungDeskApi; invoked: [string, ...unknown[]][]; listeners: Map<string, Set<Listener>> } {
  const listeners = new Map<string, Set<Listener>>();
  const invoked: [string, ...unknown[]][] = [];
  const sender = {
    send: (ch: string, ...args: unknown[]) => {
      const copy = structuredClone(args);
      setImmediate(() => {
        for (const l of listeners.get(ch) ?? []) l({}, ...copy);
      });
    },
    isDestroyed: () => false,
  };
  const ipcRenderer = {
    invoke: async (ch: string, ...args: unknown[]) => {
      invoked.push([ch, ...args]);
      const reply = await channels.get(ch)!({ sender } as unknown as IpcMainInvokeEvent, ...structuredClone(args));
      // The reply travels the pipe the items took: it arrives after those sent before it.
      await new Promise((r) => setImmediate(r));
      return structuredClone(reply);
    },
    on: (ch: string, l: Listener) => {
      if (!listeners.has(ch)) listeners.set(ch, new Set());
      listeners.get(ch)!.add(l);
      return ipcRenderer;
    },
    removeListener: (ch: string, l: Listener) => {
      listeners.get(ch)?.delete(l);
      return ipcRenderer;
    },
  };
  return { api: createIpcBridge(ipcRenderer as unknown as Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>), invoked, listeners };
}
