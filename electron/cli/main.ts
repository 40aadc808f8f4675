import fs from 'node:fs';
import path from 'node:path';
import { toErrorInfo } from '../common';
import { UsageError, type CliIo } from './args';
import { reserveStdoutForJson, wantsJson, withOneJsonDocument } from './json-output';
import { CONVERT_USAGE, convertCommand } from './commands/convert';
import { exportCommand } from './commands/export';
import { EXPORT_USAGE } from './commands/export-args';
import { HISTOGRAM_USAGE, histogramCommand } from './commands/histogram';
import { indexCommand, INDEX_USAGE } from './commands/index-datasets';
import { infoCommand } from './commands/info';
import { masksCommand, MASKS_USAGE } from './commands/masks';
import { meshCommand, MESH_USAGE } from './commands/mesh';
import { preprocessCommand, PREPROCESS_USAGE } from './commands/preprocess';
import { segmentCommand, SEGMENT_USAGE } from './commands/segment';
import { serveCommand, SERVE_USAGE } from './commands/serve';

const USAGE = `usage: lungdesk <command> [options]

commands:
  serve [--port N] [--dataset DIR]... [--no-open]   start the browser host
  info PATH [--json]                                 describe the series in a folder or .mhd
  convert PATH OUT [--series UID] [--compress] [--json]
                                                     write a scan as .npy (+ .geometry.json),
                                                     .nii.gz/.nii, .nrrd or .mhd
  histogram PATH [--bin-width N] [--json]            HU histogram and statistics of a scan
  index DIR... --db FILE [--json]                    index datasets and their annotations
  preprocess PATH --out DIR [--annotations CSV] [--spacing MM] [--interp nearest|linear|cubic] [--json]
                                                     the DSB2017/LUNA16 preprocessing, as .npy arrays
  segment PATH --seed X,Y,Z --out FILE.npy [--diameter MM] [--json]
                                                     segment one nodule from a point (LPS mm):
                                                     its mask as .npy (+ .geometry.json), its size
  mesh PATH --mask lung|nodules|bone --out FILE.stl|.obj|.gltf [--threshold HU] [--budget N] [--json]
                                                     a closed surface in world LPS mm (3D print,
                                                     Slicer, Blender)
  masks list|export|diff --data-dir DIR ...         the mask versions the app saved: list them,
                                                     export one (.npy/.nii.gz), diff two
  export --db FILE --out DIR --format F,... [...]   export reviewed scans as training sets
                                                     (nnU-Net, MONAI, arrays, cubes, SEG, NIfTI)

${SERVE_USAGE}

${INDEX_USAGE}

${PREPROCESS_USAGE}

${CONVERT_USAGE}

${HISTOGRAM_USAGE}

${SEGMENT_USAGE}

${MASKS_USAGE}

${MESH_USAGE}

${EXPORT_USAGE}`;

function repoRoot(): string {
  // dist/electron/cli/main.js and electron/cli/main.ts both sit three levels below the root.
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, '..', '..', '..');
}

export function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')).version as string;
  } catch {
    return '0.0.0';
  }
}

/**
 * Runs one command. With --json, stdout gets exactly one JSON document whatever happens
 * (json-output.ts); without, results on stdout and errors as one line on stderr.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (wantsJson(argv)) return withOneJsonDocument(io, (inner) => run(command, rest, inner, true), USAGE.split('\n')[0]);
  return run(command, rest, io, false);
}

async function run(command: string | undefined, rest: string[], io: CliIo, json: boolean): Promise<number> {
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest, io, { staticDir: path.join(repoRoot(), 'dist', 'renderer'), version: packageVersion() });
      case 'info':
        return await infoCommand(rest, io);
      case 'preprocess':
        return await preprocessCommand(rest, io);
      case 'index':
        return await indexCommand(rest, io, { version: packageVersion() });
      case 'convert':
        return await convertCommand(rest, io);
      case 'histogram':
        return await histogramCommand(rest, io);
      case 'segment':
        return await segmentCommand(rest, io);
      case 'masks':
        return await masksCommand(rest, io);
      case 'mesh':
        return await meshCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io, { version: packageVersion() });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      case '--version':
        io.stdout(packageVersion() + '\n');
        return 0;
      default:
        if (json) throw new UsageError(`unknown command '${command}'`);
        io.stderr(`lungdesk: unknown command '${command}'\n\n${USAGE}\n`);
        return 2;
    }
  } catch (e) {
    if (json) throw e; // the --json wrapper prints it as the one document
    if (e instanceof UsageError) {
      io.stderr(`lungdesk ${command}: ${e.message}\n`);
      return 2;
    }
    const info = toErrorInfo(e);
    io.stderr(`lungdesk ${command}: ${info.code}: ${info.message}${info.file ? ` (${info.file})` : ''}\n`);
    return 1;
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  // With --json nothing but the document reaches stdout: libraries that print go to stderr.
  const stdout = wantsJson(argv) ? reserveStdoutForJson() : (s: string) => void process.stdout.write(s);
  main(argv, {
    stdout,
    stderr: (s) => process.stderr.write(s),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`lungdesk: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
