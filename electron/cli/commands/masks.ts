import path from 'node:path';
import { openMaskStore } from '../../app/mask-store/open-mask-store';
import { deltaPerLabel } from '../../core/masks/mask-diff';
import { writeMaskExport } from '../../core/io/write/nifti-mask-writer';
import { parseArgs, UsageError, type CliIo } from '../args';
import { reportError, reportUsage } from './load-scan';
import { confineOutput } from '../../core/datasets/folder-policy';

export const MASKS_USAGE = `usage: lungdesk masks list --data-dir DIR [--scan SERIES_UID] [--json]
       lungdesk masks export VERSION_ID --data-dir DIR --out FILE(.npy|.nii.gz|.nii)
       lungdesk masks diff A B --data-dir DIR [--json]
  Reads the mask versions the app saved in its data folder (DIR, holding lungdesk.sqlite):
  list them (newest first, with author, note, tools and voxels per label), export one on its
  scan grid (.npy: (z, y, x) uint8; .nii.gz: with the scan's affine), or count the voxels
  version B added and removed per label against version A (same scan).`;

const positiveId = (s: string | undefined, what: string): number => {
  const n = Number(s);
  if (!s || !Number.isInteger(n) || n <= 0) throw new UsageError(`${what} must be a mask version id (a positive integer), got ${s ?? 'nothing'}`);
  return n;
};

/** `lungdesk masks`: the mask store without the UI. */
export async function masksCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, { values: ['data-dir', 'scan', 'out'], flags: ['json', 'help'] });
  if (sub === undefined || sub === 'help' || sub === '--help' || args.flags.has('help')) {
    io.stdout(MASKS_USAGE + '\n');
    return sub === undefined ? 2 : 0;
  }
  const json = args.flags.has('json');
  try {
    return await run(sub, args, json, io);
  } catch (e) {
    if (e instanceof UsageError) return reportUsage(e.message, 'masks', MASKS_USAGE, json, io);
    return reportError(e, 'masks', json, io);
  }
}

async function run(sub: string, args: ReturnType<typeof parseArgs>, json: boolean, io: CliIo): Promise<number> {
  const dataDir = args.values.get('data-dir')?.at(-1);
  if (!dataDir) throw new UsageError('--data-dir DIR is required');
  const opened = openMaskStore(dataDir);
  try {
    switch (sub) {
      case 'list': {
        const versions = await opened.list(args.values.get('scan')?.at(-1));
        if (json) {
          io.stdout(JSON.stringify(versions, null, 2) + '\n');
          return 0;
        }
        for (const v of versions) {
          const labels = v.stats.map((s) => `${s.label}: ${s.voxels} vx ${s.volumeMm3.toFixed(0)} mm³ (+${s.added} −${s.removed})`).join(', ');
          io.stdout(`#${v.id} scan ${v.scanId} ${v.kind} ${v.parentId === null ? '' : `from #${v.parentId} `}by ${v.author} ${new Date(v.createdAt).toISOString()}${v.note ? ` "${v.note}"` : ''}\n`);
          io.stdout(`    ${v.tools.length ? `tools ${v.tools.join(', ')}; ` : ''}${labels || 'empty'}\n`);
        }
        if (!versions.length) io.stdout('no mask versions\n');
        return 0;
      }
      case 'export': {
        const id = positiveId(args.positionals[0], 'VERSION_ID');
        const out = args.values.get('out')?.at(-1);
        if (!out) throw new UsageError('--out FILE is required');
        const v = opened.store.version(id);
        const scan = opened.scanOf(v.scanId);
        // Not into the data folder the masks live in, nor a system folder (also through a link).
        const file = confineOutput(out, { dataDir });
        const voxels = await opened.store.voxelsCopy(v);
        await writeMaskExport(voxels, scan, file);
        io.stdout(json ? JSON.stringify({ id, out: path.resolve(out), dims: scan.dims, sha256: v.sha256 }) + '\n' : `wrote mask #${id} (${scan.dims.join('×')}) to ${path.resolve(out)}\n`);
        return 0;
      }
      case 'diff': {
        const a = positiveId(args.positionals[0], 'A');
        const b = positiveId(args.positionals[1], 'B');
        const d = await opened.store.diff(a, b);
        const perLabel = deltaPerLabel(d.delta);
        if (json) {
          io.stdout(JSON.stringify({ a, b, voxelsChanged: d.values.length, perLabel }, null, 2) + '\n');
        } else {
          io.stdout(`#${b} against #${a}: ${d.values.length} voxels changed\n`);
          for (const p of perLabel) io.stdout(`  label ${p.label}: +${p.added} −${p.removed}\n`);
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown masks command '${sub}'`);
    }
  } finally {
    opened.close();
  }
}
