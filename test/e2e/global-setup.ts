import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from './host';

/** One browser host on a fresh data folder: the demo dataset is made as on a first start. */
export default async function globalSetup(): Promise<void> {
  // The tests' own temporary folders (and the host's) go under one folder of this run,
  // removed by the global teardown with the data folder.
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-e2e-tmp-'));
  process.env.LUNGDESK_E2E_TMP = tempRoot;
  process.env.TMPDIR = tempRoot;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-e2e-'));
  const { origin, token, child } = await startHost(['--data-dir', dataDir]);
  // The workers inherit these: each test asks the host for its own one-time launch link.
  process.env.LUNGDESK_E2E_ORIGIN = origin;
  process.env.LUNGDESK_E2E_TOKEN = token;
  process.env.LUNGDESK_E2E_PID = String(child.pid);
  process.env.LUNGDESK_E2E_DATA = dataDir;
  child.unref();
}
