import { describe, expect, it, vi } from 'vitest';
import { channelOf, EVENT_NAMES, OP_NAMES, STREAM_NAMES } from '../../../electron/common';
// vi.mock is hoisted above this import, so the preload sees the fake electron module.
import '../../../electron/preload/preload';

const { exposed, invoke, listeners } = vi.hoisted(() => ({
  exposed: {} as Record<string, unknown>,
  invoke: vi.fn(),
  listeners: new Map<string, (...a: unknown[]) => void>(),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (...a: unknown[]) => invoke(...a),
    on: (ch: string, h: (...a: unknown[]) => void) => listeners.set(ch, h),
    removeListener: (ch: string) => listeners.delete(ch),
  },
}));

describe('preload bridge', () => {
  it('exposes exactly the contract as window.lungdesk, nothing more', () => {
    expect(Object.keys(exposed)).toEqual(['lungdesk']);
    const api = exposed.lungdesk as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...OP_NAMES, ...STREAM_NAMES, ...EVENT_NAMES].sort());
    for (const k of Object.keys(api)) expect(typeof api[k]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes lungdesk:<op> and returns the value, or throws the error with its code', async () => {
    const api = exposed.lungdesk as Record<string, (i: unknown) => Promise<unknown>>;
    invoke.mockResolvedValueOnce({ ok: true, value: [] });
    await expect(api.listScans!({})).resolves.toEqual([]);
    expect(invoke).toHaveBeenLastCalledWith(channelOf('listScans'), {});
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not-found', message: 'no scan with id 9' } });
    await expect(api.getScan!({ scanId: 9 })).rejects.toMatchObject({ code: 'not-found', message: 'no scan with id 9' });
  });

  it('subscribes to an event and unsubscribes with the returned function', () => {
    const api = exposed.lungdesk as Record<string, (l: (p: unknown) => void) => () => void>;
    const got: unknown[] = [];
    const off = api.onDidChangeDatasets!((p) => got.push(p));
    listeners.get(channelOf('onDidChangeDatasets'))!({}, { datasetId: 2 });
    expect(got).toEqual([{ datasetId: 2 }]);
    off();
    expect(listeners.has(channelOf('onDidChangeDatasets'))).toBe(false);
  });

  it('delivers an event only when its payload matches the contract schema', () => {
    const api = exposed.lungdesk as Record<string, (l: (p: unknown) => void) => () => void>;
    const got: unknown[] = [];
    const off = api.onDidChangeDatasets!((p) => got.push(p));
    listeners.get(channelOf('onDidChangeDatasets'))!({}, { datasetId: 'four' });
    listeners.get(channelOf('onDidChangeDatasets'))!({}, { datasetId: 4 });
    expect(got).toEqual([{ datasetId: 4 }]);
    off();
  });
});
