import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Vitest's global setup: every test, and every process a test starts, makes its temporary
 * files under one folder of this run (TMPDIR, which os.tmpdir() and Python's tempfile read),
 * removed when the run ends. Tests that left their folders behind filled a developer's disk
 * (~1 GB a run: LIDC preprocessing outputs, databases, meshes).
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-vitest-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
