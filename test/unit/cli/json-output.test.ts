import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/args';
import { lastJsonDocument, withOneJsonDocument } from '../../../electron/cli/json-output';

async function wrap(command: (io: { stdout: (s: string) => void; stderr: (s: string) => void }) => Promise<number>) {
  let out = '';
  let err = '';
  const code = await withOneJsonDocument({ stdout: (s) => (out += s), stderr: (s) => (err += s) }, command);
  return { code, out, err };
}

describe('withOneJsonDocument', () => {
  it('keeps a command document as printed (pretty-printed included)', async () => {
    const r = await wrap(async (io) => {
      io.stdout(JSON.stringify({ a: 1 }, null, 2) + '\n');
      return 0;
    });
    expect(r).toEqual({ code: 0, out: '{\n  "a": 1\n}\n', err: '' });
  });

  it('moves stray text before the document to stderr', async () => {
    const r = await wrap(async (io) => {
      io.stdout('progress 50%\n');
      io.stdout('{"ok":true}\n');
      return 0;
    });
    expect(JSON.parse(r.out)).toEqual({ ok: true });
    expect(r.err).toContain('progress 50%');
  });

  it('a thrown error becomes { error } (usage → contract.bad-input, exit 2; a plain Error → internal, exit 1)', async () => {
    const u = await wrap(async () => {
      throw new UsageError('--db is required');
    });
    expect(u.code).toBe(2);
    expect(JSON.parse(u.out)).toEqual({ error: { code: 'contract.bad-input', message: '--db is required' } });
    const i = await wrap(async () => {
      throw new Error('boom');
    });
    expect(i.code).toBe(1);
    expect(JSON.parse(i.out).error).toEqual({ code: 'internal', message: 'boom' });
  });

  it('text without a document: exit 0 carries it as { output }, a failure takes its stderr line as the message', async () => {
    const ok = await wrap(async (io) => {
      io.stdout('usage: x\n');
      return 0;
    });
    expect(JSON.parse(ok.out)).toEqual({ output: 'usage: x\n' });
    const bad = await wrap(async (io) => {
      io.stderr('lungdesk x: --y needs a value\n');
      return 2;
    });
    expect(JSON.parse(bad.out)).toEqual({ error: { code: 'contract.bad-input', message: 'lungdesk x: --y needs a value' } });
  });

  it('two documents: the last is the answer, the first goes to stderr', () => {
    const r = lastJsonDocument('{"a":1}\n{"b":2}\n');
    expect(r?.doc).toEqual({ b: 2 });
    expect(r?.before).toBe('{"a":1}\n');
  });
});
