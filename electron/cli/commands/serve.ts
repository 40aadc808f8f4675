import { spawn } from 'node:child_process';
import path from 'node:path';
import { toErrorInfo } from '../../common';
import { defaultDataDir } from '../../app/data-dir';
import { createRuntime } from '../../app/runtime';
import { startBrowserHost } from '../../server/browser-host';
import { parseArgs, UsageError, type CliIo } from '../args';

export const SERVE_USAGE = `usage: lungdesk serve [--port N] [--dataset DIR]... [--data-dir DIR] [--no-open] [--no-demo]
  Starts the browser host on 127.0.0.1 and prints LUNGDESK_URL=<launch link> once ready: the
  link carries a one-time code (good once, for 2 minutes) that the host exchanges for a session
  cookie. Press Enter in this terminal for a new link. Node clients may instead send the token
  in the x-lungdesk-token header: set LUNGDESK_TOKEN in this command's environment to choose it
  (never pass it as an argument).
  --port N        port to listen on (0: any free port; default 0)
  --dataset DIR   index the DICOM series and .mhd files under DIR (any depth); repeatable
  --data-dir DIR  LungDesk's data folder (default: $LUNGDESK_DATA_DIR or the user data folder)
  --no-open       do not open a browser
  --no-demo       do not make the demo dataset on first start`;

/** `lungdesk serve`: the same backend as the Electron app, over HTTP/WebSocket. */
export async function serveCommand(argv: string[], io: CliIo, opts: { staticDir: string; version: string }): Promise<number> {
  const args = parseArgs(argv, { values: ['port', 'dataset', 'data-dir'], flags: ['no-open', 'no-demo', 'help'] });
  if (args.flags.has('help')) {
    io.stdout(SERVE_USAGE + '\n');
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const portText = args.values.get('port')?.at(-1) ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer 0..65535, not ${portText}`);
  const token = takeTokenFromEnv();
  const dataDir = path.resolve(args.values.get('data-dir')?.at(-1) ?? defaultDataDir());
  const log = (line: string) => io.stderr(`[lungdesk] ${line}\n`);

  const runtime = createRuntime({ dataDir, host: 'browser', version: opts.version, log });
  const { service } = runtime;
  const datasets = args.values.get('dataset') ?? [];
  try {
    if (datasets.length === 0 && !args.flags.has('no-demo')) {
      log(`preparing the demo dataset in ${dataDir}`);
      await service.ensureDemoDataset();
    }
    for (const dir of datasets) {
      const { datasetId, done } = service.importDataset(dir);
      const count = await done;
      io.stdout(`dataset ${datasetId} ${path.resolve(dir)}: ${count} scan(s)\n`);
      for (const s of service.listScans(datasetId)) {
        io.stdout(`  scan ${s.id} ${s.seriesInstanceUid} ${s.modality} ${s.dims.join('x')} ${s.format} ${s.path}\n`);
      }
    }
  } catch (e) {
    const info = toErrorInfo(e);
    io.stderr(`lungdesk serve: ${info.message}${info.file ? ` (${info.file})` : ''}\n`);
    runtime.close();
    return 1;
  }

  const host = await startBrowserHost({
    handlers: service.handlers,
    subscribe: (l) => service.subscribe(l),
    staticDir: opts.staticDir,
    port,
    token,
    log: process.env.LUNGDESK_LOG_REQUESTS ? log : undefined,
  });
  io.stdout(`LUNGDESK_URL=${host.url}\n`);
  // The opener sees only the one-time code, which is spent by the time anyone reads its arguments.
  if (!args.flags.has('no-open')) openBrowser(host.url, log);
  const stopNewLinks = offerNewLinks(() => io.stdout(`LUNGDESK_URL=${host.newLaunchUrl()}\n`));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopNewLinks();
  await host.close();
  runtime.close();
  return 0;
}

/**
 * The token a parent chose for Node clients, from the environment (never argv, which every
 * user of the machine can read in /proc). Removed from this process's environment at once,
 * so the workers it starts do not inherit it.
 */
function takeTokenFromEnv(): string | undefined {
  const token = process.env.LUNGDESK_TOKEN;
  delete process.env.LUNGDESK_TOKEN;
  if (token === undefined || token.length === 0) return undefined;
  if (token.length < 16) throw new UsageError('LUNGDESK_TOKEN must be at least 16 characters');
  return token;
}

/** On a terminal, Enter prints a fresh launch link (a code is good once, and for minutes only). */
function offerNewLinks(print: () => void): () => void {
  if (!process.stdin.isTTY) return () => {};
  process.stdin.setEncoding('utf8');
  const onData = (chunk: string): void => {
    if (chunk.includes('\n') || chunk.includes('\r')) print();
  };
  process.stdin.on('data', onData);
  process.stdin.resume();
  return () => {
    process.stdin.off('data', onData);
    process.stdin.pause();
  };
}

function openBrowser(url: string, log: (l: string) => void): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) {
    log('no display: open the URL above in a browser');
    return;
  }
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => log(`could not start ${cmd}: open the URL above in a browser`));
  child.unref();
}
