import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelOf, OP_NAMES, operations, toErrorInfo, type ContractHandlers, type ErrorInfo } from '../common';

/** What crosses an IPC invoke: the value, or the error as data (never a thrown Error). */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

/**
 * Registers one `ipcMain.handle` per contract operation, on `lungdesk:<op>`. Each call is
 * refused unless it comes from a frame `isTrusted` accepts (our window's main frame), and
 * its input is validated with the contract's schema before the handler sees it.
 */
export function registerContract(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ContractHandlers,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of OP_NAMES) {
    const channel = channelOf(name);
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event, raw: unknown): Promise<IpcReply> => {
      if (!isTrusted(event)) {
        return { ok: false, error: { code: 'contract.unauthorized', message: `IPC call to ${name} from an untrusted frame refused` } };
      }
      const parsed = operations[name].input.safeParse(raw ?? {});
      if (!parsed.success) {
        return { ok: false, error: { code: 'contract.bad-input', message: `bad input for ${name}: ${parsed.error.message}`, detail: parsed.error.issues } };
      }
      try {
        const handler = handlers[name] as (input: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      }
    });
  }
  return () => {
    for (const name of OP_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}
