import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelOf, STREAM_NAMES, streams, toErrorInfo, type ContractHandlers, type StreamName } from '../common';
import { compactViews } from '../common/wire';
import { inputMismatch } from '../common/contract/input-mismatch';
import { releaseAnswer } from '../app/memory-budget';
import type { IpcReply } from './ipc';

/** The channel a stream's items go out on, each as `(callId, item)`. */
export const streamItemChannel = (name: StreamName): string => `${channelOf(name)}:item`;
/** The channel a receiver stops its stream on, with its `callId`. */
export const streamStopChannel = (name: StreamName): string => `${channelOf(name)}:stop`;

/**
 * Streamed operations over IPC: the preload invokes `lungdesk:<stream>` with the input and a
 * call id; each item the handler emits is checked against the contract and sent to the
 * calling frame on `<channel>:item` with that id; the invoke's reply comes when the handler
 * is done, with how many items were sent (the preload waits for them all), or the error.
 * `<channel>:stop` with the id makes the next emit answer false, so the handler stops.
 * Streams carry no paths, so the desktop app's path grants have nothing to check here.
 */
export function registerStreams(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ContractHandlers,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: (line: string) => void,
): () => void {
  // Keyed by the sender as well: two windows may pick the same call id.
  const active = new Set<string>();
  const stopped = new Set<string>();
  const keyOf = (event: IpcMainInvokeEvent, callId: string): string => `${event.sender.id}:${callId}`;
  for (const name of STREAM_NAMES) {
    ipcMain.removeHandler(channelOf(name));
    ipcMain.removeHandler(streamStopChannel(name));
    ipcMain.handle(streamStopChannel(name), async (event, callId: unknown) => {
      // A stop for a call that already ended (its last item said "enough") is nothing to keep.
      if (isTrusted(event) && typeof callId === 'string' && active.has(keyOf(event, callId))) stopped.add(keyOf(event, callId));
    });
    ipcMain.handle(channelOf(name), async (event, raw: unknown, callId: unknown): Promise<IpcReply> => {
      if (!isTrusted(event)) return { ok: false, error: { code: 'contract.unauthorized', message: `IPC call to ${name} from an untrusted frame refused` } };
      if (typeof callId !== 'string' || callId.length === 0 || callId.length > 100) return { ok: false, error: { code: 'contract.bad-input', message: `${name}: a stream call needs a call id` } };
      const spec = streams[name];
      const parsed = spec.input.safeParse(raw ?? {});
      if (!parsed.success) return { ok: false, error: inputMismatch(name, parsed.error.issues) };
      const key = keyOf(event, callId);
      active.add(key);
      let sent = 0;
      const emit = async (item: unknown): Promise<boolean> => {
        try {
          if (stopped.has(key) || event.sender.isDestroyed()) return false;
          const checked = spec.item.safeParse(item);
          if (!checked.success) {
            log(`[ipc] ${name} emitted an item that breaks the contract: ${JSON.stringify(checked.error.issues)}`);
            throw new Error(`${name}: the backend sent an item that does not match the contract`);
          }
          // Structured clone copies it here: the item's budget lease can end at once.
          event.sender.send(streamItemChannel(name), callId, compactViews(checked.data));
          sent++;
          return !stopped.has(key);
        } finally {
          releaseAnswer(item);
        }
      };
      try {
        const handler = handlers[name] as (input: unknown, emit: (item: unknown) => Promise<boolean>) => Promise<void>;
        await handler(parsed.data, emit);
        return { ok: true, value: { sent } };
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      } finally {
        active.delete(key);
        stopped.delete(key);
      }
    });
  }
  return () => {
    for (const name of STREAM_NAMES) {
      ipcMain.removeHandler(channelOf(name));
      ipcMain.removeHandler(streamStopChannel(name));
    }
  };
}
