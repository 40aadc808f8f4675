import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { channelOf, LungDeskError, OP_NAMES, STREAM_NAMES, type ContractHandlers } from '../../../electron/common';
import { forwardEvents, registerContract, senderIsAppWindow, type IpcReply } from '../../../electron/main/ipc';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcReply>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (ch: string, h: Handler) => {
      if (handlers.has(ch)) throw new Error(`second handler for ${ch}`);
      handlers.set(ch, h);
    },
    removeHandler: (ch: string) => handlers.delete(ch),
  };
}

const trustedEvent = { trusted: true } as unknown as IpcMainInvokeEvent;
const strangerEvent = { trusted: false } as unknown as IpcMainInvokeEvent;

function handlersWith(over: Partial<ContractHandlers>): ContractHandlers {
  const all: Record<string, unknown> = {};
  for (const n of OP_NAMES) all[n] = async () => { throw new Error(`${n} not in this test`); };
  return { ...(all as ContractHandlers), ...over };
}

describe('main IPC wiring', () => {
  it('handles exactly one channel per contract operation, and a call and a stop channel per stream', () => {
    const ipc = fakeIpcMain();
    registerContract(ipc as never, handlersWith({}), () => true);
    expect([...ipc.handlers.keys()].sort()).toEqual([...OP_NAMES.map(channelOf), ...STREAM_NAMES.flatMap((n) => [channelOf(n), `${channelOf(n)}:stop`])].sort());
  });

  it('refuses calls from a frame that is not our window', async () => {
    const ipc = fakeIpcMain();
    registerContract(ipc as never, handlersWith({ listJobs: async () => [] }), (e) => (e as unknown as { trusted: boolean }).trusted);
    const h = ipc.handlers.get(channelOf('listJobs'))!;
    await expect(h(strangerEvent, {})).resolves.toMatchObject({ ok: false, error: { code: 'contract.unauthorized' } });
    await expect(h(trustedEvent, {})).resolves.toEqual({ ok: true, value: [] });
  });

  it('validates input with the contract schema before the handler runs', async () => {
    const ipc = fakeIpcMain();
    let called = false;
    registerContract(ipc as never, handlersWith({ getScan: async () => { called = true; throw new Error('x'); } }), () => true);
    const reply = await ipc.handlers.get(channelOf('getScan'))!(trustedEvent, { scanId: 'seven' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'contract.bad-input' } });
    expect(called).toBe(false);
  });

  it('refuses an unknown field and a NaN or infinite centre (which IPC carries, unlike JSON) before the handler runs', async () => {
    const ipc = fakeIpcMain();
    let called = 0;
    registerContract(ipc as never, handlersWith({
      getScan: async () => { called++; throw new Error('x'); },
      addNodule: async () => { called++; throw new Error('x'); },
    }), () => true);
    const extra = await ipc.handlers.get(channelOf('getScan'))!(trustedEvent, { scanId: 7, admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'contract.bad-input', message: expect.stringMatching(/admin/) as unknown } });
    for (const bad of [NaN, Infinity]) {
      const reply = await ipc.handlers.get(channelOf('addNodule'))!(trustedEvent, structuredClone({ scanId: 7, center: [0, bad, 0], diameterMm: 6 }));
      expect(reply, String(bad)).toMatchObject({ ok: false, error: { code: 'contract.bad-input' } });
    }
    expect(called).toBe(0);
  });

  it('returns thrown errors as data with their code and file', async () => {
    const ipc = fakeIpcMain();
    registerContract(ipc as never, handlersWith({
      importDataset: async () => { throw new LungDeskError('io.not-found', 'no such folder', { file: '/nope' }); },
    }), () => true);
    const reply = await ipc.handlers.get(channelOf('importDataset'))!(trustedEvent, { path: '/nope' });
    expect(reply).toEqual({ ok: false, error: { code: 'io.not-found', message: 'no such folder', file: '/nope' } });
  });

  it('validates output with the op schema: a value that breaks the contract answers internal and is logged (as the browser host)', async () => {
    const ipc = fakeIpcMain();
    const logs: string[] = [];
    registerContract(ipc as never, handlersWith({ listJobs: async () => [{ id: 5 }] as never }), () => true, (l) => logs.push(l));
    const reply = await ipc.handlers.get(channelOf('listJobs'))!(trustedEvent, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('does not match the contract') } });
    expect(logs.join('\n')).toContain('listJobs returned output that breaks the contract');
  });

  it('passes typed arrays of a binary input and output through as they are', async () => {
    const ipc = fakeIpcMain();
    let seen: unknown;
    registerContract(ipc as never, handlersWith({
      writeMaskJournal: async (input) => { seen = input.change.runs; return { savedAt: 3 }; },
    }), () => true);
    const runs = Uint32Array.from([4, 2]);
    const reply = await ipc.handlers.get(channelOf('writeMaskJournal'))!(trustedEvent, { scanId: 1, parentId: null, kind: 'lung', labels: [], tools: [], change: { runs, values: Uint8Array.from([1, 1]) } });
    expect(reply).toEqual({ ok: true, value: { savedAt: 3 } });
    expect(seen).toBe(runs);
  });

  it('forwards events whose payload matches its schema, and drops (and logs) one that does not', () => {
    let listener: ((event: never, payload: unknown) => void) | undefined;
    const sent: [string, unknown][] = [];
    const logs: string[] = [];
    const stop = forwardEvents((l) => { listener = l as never; return () => { listener = undefined; }; }, (ch, p) => sent.push([ch, p]), (l) => logs.push(l));
    listener!('onDidChangeDatasets' as never, { datasetId: 4 });
    listener!('onDidChangeDatasets' as never, { datasetId: 'four' });
    expect(sent).toEqual([[channelOf('onDidChangeDatasets'), { datasetId: 4 }]]);
    expect(logs).toEqual(['[ipc] dropped event onDidChangeDatasets: payload breaks the contract']);
    stop();
    expect(listener).toBeUndefined();
  });

  it('trusts only the main frame of our window while it shows lungdesk://app (not a sub-frame, another window or a page navigated elsewhere)', () => {
    const contents = {};
    const mainFrame = { url: 'lungdesk://app/index.html' };
    const win = { contents, mainFrame };
    expect(senderIsAppWindow({ sender: contents, senderFrame: mainFrame as never }, win)).toBe(true);
    expect(senderIsAppWindow({ sender: {}, senderFrame: mainFrame as never }, win)).toBe(false);
    expect(senderIsAppWindow({ sender: contents, senderFrame: { url: 'lungdesk://app/index.html' } as never }, win)).toBe(false);
    expect(senderIsAppWindow({ sender: contents, senderFrame: null }, win)).toBe(false);
    for (const url of ['file:///tmp/index.html', 'https://example.com/', 'lungdesk://evil/index.html']) {
      const navigated = { url };
      expect(senderIsAppWindow({ sender: contents, senderFrame: navigated as never }, { contents, mainFrame: navigated }), url).toBe(false);
    }
  });

  it('runs the prepare step on the validated input before the handler; a refusal there is returned as data and the handler never runs', async () => {
    const ipc = fakeIpcMain();
    const seen: unknown[] = [];
    registerContract(
      ipc as never,
      handlersWith({ importDataset: async (input) => { seen.push(input); return { datasetId: 1, jobId: 'j' } as never; } }),
      () => true,
      () => {},
      async (name, input) => {
        if ((input as { path: string }).path === '/etc') throw new LungDeskError('contract.unauthorized', `${name}: /etc was not chosen`);
        return { ...(input as object), path: '/chosen' };
      },
    );
    const h = ipc.handlers.get(channelOf('importDataset'))!;
    await expect(h(trustedEvent, { path: '/etc' })).resolves.toMatchObject({ ok: false, error: { code: 'contract.unauthorized' } });
    expect(seen).toEqual([]);
    await h(trustedEvent, { path: '/typed' });
    expect(seen).toEqual([{ path: '/chosen' }]);
  });
});
