import * as path from 'node:path';
import { LungDeskError } from '../../common/errors';
import { writeFileAtomic } from '../../core/io/write/atomic-write';
import { writeMetaImage } from '../../core/io/write/metaimage-writer';
import { writeNifti, writeNrrd } from '../../core/io/write/nifti-nrrd-writer';
import { writeNpy } from '../../core/io/write/npy-writer';
import type { Volume } from '../../core/volume/volume';
import { parseArgs, UsageError, type CliIo } from '../args';
import { loadScan, reportError, reportUsage } from './load-scan';
import { confineOutput } from '../../core/datasets/folder-policy';

/**
 * `lungdesk convert PATH OUT [--series UID] [--compress] [--json]`: reads one scan as int16
 * HU and writes it in the format OUT's extension names. Exit 0 written, 1 error, 2 usage.
 * With --json, stdout holds one JSON document: the result or `{ error: { code, message, file } }`.
 */

export const CONVERT_USAGE = `usage: lungdesk convert PATH OUT [--series UID] [--compress] [--json]
  PATH  a DICOM folder (first series, or --series UID), .mhd/.mha, .nii/.nii.gz, .nrrd/.nhdr
  OUT   format from the extension, voxels int16 HU:
          .npy      numpy array [z][y][x] (C order, <i2) as the seed's arrays; .npy holds no
                    geometry, so OUT's stem + .geometry.json is written beside it
                    (dims, spacing, origin, direction: LPS, origin = centre of voxel 0;
                    missingSlices: z indices padded with -2000 for missing slices)
          .nii.gz   NIfTI-1, gzip (.nii: uncompressed), RAS affine in qform and sform
          .nrrd     NRRD, data attached (gzip encoding with --compress)
          .mhd      MetaImage header + .raw (.zraw with --compress)
  Files are written atomically (temp file, then rename).`;

type OutFormat = 'npy' | 'nifti' | 'nrrd' | 'metaimage';

function outFormat(out: string): OutFormat | undefined {
  if (/\.npy$/i.test(out)) return 'npy';
  if (/\.nii(\.gz)?$/i.test(out)) return 'nifti';
  if (/\.nrrd$/i.test(out)) return 'nrrd';
  if (/\.mhd$/i.test(out)) return 'metaimage';
  return undefined;
}

/** The sidecar of an .npy: `scan.npy` → `scan.geometry.json`. */
export function npyGeometryPath(npyPath: string): string {
  return npyPath.replace(/\.npy$/i, '') + '.geometry.json';
}

/**
 * The .npy's geometry sidecar: the grid, the slots of missing slices, and what the array
 * holds (`array`, default int16 HU).
 */
export function geometrySidecar(
  volume: Pick<Volume, 'dims' | 'spacing' | 'origin' | 'direction'>,
  source: string,
  seriesInstanceUid: string,
  missingSlices: readonly number[] = [],
  array: { dtype: string; units: string } = { dtype: 'int16', units: 'HU' },
): object {
  return {
    format: 'lungdesk-geometry',
    version: 1,
    array: { ...array, shape: [volume.dims[2], volume.dims[1], volume.dims[0]], axes: ['z', 'y', 'x'] },
    space: 'LPS',
    dims: volume.dims,
    spacing: volume.spacing,
    origin: volume.origin,
    direction: volume.direction,
    note: 'dims/spacing/origin are (x, y, z); direction is 3x3 row-major, column j = world direction of voxel axis j; world = origin + direction · (spacing ⊙ [x, y, z]); origin is the centre of voxel [0, 0, 0]',
    missingSlices,
    missingNote: 'z indices (slots) of missing slices: no file was found for them, their voxels hold -2000 (padding); every other slice is at its acquired position',
    source,
    seriesInstanceUid,
  };
}

export async function convertCommand(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let target: string;
  let out: string;
  let format: OutFormat;
  let seriesUid: string | undefined;
  let compress: boolean;
  try {
    const args = parseArgs(argv, { values: ['series'], flags: ['json', 'compress'] });
    if (args.positionals.length !== 2) throw new UsageError(args.positionals.length < 2 ? 'PATH and OUT are needed' : 'give exactly PATH and OUT');
    [target, out] = args.positionals as [string, string];
    const f = outFormat(out);
    if (!f) throw new UsageError(`cannot tell the output format from "${path.basename(out)}": use .npy, .nii.gz, .nii, .nrrd or .mhd`);
    format = f;
    const s = args.values.get('series');
    if (s && s.length > 1) throw new UsageError('--series given more than once');
    seriesUid = s?.[0];
    compress = args.flags.has('compress');
  } catch (e) {
    return reportUsage(e instanceof Error ? e.message : String(e), 'convert', CONVERT_USAGE, json, io);
  }
  try {
    // Never into /proc, /sys, /dev or another system folder, nor through a link that leads there.
    const absOut = confineOutput(out);
    const started = Date.now();
    const { series, volume, warnings, missingSlices } = await loadScan(target, seriesUid);
    if (missingSlices.length && format !== 'npy') {
      warnings.push(`${missingSlices.length} missing slice(s) are written as -2000 HU padding; ${format} has no field to mark them (the .npy sidecar lists them)`);
    }
    const files = [absOut];
    switch (format) {
      case 'npy': {
        await writeNpy(volume, absOut);
        const side = npyGeometryPath(absOut);
        await writeFileAtomic(side, JSON.stringify(geometrySidecar(volume, series.files[0] ?? target, series.seriesInstanceUid, missingSlices), null, 2) + '\n');
        files.push(side);
        break;
      }
      case 'nifti':
        await writeNifti(volume, absOut);
        break;
      case 'nrrd':
        await writeNrrd(volume, absOut, { compressed: compress });
        break;
      case 'metaimage':
        await writeMetaImage(volume, absOut, { compressed: compress });
        files.unshift(absOut.replace(/\.mhd$/i, compress ? '.zraw' : '.raw'));
        break;
      default:
        throw new LungDeskError('internal', `unhandled output format ${String(format)}`);
    }
    const result = {
      input: { path: path.resolve(target), format: series.format, seriesInstanceUid: series.seriesInstanceUid },
      output: { path: absOut, format, files },
      dims: volume.dims,
      spacing: volume.spacing,
      origin: volume.origin,
      direction: volume.direction,
      missingSlices,
      warnings,
      seconds: (Date.now() - started) / 1000,
    };
    if (json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      for (const w of warnings) io.stderr(`lungdesk convert: warning: ${w}\n`);
      io.stdout(`wrote ${files.join(', ')}\n  ${volume.dims.join('×')} voxels, spacing ${volume.spacing.map((v) => Number(v.toPrecision(6))).join(' × ')} mm, from ${series.format} ${series.seriesInstanceUid || series.files[0]}\n`);
    }
    return 0;
  } catch (e) {
    return reportError(e, 'convert', json, io);
  }
}
