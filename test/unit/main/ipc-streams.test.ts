import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { channelOf, LungDeskError, type ContractHandlers, type VolumeSlab } from '../../../electron/common';
import type { IpcReply } from '../../../electron/main/ipc';
import { registerStreams, streamItemChannel, streamStopChannel } from '../../../electron/main/ipc-streams';
import { ipcWire, type IpcHandler } from '../../helpers/ipc-wire';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcReply | void>;
type StreamHandler = ContractHandlers['streamVolumeSlices'];

const CALL = channelOf('streamVolumeSlices');
const ITEM = streamItemChannel('streamVolumeSlices');
const STOP = streamStopChannel('streamVolumeSlices');

function slabOf(start: number, count = 1): VolumeSlab {
  const hu = Int16Array.from({ length: 6 * count }, (_, i) => start * 100 + i - 1024);
  return {
    header: { scanId: 7, dims: [3, 2, 64], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype: 'int16', min: -1024, max: 5000, missingSlices: [] },
    start,
    count,
    voxels: new Uint8Array(hu.buffer),
  };
}
const huOf = (v: Uint8Array): number[] => Array.from(new Int16Array(v.buffer, v.byteOffset, v.byteLength / 2));

/** Yields to timers and I/O, as a handler reading slabs from files does between slabs. */
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Main's stream registration on a stand-in ipcMain, with a handler for streamVolumeSlices. */
function mainSide(stream: StreamHandler, isTrusted: (e: IpcMainInvokeEvent) => boolean = () => true) {
  const channels = new Map<string, Handler>();
  const logs: string[] = [];
  const ipcMain = {
    handle: (ch: string, h: Handler) => void channels.set(ch, h),
    removeHandler: (ch: string) => void channels.delete(ch),
  };
  const unregister = registerStreams(ipcMain as never, { streamVolumeSlices: stream } as unknown as ContractHandlers, isTrusted, (l) => logs.push(l));
  return { channels, logs, unregister };
}

/** A calling frame's event whose sender records what main sends it. */
function senderEvent(trusted = true) {
  const sent: [string, ...unknown[]][] = [];
  const event = { trusted, sender: { send: (ch: string, ...args: unknown[]) => void sent.push([ch, ...args]), isDestroyed: () => false } };
  return { event: event as unknown as IpcMainInvokeEvent, sent };
}
const trustedOnly = (e: IpcMainInvokeEvent): boolean => (e as unknown as { trusted: boolean }).trusted;

const emitAll: StreamHandler = async ({ slabs }, emit) => {
  for (const s of slabs) if (!(await emit(slabOf(s.start, s.count)))) return;
};

describe('streamed operations over IPC, main side', () => {
  it('handles a call and a stop channel per stream, and removes both on unregister', () => {
    const { channels, unregister } = mainSide(emitAll);
    expect([...channels.keys()].sort()).toEqual([CALL, STOP].sort());
    unregister();
    expect(channels.size).toBe(0);
  });

  it("sends each item to the calling sender with the call id, in order, and the reply counts them", async () => {
    const { channels } = mainSide(emitAll);
    const { event, sent } = senderEvent();
    const reply = await channels.get(CALL)!(event, { scanId: 7, slabs: [{ start: 3, count: 2 }, { start: 0, count: 1 }] }, 'call-1');
    expect(reply).toEqual({ ok: true, value: { sent: 2 } });
    expect(sent.map(([ch, id, item]) => [ch, id, (item as VolumeSlab).start])).toEqual([
      [ITEM, 'call-1', 3],
      [ITEM, 'call-1', 0],
    ]);
    expect(huOf((sent[0]![2] as VolumeSlab).voxels)).toEqual(huOf(slabOf(3, 2).voxels));
  });

  it('refuses a call from an untrusted frame before the handler runs', async () => {
    let called = 0;
    const { channels } = mainSide(async () => void called++, trustedOnly);
    const { event, sent } = senderEvent(false);
    await expect(channels.get(CALL)!(event, { scanId: 7, slabs: [{ start: 0, count: 1 }] }, 'c')).resolves.toMatchObject({ ok: false, error: { code: 'contract.unauthorized' } });
    expect(called).toBe(0);
    expect(sent).toEqual([]);
  });

  it('answers bad input and a missing or empty call id with contract.bad-input before the handler runs', async () => {
    let called = 0;
    const { channels } = mainSide(async () => void called++);
    const { event } = senderEvent();
    const call = channels.get(CALL)!;
    const good = { scanId: 7, slabs: [{ start: 0, count: 1 }] };
    await expect(call(event, { slabs: good.slabs }, 'c')).resolves.toMatchObject({ ok: false, error: { code: 'contract.bad-input', message: expect.stringContaining('scanId') as unknown } });
    await expect(call(event, { ...good, extra: 1 }, 'c')).resolves.toMatchObject({ ok: false, error: { code: 'contract.bad-input', message: expect.stringContaining('extra') as unknown } });
    await expect(call(event, { scanId: 7, slabs: [{ start: 0, count: 513 }] }, 'c')).resolves.toMatchObject({ ok: false, error: { code: 'contract.bad-input' } });
    await expect(call(event, good)).resolves.toMatchObject({ ok: false, error: { code: 'contract.bad-input', message: expect.stringContaining('call id') as unknown } });
    await expect(call(event, good, '')).resolves.toMatchObject({ ok: false, error: { code: 'contract.bad-input' } });
    await expect(call(event, good, 42)).resolves.toMatchObject({ ok: false, error: { code: 'contract.bad-input' } });
    expect(called).toBe(0);
  });

  it("makes the handler's next emit return false once the stop channel names its call", async () => {
    const answers: boolean[] = [];
    let release!: () => void;
    const stopSent = new Promise<void>((r) => (release = r));
    const { channels } = mainSide(async (_input, emit) => {
      answers.push(await emit(slabOf(0)));
      await stopSent;
      answers.push(await emit(slabOf(1)));
    });
    const { event, sent } = senderEvent();
    const replied = channels.get(CALL)!(event, { scanId: 7, slabs: [{ start: 0, count: 1 }] }, 'call-9');
    await tick();
    // A stop for another call, or from a stranger's frame, changes nothing.
    await channels.get(STOP)!(event, 'call-other');
    await channels.get(STOP)!(event, 'call-9');
    release();
    await expect(replied).resolves.toEqual({ ok: true, value: { sent: 1 } });
    expect(answers).toEqual([true, false]);
    expect(sent).toHaveLength(1);
  });

  it('ignores a stop from an untrusted frame', async () => {
    const answers: boolean[] = [];
    let release!: () => void;
    const stopSent = new Promise<void>((r) => (release = r));
    const { channels } = mainSide(async (_input, emit) => {
      await stopSent;
      answers.push(await emit(slabOf(0)));
    }, trustedOnly);
    const { event } = senderEvent();
    const replied = channels.get(CALL)!(event, { scanId: 7, slabs: [{ start: 0, count: 1 }] }, 'call-5');
    await channels.get(STOP)!(senderEvent(false).event, 'call-5');
    release();
    await expect(replied).resolves.toEqual({ ok: true, value: { sent: 1 } });
    expect(answers).toEqual([true]);
  });

  it('fails the call with internal, and logs it, when an item breaks the item schema; nothing of it is sent', async () => {
    const { channels, logs } = mainSide(async (_input, emit) => {
      await emit(slabOf(0));
      await emit({ ...slabOf(1), voxels: [1, 2, 3] } as never);
      await emit(slabOf(2));
    });
    const { event, sent } = senderEvent();
    const reply = await channels.get(CALL)!(event, { scanId: 7, slabs: [{ start: 0, count: 1 }] }, 'c');
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('does not match the contract') as unknown } });
    expect(sent).toHaveLength(1);
    expect(logs.join('\n')).toContain('streamVolumeSlices emitted an item that breaks the contract');
  });

  it("returns the handler's own error with its code and file", async () => {
    const { channels } = mainSide(async (_input, emit) => {
      await emit(slabOf(0));
      throw new LungDeskError('io.not-found', 'slice file gone', { file: '/data/s1.dcm' });
    });
    const reply = await channels.get(CALL)!(senderEvent().event, { scanId: 7, slabs: [{ start: 0, count: 1 }] }, 'c');
    expect(reply).toEqual({ ok: false, error: { code: 'io.not-found', message: 'slice file gone', file: '/data/s1.dcm' } });
  });

  it('tells the handler to stop when the calling window is gone', async () => {
    const answers: boolean[] = [];
    const { channels } = mainSide(async (_input, emit) => {
      answers.push(await emit(slabOf(0)));
      answers.push(await emit(slabOf(1)));
    });
    let destroyed = false;
    const sent: unknown[] = [];
    const event = { sender: { send: (...a: unknown[]) => { sent.push(a); destroyed = true; }, isDestroyed: () => destroyed } } as unknown as IpcMainInvokeEvent;
    await expect(channels.get(CALL)!(event, { scanId: 7, slabs: [{ start: 0, count: 1 }] }, 'c')).resolves.toEqual({ ok: true, value: { sent: 1 } });
    expect(answers).toEqual([true, false]);
    expect(sent).toHaveLength(1);
  });
});

/**
 * The pair without Electron: main's real registration and the preload's real bridge, joined
 * by a stand-in whose `send` reaches the renderer's `on` listeners. Messages arrive later, in
 * the order sent, by structured clone, as Electron delivers them.
 */
function ipcPair(stream: StreamHandler) {
  const { channels } = mainSide(stream);
  return ipcWire(channels as unknown as Map<string, IpcHandler>);
}

describe('streamed operations over IPC, preload and main together', () => {
  it('gives the receiver every item in order, voxels intact, even those still on their way when the reply comes', async () => {
    const { api, listeners } = ipcPair(emitAll);
    const slabs = Array.from({ length: 20 }, (_, i) => ({ start: (i * 7) % 60, count: 1 + (i % 3) }));
    const got: VolumeSlab[] = [];
    await api.streamVolumeSlices({ scanId: 7, slabs }, (s) => void got.push(s));
    expect(got.map((s) => [s.start, s.count])).toEqual(slabs.map((s) => [s.start, s.count]));
    for (const s of got) expect(huOf(s.voxels)).toEqual(huOf(slabOf(s.start, s.count).voxels));
    // The call's item listener is gone once it is done.
    expect(listeners.get(ITEM)?.size ?? 0).toBe(0);
  });

  it('keeps two calls at once apart by their call ids', async () => {
    const { api } = ipcPair(async ({ slabs }, emit) => {
      for (const s of slabs) {
        await tick();
        if (!(await emit(slabOf(s.start)))) return;
      }
    });
    const a: number[] = [];
    const b: number[] = [];
    await Promise.all([
      api.streamVolumeSlices({ scanId: 7, slabs: [0, 1, 2, 3].map((start) => ({ start, count: 1 })) }, (s) => void a.push(s.start)),
      api.streamVolumeSlices({ scanId: 7, slabs: [10, 11, 12].map((start) => ({ start, count: 1 })) }, (s) => void b.push(s.start)),
    ]);
    expect(a).toEqual([0, 1, 2, 3]);
    expect(b).toEqual([10, 11, 12]);
  });

  it('sends the stop when the receiver returns false: the handler is told to stop and the receiver sees nothing after', async () => {
    let emits = 0;
    let refused = false;
    const { api, invoked } = ipcPair(async (_input, emit) => {
      for (let i = 0; i < 1000; i++) {
        emits++;
        if (!(await emit(slabOf(i)))) {
          refused = true;
          return;
        }
        await tick();
      }
    });
    const got: number[] = [];
    await api.streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => {
      got.push(s.start);
      return s.start < 2;
    });
    expect(got).toEqual([0, 1, 2]);
    expect(refused).toBe(true);
    expect(emits).toBeLessThan(1000);
    const stops = invoked.filter(([ch]) => ch === STOP);
    expect(stops).toHaveLength(1);
    expect(stops[0]![1]).toBe(invoked.find(([ch]) => ch === CALL)![2]);
  });

  it("rejects with the backend's error, code and message, after the items before it", async () => {
    const { api } = ipcPair(async (_input, emit) => {
      await emit(slabOf(0));
      throw new LungDeskError('host.busy', 'the memory budget is full');
    });
    const got: number[] = [];
    await expect(api.streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => void got.push(s.start))).rejects.toMatchObject({
      code: 'host.busy',
      message: 'the memory budget is full',
    });
    expect(got).toEqual([0]);
  });

  it("hands the receiver's own thrown Error to the caller unchanged, and stops the stream", async () => {
    let refused = false;
    const { api, invoked } = ipcPair(async (_input, emit) => {
      for (let i = 0; i < 1000; i++) {
        if (!(await emit(slabOf(i)))) {
          refused = true;
          return;
        }
        await tick();
      }
    });
    const mine = new RangeError('the viewer has no room for slab 1');
    const err = await api
      .streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => {
        if (s.start === 1) throw mine;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(mine);
    expect(refused).toBe(true);
    expect(invoked.filter(([ch]) => ch === STOP)).toHaveLength(1);
  });

  it('rejects bad input with contract.bad-input and receives nothing', async () => {
    let called = 0;
    const { api } = ipcPair(async () => void called++);
    const got: unknown[] = [];
    await expect(api.streamVolumeSlices({ scanId: 7, slabs: [] }, (s) => void got.push(s))).rejects.toMatchObject({ code: 'contract.bad-input' });
    expect(called).toBe(0);
    expect(got).toEqual([]);
  });
});
