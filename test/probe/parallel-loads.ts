// The probe's parallel loads, issued from their own process: receiving 20 whole volumes is
// heavy work for a client, and done in the probe's own event loop it would delay the probe's
// getAppInfo timer and be blamed on the host. Prints one JSON array of outcomes on stdout.
import { callOp } from './host-session';

interface Outcome {
  status: number;
  ok: boolean;
  dropped?: string;
  code?: string;
  message?: string;
}

void (async () => {
  const { port, auth, scanId, n } = JSON.parse(process.argv[2] ?? '{}') as { port: number; auth: Record<string, string>; scanId: number; n: number };
  const h = { port, auth };
  const results = await Promise.all([
    ...Array.from({ length: n }, () => callOp(h, 'getVolume', { scanId }, { timeoutMs: 120_000 })),
    ...Array.from({ length: 4 }, () => callOp(h, 'listScans', {}, { timeoutMs: 120_000 })),
  ]);
  const out: Outcome[] = results.map((r) => ({ status: r.status, ok: r.ok, dropped: r.dropped, code: r.error?.code, message: r.error?.message }));
  process.stdout.write(JSON.stringify(out));
})();
