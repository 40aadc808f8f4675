import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { channelOf, EVENT_NAMES, events, fromErrorInfo, OP_NAMES, type LungDeskApi } from '../common';

/**
 * Builds `window.lungdesk` from the contract: one function per operation, one subscribe
 * function per event, nothing else (no raw ipcRenderer, no generic send). Main already checks
 * each event against its schema; the page gets a payload only if it passes here too, so a
 * listener never sees a shape its types do not describe.
 */
export function createIpcBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): LungDeskApi {
  const api: Record<string, unknown> = {};
  for (const name of OP_NAMES) {
    api[name] = async (input: unknown) => {
      const reply = (await ipc.invoke(channelOf(name), input ?? {})) as
        | { ok: true; value: unknown }
        | { ok: false; error: { code: never; message: string; file?: string } };
      if (!reply.ok) throw fromErrorInfo(reply.error);
      return reply.value;
    };
  }
  for (const name of EVENT_NAMES) {
    api[name] = (listener: (payload: unknown) => void) => {
      const channel = channelOf(name);
      const schema = events[name].payload;
      const handler = (_e: IpcRendererEvent, payload: unknown) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      };
      ipc.on(channel, handler);
      return () => {
        ipc.removeListener(channel, handler);
      };
    };
  }
  return Object.freeze(api) as LungDeskApi;
}
