import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { channelOf, events, OP_NAMES, operations, toErrorInfo, type ContractHandlers, type ErrorInfo, type EventName, type OpName } from '../common';
import { isAppUrl } from './app-origin';
import { compactViews } from '../common/wire';
import { safeParseSteps } from '../common/contract/parse-steps';
import { runStepsSliced } from '../app/time-slice';
import { registerStreams } from './ipc-streams';
import { inputMismatch } from '../common/contract/input-mismatch';

/** What crosses an IPC invoke: the value, or the error as data (never a thrown Error). */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

/**
 * Whether an IPC call comes from our window's main frame showing our app: the sender is the
 * window's WebContents, the frame is its main frame (not an iframe), and the frame's URL is
 * on `lungdesk://app` (not a page it was somehow navigated to).
 */
export function senderIsAppWindow(
  event: { sender: unknown; senderFrame: Pick<WebFrameMain, 'url'> | null },
  window: { contents: WebContents | object; mainFrame: WebFrameMain | object },
): boolean {
  const frame = event.senderFrame;
  return event.sender === window.contents && frame !== null && frame === window.mainFrame && isAppUrl(frame.url);
}

/** A step between validation and the handler: may refuse (throw) or rewrite the input. */
export type PrepareInput = (name: OpName, input: unknown) => Promise<unknown>;

/**
 * Registers one `ipcMain.handle` per contract operation, on `lungdesk:<op>`. Each call is
 * refused unless it comes from a frame `isTrusted` accepts (our window's main frame), its
 * input is validated with the contract's schema before the handler sees it, and its output
 * with the op's output schema before it leaves (as the browser host does); streamed
 * operations likewise (ipc-streams.ts): a backend that
 * breaks the contract answers `internal`, never a value the renderer's types would lie about.
 * Typed arrays (a mask change, a volume) cross IPC as they are. `prepare` runs on the valid
 * input before the handler (the desktop app's path grants, folder-grants.ts).
 */
export function registerContract(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ContractHandlers,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: (line: string) => void = () => {},
  prepare: PrepareInput = async (_name, input) => input,
): () => void {
  for (const name of OP_NAMES) {
    const channel = channelOf(name);
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event, raw: unknown): Promise<IpcReply> => {
      if (!isTrusted(event)) {
        return { ok: false, error: { code: 'contract.unauthorized', message: `IPC call to ${name} from an untrusted frame refused` } };
      }
      const spec = operations[name];
      const parsed = spec.input.safeParse(raw ?? {});
      if (!parsed.success) return { ok: false, error: inputMismatch(name, parsed.error.issues) };
      let value: unknown;
      try {
        const handler = handlers[name] as (input: unknown) => Promise<unknown>;
        value = await handler(await prepare(name, parsed.data));
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      }
      // As the browser host does: a long answer is checked in slices, the event loop free between.
      const output = await runStepsSliced(safeParseSteps(spec.output, value));
      if (!output.success) {
        log(`[ipc] ${name} returned output that breaks the contract: ${JSON.stringify(output.error.issues)}`);
        return { ok: false, error: { code: 'internal', message: `${name}: the backend returned a value that does not match the contract` } };
      }
      return { ok: true, value: compactViews(output.data) };
    });
  }
  const unregisterStreams = registerStreams(ipcMain, handlers, isTrusted, log);
  return () => {
    for (const name of OP_NAMES) ipcMain.removeHandler(channelOf(name));
    unregisterStreams();
  };
}

/**
 * Forwards the service's events to the window on `lungdesk:<event>`, each payload checked
 * with its event schema first (as the browser host does): one that breaks the contract is
 * dropped and logged, never delivered.
 */
export function forwardEvents(
  subscribe: (listener: (event: EventName, payload: unknown) => void) => () => void,
  send: (channel: string, payload: unknown) => void,
  log: (line: string) => void = () => {},
): () => void {
  return subscribe((event, payload) => {
    const parsed = events[event]?.payload.safeParse(payload);
    if (!parsed?.success) {
      log(`[ipc] dropped event ${String(event)}: payload breaks the contract`);
      return;
    }
    send(channelOf(event), parsed.data);
  });
}
