/**
 * A process with no IPC channel to its parent (as an Electron utility process looks to Node)
 * that watches its host: writes `<outFile>.ready` once watching, and when `watchHost` fires it
 * writes why to `<outFile>` and exits.
 * Usage: node --import tsx test/helpers/watch-host-child.ts <outFile>
 */
import fs from 'node:fs';
import { watchHost } from '../../electron/workers/host-watch';

const outFile = process.argv[2]!;
watchHost((why) => {
  fs.writeFileSync(outFile, why);
  process.exit(0);
}, 100);
fs.writeFileSync(`${outFile}.ready`, String(process.ppid));
setInterval(() => {}, 1 << 30);
