import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from './host';

/** One browser host on a fresh data folder: the demo dataset is made as on a first start. */
export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-e2e-'));
  const { origin, token, child } = await startHost(['--data-dir', dataDir]);
  // The workers inherit these: each test asks the host for its own one-time launch link.
  process.env.LUNGDESK_E2E_ORIGIN = origin;
  process.env.LUNGDESK_E2E_TOKEN = token;
  process.env.LUNGDESK_E2E_PID = String(child.pid);
  process.env.LUNGDESK_E2E_DATA = dataDir;
  child.unref();
}
