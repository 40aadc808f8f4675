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
  for (const dir of [process.env.LUNGDESK_E2E_DATA, process.env.LUNGDESK_E2E_TMP]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
