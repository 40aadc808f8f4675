import fs from 'node:fs';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ContractHandlers, VolumeSlab } from '../../../electron/common/contract';
import { LungDeskError } from '../../../electron/common/errors';
import { recordParts, STREAM_CONTENT_TYPE } from '../../../electron/common/stream-records';
import { createHttpBridge, type WebSocketCtor } from '../../../electron/server/bridge/http-bridge';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/browser-host';
import { fakeBackend, fakeStaticDir } from './fake-backend';

type Emit = (item: VolumeSlab) => Promise<boolean>;
type StreamHandler = (input: { scanId: number; slabs: { start: number; count: number }[] }, emit: Emit) => Promise<void>;

const header = (scanId: number, dims: [number, number, number]) => ({
  scanId, dims, spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype: 'int16' as const, min: -1024, max: 3071, missingSlices: [],
});

/** A slab of `sliceVoxels`×count int16 voxels whose values say which slab and voxel they are. */
function slabOf(start: number, count: number, sliceVoxels: number): VolumeSlab {
  const hu = Int16Array.from({ length: sliceVoxels * count }, (_, i) => ((start * 31 + i) % 4000) - 1024);
  return { header: header(7, [sliceVoxels, 1, 4096]), start, count, voxels: new Uint8Array(hu.buffer) };
}

/**
 * A handler that would send 4,000 half-megabyte slabs (enough to fill the socket, so it waits
 * on it and sees the receiver go): how many it emitted, whether an emit said "stop", and when
 * it returned.
 */
function endlessHandler() {
  const state = { emits: 0, refused: false, done: Promise.resolve(), handler: null as unknown as StreamHandler };
  let finished!: () => void;
  state.done = new Promise<void>((r) => (finished = r));
  state.handler = async (_input, emit) => {
    try {
      for (let i = 0; i < 4000; i++) {
        state.emits++;
        if (!(await emit(slabOf(i, 1, 512 * 1024)))) {
          state.refused = true;
          return;
        }
      }
    } finally {
      finished();
    }
  };
  return state;
}

const huOf = (v: Uint8Array): Int16Array => new Int16Array(v.buffer, v.byteOffset, v.byteLength / 2);

/** One browser host and its bridge whose streamVolumeSlices a test sets. */
function hostWith(makeStream: () => StreamHandler) {
  const backend = fakeBackend();
  const handlers: ContractHandlers = { ...backend.handlers, streamVolumeSlices: (input, emit) => makeStream()(input, emit) };
  return { backend, handlers };
}

describe('streamed operations over the browser host', () => {
  const dirs = fakeStaticDir();
  let stream: StreamHandler;
  let host: BrowserHost;
  const bridgeFor = (port: number, token: string, busyRetries?: number) =>
    createHttpBridge({ baseUrl: `http://127.0.0.1:${port}`, token, WebSocketImpl: WebSocket as unknown as WebSocketCtor, ...(busyRetries === undefined ? {} : { busyRetries }) });

  beforeAll(async () => {
    const { backend, handlers } = hostWith(() => stream);
    host = await startBrowserHost({ handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir });
  });
  afterAll(async () => {
    await host.close();
    fs.rmSync(dirs.root, { recursive: true, force: true });
  });

  it("delivers the fake backend's slabs in the order asked, their voxels intact", async () => {
    const backend = fakeBackend();
    const plain = await startBrowserHost({ handlers: backend.handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir });
    try {
      const got: VolumeSlab[] = [];
      await bridgeFor(plain.port, plain.token).streamVolumeSlices({ scanId: 7, slabs: [{ start: 1, count: 1 }, { start: 0, count: 2 }, { start: 0, count: 1 }] }, (s) => void got.push({ ...s, voxels: s.voxels.slice() }));
      expect(got.map((s) => [s.start, s.count])).toEqual([[1, 1], [0, 2], [0, 1]]);
      expect(Array.from(huOf(got[0]!.voxels))).toEqual(Array.from(backend.voxels.subarray(12, 24)));
      expect(Array.from(huOf(got[1]!.voxels))).toEqual(Array.from(backend.voxels));
      expect(got[2]!.header.dims).toEqual([4, 3, 2]);
    } finally {
      await plain.close();
    }
  });

  it('delivers many large slabs in order with every voxel intact, each an aligned view', async () => {
    stream = async ({ slabs }, emit) => {
      for (const s of slabs) if (!(await emit(slabOf(s.start, s.count, 64 * 1024)))) return;
    };
    const slabs = Array.from({ length: 24 }, (_, i) => ({ start: i * 3, count: 3 }));
    const got: VolumeSlab[] = [];
    // An item's buffers are valid while the receiver runs (the next item may reuse them): checked there.
    await bridgeFor(host.port, host.token).streamVolumeSlices({ scanId: 7, slabs }, (s) => {
      expect(s.voxels.byteOffset % 8).toBe(0);
      expect(Buffer.from(s.voxels).equals(Buffer.from(slabOf(s.start, s.count, 64 * 1024).voxels)), `slab ${s.start}`).toBe(true);
      got.push(s);
    });
    expect(got.map((s) => s.start)).toEqual(slabs.map((s) => s.start));
  });

  it("stops early when the receiver returns false: the handler's next emit resolves false and it sends no more", async () => {
    const endless = endlessHandler();
    stream = endless.handler;
    const got: number[] = [];
    await bridgeFor(host.port, host.token).streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => {
      got.push(s.start);
      return got.length < 3;
    });
    await endless.done;
    expect(got).toEqual([0, 1, 2]);
    expect(endless.refused).toBe(true);
    expect(endless.emits).toBeLessThan(4000);
  });

  it("rejects with the handler's error code after the items sent before it, which were received", async () => {
    stream = async (_input, emit) => {
      await emit(slabOf(0, 1, 8));
      await emit(slabOf(1, 1, 8));
      throw new LungDeskError('io.not-found', 'slice file gone', { file: '/data/s3.dcm' });
    };
    const got: number[] = [];
    const err = await bridgeFor(host.port, host.token)
      .streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => void got.push(s.start))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LungDeskError);
    expect(err).toMatchObject({ code: 'io.not-found', message: 'slice file gone', file: '/data/s3.dcm' });
    expect(got).toEqual([0, 1]);
  });

  it('rejects bad input with contract.bad-input before any item: slabs beyond the scan, a missing scanId, an unknown field', async () => {
    const backend = fakeBackend();
    let called = 0;
    const plain = await startBrowserHost({
      handlers: { ...backend.handlers, streamVolumeSlices: (input, emit) => (called++, backend.handlers.streamVolumeSlices(input, emit)) },
      subscribe: backend.subscribe,
      staticDir: dirs.staticDir,
    });
    try {
      const bridge = bridgeFor(plain.port, plain.token);
      const got: unknown[] = [];
      const receive = (s: unknown): void => void got.push(s);
      await expect(bridge.streamVolumeSlices({ scanId: 7, slabs: [{ start: 1, count: 5 }] }, receive)).rejects.toMatchObject({ code: 'contract.bad-input' });
      expect(called).toBe(1); // the fake backend's own check: the slab goes past its 2 slices
      await expect(bridge.streamVolumeSlices({ slabs: [{ start: 0, count: 1 }] } as never, receive)).rejects.toMatchObject({ code: 'contract.bad-input', message: expect.stringContaining('scanId') as unknown });
      await expect(bridge.streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1, step: 2 }] } as never, receive)).rejects.toMatchObject({ code: 'contract.bad-input', message: expect.stringContaining('step') as unknown });
      await expect(bridge.streamVolumeSlices({ scanId: 7, slabs: [] }, receive)).rejects.toMatchObject({ code: 'contract.bad-input' });
      expect(called).toBe(1);
      expect(got).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('answers a stream call whose input is refused with an ordinary JSON error, not a stream', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/streamVolumeSlices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lungdesk-token': host.token },
      body: JSON.stringify({ scanId: 7 }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).not.toBe(STREAM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'contract.bad-input' } });
  });

  it("hands the receiver's own thrown Error to the caller unchanged, and the handler stops", async () => {
    const endless = endlessHandler();
    stream = endless.handler;
    const mine = new RangeError('the viewer has no room for slab 1');
    const err = await bridgeFor(host.port, host.token)
      .streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => {
        if (s.start === 1) throw mine;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(mine);
    await endless.done;
    expect(endless.refused).toBe(true);
  });

  it('retries a stream the host refused as busy (503) before it started, as operations are', async () => {
    let calls = 0;
    stream = async (_input, emit) => {
      calls++;
      if (calls === 1) throw new LungDeskError('host.busy', 'the memory budget is full for now');
      await emit(slabOf(5, 1, 8));
    };
    const got: number[] = [];
    await bridgeFor(host.port, host.token).streamVolumeSlices({ scanId: 7, slabs: [{ start: 5, count: 1 }] }, (s) => void got.push(s.start));
    expect(calls).toBe(2);
    expect(got).toEqual([5]);
  });

  it('gives up with host.busy once the retries are spent', async () => {
    let calls = 0;
    stream = async () => {
      calls++;
      throw new LungDeskError('host.busy', 'the memory budget is full');
    };
    await expect(bridgeFor(host.port, host.token, 1).streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, () => {})).rejects.toMatchObject({ code: 'host.busy' });
    expect(calls).toBe(2);
  });
});

describe('a streamed operation whose connection is cut', () => {
  let server: http.Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  /** A raw server that answers a stream call with `write`, then does what `finish` says. */
  async function rawHost(write: (res: http.ServerResponse) => void): Promise<number> {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': STREAM_CONTENT_TYPE });
        write(res);
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return (server.address() as { port: number }).port;
  }
  const bridge = (port: number, token = 't') => createHttpBridge({ baseUrl: `http://127.0.0.1:${port}`, token, WebSocketImpl: WebSocket as unknown as WebSocketCtor });
  const call = (port: number, got: number[]) => bridge(port).streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => void got.push(s.start));

  it('is io.truncated when the socket is destroyed halfway through a record, after the items before it', async () => {
    const port = await rawHost((res) => {
      for (const p of recordParts({ ok: true, value: slabOf(0, 1, 8) })) res.write(p);
      const half = Buffer.concat(recordParts({ ok: true, value: slabOf(1, 1, 64) }));
      res.write(half.subarray(0, half.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const got: number[] = [];
    await expect(call(port, got)).rejects.toMatchObject({ code: 'io.truncated' });
    expect(got).toEqual([0]);
  });

  it('is io.truncated, saying so, when the response ends cleanly inside a record', async () => {
    const port = await rawHost((res) => {
      const whole = Buffer.concat(recordParts({ ok: true, value: slabOf(0, 1, 64) }));
      res.end(whole.subarray(0, 100));
    });
    await expect(call(port, [])).rejects.toMatchObject({ code: 'io.truncated', message: expect.stringContaining('inside a record') as unknown });
  });

  it('is io.truncated when the response ends between records without the end record', async () => {
    const port = await rawHost((res) => {
      for (const p of recordParts({ ok: true, value: slabOf(0, 1, 8) })) res.write(p);
      res.end();
    });
    const got: number[] = [];
    await expect(call(port, got)).rejects.toMatchObject({ code: 'io.truncated', message: expect.stringContaining('before its end record') as unknown });
    expect(got).toEqual([0]);
  });

  it('is io.truncated when the browser host closes mid-stream, and the handler is told to stop', async () => {
    const dirs = fakeStaticDir();
    const backend = fakeBackend();
    let closing: Promise<void> | null = null;
    let refused = false;
    let live!: BrowserHost;
    const handlers: ContractHandlers = {
      ...backend.handlers,
      streamVolumeSlices: async (_input, emit) => {
        for (let i = 0; i < 4000; i++) {
          if (i === 2) closing = live.close();
          if (!(await emit(slabOf(i, 1, 256 * 1024)))) {
            refused = true;
            return;
          }
        }
      },
    };
    live = await startBrowserHost({ handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir });
    try {
      const got: number[] = [];
      const err = await bridge(live.port, live.token)
        .streamVolumeSlices({ scanId: 7, slabs: [{ start: 0, count: 1 }] }, (s) => void got.push(s.start))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'io.truncated' });
      expect(got.slice(0, 2)).toEqual([0, 1]);
      await closing;
      await expect.poll(() => refused).toBe(true);
    } finally {
      await live.close();
      fs.rmSync(dirs.root, { recursive: true, force: true });
    }
  });
});
