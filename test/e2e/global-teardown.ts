import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.LUNGDESK_E2E_PID);
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const dir = process.env.LUNGDESK_E2E_DATA;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
