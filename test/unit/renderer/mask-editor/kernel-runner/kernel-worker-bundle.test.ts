import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, loadConfigFromFile, type PluginOption, type Rollup } from 'vite';
import { startBrowserHost, type BrowserHost } from '../../../../../electron/server/browser-host';
import { fakeBackend } from '../../../server/fake-backend';

// The kernel runner is not wired into the app yet, so dist/ does not hold its worker. This
// builds the runner's index with the renderer's own Vite config (the bridge step left out,
// output to a temporary folder), then serves that folder with the real browser host: the
// worker must come out as its own chunk the entry points at, and the host must serve it as
// JavaScript under a CSP that lets the page start it. Running it in a browser is the e2e's job.
const repo = path.resolve(__dirname, '../../../../..');
const entry = path.join(repo, 'renderer/features/mask-editor/kernel-runner/index.ts');

function withoutBridge(plugins: PluginOption[] | undefined): PluginOption[] {
  return (plugins ?? []).flat().filter((p) => !(p && typeof p === 'object' && 'name' in p && p.name === 'lungdesk-build-bridge'));
}

describe('kernel worker bundle', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-kernel-bundle-'));
  const outDir = path.join(root, 'renderer');
  let chunks: Rollup.OutputChunk[] = [];
  let host: BrowserHost;
  const backend = fakeBackend();

  beforeAll(async () => {
    const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, path.join(repo, 'renderer/vite.config.mts'));
    const config = loaded!.config;
    const output = await build({
      ...config,
      configFile: false,
      logLevel: 'silent',
      plugins: withoutBridge(config.plugins),
      build: {
        ...config.build,
        outDir,
        emptyOutDir: true,
        sourcemap: false,
        rollupOptions: { input: { 'kernel-runner': entry }, preserveEntrySignatures: 'strict' },
      },
    });
    const results = Array.isArray(output) ? output : [output as Rollup.RollupOutput];
    chunks = results.flatMap((r) => r.output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk'));
    host = await startBrowserHost({ handlers: backend.handlers, subscribe: backend.subscribe, staticDir: outDir, port: 0 });
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const workerFile = (): string => {
    const files = fs.readdirSync(path.join(outDir, 'assets')).filter((f) => /^kernel-worker-.+\.js$/.test(f));
    expect(files).toHaveLength(1);
    return files[0]!;
  };

  it('emits the worker as its own ES module chunk, holding the kernels, that the entry starts with { type: "module" }', () => {
    const file = workerFile();
    const workerCode = fs.readFileSync(path.join(outDir, 'assets', file), 'utf8');
    // The dispatcher and a kernel's own message are in the worker, and it does not lean on a
    // classic-worker importScripts.
    expect(workerCode).toContain('unknown mask kernel');
    expect(workerCode).toContain('margin must be a finite number of mm');
    expect(workerCode).not.toContain('importScripts');
    const entryChunk = chunks.find((c) => c.isEntry);
    expect(entryChunk?.code).toContain(file);
    expect(entryChunk?.code).toMatch(/type:\s*[`"']module[`"']/);
    expect(entryChunk?.exports).toEqual(expect.arrayContaining(['runKernelOffThread', 'runKernel', 'KernelAbortedError', 'disposeKernelWorkers']));
  });

  it('is served by the browser host as JavaScript, under a CSP that allows same-origin workers', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/assets/${workerFile()}`, { headers: { 'x-lungdesk-token': host.token } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|;\s*)worker-src [^;]*'self'/);
    expect(csp).toMatch(/(^|;\s*)script-src [^;]*'self'/);
    expect(await res.text()).toContain('unknown mask kernel');
  });
});
