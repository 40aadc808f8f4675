import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { channelOf, EVENT_NAMES, events, fromErrorInfo, LungDeskError, OP_NAMES, STREAM_NAMES, type LungDeskApi } from '../common';

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
  let calls = 0;
  for (const name of STREAM_NAMES) {
    // The same channel names as main's ipc-streams.ts (the preload imports nothing from main).
    const channel = channelOf(name);
    api[name] = async (input: unknown, receive: (item: unknown) => boolean | void): Promise<void> => {
      const callId = `${Date.now().toString(36)}-${++calls}`;
      let received = 0;
      let stopped = false;
      let allIn: (() => void) | null = null;
      let expected = Infinity;
      // What the receiver threw: the stream stops and the call rejects with it, as over HTTP.
      let failed: { reason: unknown } | null = null;
      const onItem = (_e: IpcRendererEvent, id: unknown, item: unknown): void => {
        if (id !== callId) return;
        received++;
        if (!stopped) {
          let more: boolean | void = true;
          try {
            more = receive(item);
          } catch (e) {
            failed = { reason: e };
            more = false;
          }
          if (more === false) {
            stopped = true;
            void ipc.invoke(`${channel}:stop`, callId).catch(() => {});
          }
        }
        if (received >= expected) allIn?.();
      };
      ipc.on(`${channel}:item`, onItem);
      try {
        const reply = (await ipc.invoke(channel, input ?? {}, callId)) as { ok: true; value: { sent: number } } | { ok: false; error: { code: never; message: string; file?: string } };
        if (failed) throw (failed as { reason: unknown }).reason;
        if (!reply.ok) throw fromErrorInfo(reply.error);
        // Items and the reply travel the same pipe; wait for any still on their way all the same.
        expected = reply.value.sent;
        if (received < expected) {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new LungDeskError('io.truncated', `${name}: ${expected - received} of ${expected} items never arrived`)), 10_000);
            allIn = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      } finally {
        ipc.removeListener(`${channel}:item`, onItem);
      }
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
