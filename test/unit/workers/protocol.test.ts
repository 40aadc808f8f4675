import { describe, expect, it } from 'vitest';
import { HostToWorker, WorkerToHost } from '../../../electron/workers/protocol';

describe('worker protocol', () => {
  it('accepts every message kind the runner and worker exchange', () => {
    expect(HostToWorker.safeParse({ kind: 'start', jobId: 'j1', jobType: 'diagnostic', params: { a: new Uint8Array(2) }, budgetBytes: 1e9 }).success).toBe(true);
    expect(HostToWorker.safeParse({ kind: 'cancel', jobId: 'j1' }).success).toBe(true);
    for (const m of [
      { kind: 'ready' },
      { kind: 'progress', jobId: 'j1', stage: 'reading', fraction: 0.5 },
      { kind: 'result', jobId: 'j1', result: new Float32Array(3) },
      { kind: 'error', jobId: 'j1', error: { code: 'io.truncated', message: 'short', file: '/a.raw' } },
      { kind: 'log', level: 'info', message: 'hello' },
    ]) {
      expect(WorkerToHost.safeParse(m).success).toBe(true);
    }
  });

  it('rejects malformed messages: unknown kind, fraction outside 0..1, error code outside the closed union', () => {
    expect(HostToWorker.safeParse({ kind: 'pause', jobId: 'j1' }).success).toBe(false);
    expect(HostToWorker.safeParse({ kind: 'start', jobId: '', jobType: 'x', params: {}, budgetBytes: 1 }).success).toBe(false);
    expect(WorkerToHost.safeParse({ kind: 'progress', jobId: 'j1', stage: 's', fraction: 1.5 }).success).toBe(false);
    expect(WorkerToHost.safeParse({ kind: 'error', jobId: 'j1', error: { code: 'oops', message: 'x' } }).success).toBe(false);
    expect(WorkerToHost.safeParse({ kind: 'log', level: 'loud', message: 'x' }).success).toBe(false);
  });
});
