import { LungDeskError, toErrorInfo } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { discoverSeries, loadVolume, type PaddedVoxels, type SeriesDescriptor } from '../../core/io';
import type { Volume } from '../../core/volume/volume';
import type { CliIo } from '../args';

/**
 * What `convert` and `histogram` share: PATH (a DICOM folder, .mhd/.mha, .nii/.nii.gz,
 * .nrrd/.nhdr) → one series → an HU volume. With several series the first is used (listed in
 * a warning) unless `seriesUid` names one; a UID that matches nothing is a `not-found` error
 * listing the UIDs there are.
 */
export async function loadScan(
  target: string,
  seriesUid: string | undefined,
  ctx?: JobContext,
): Promise<{ series: SeriesDescriptor; volume: Volume; warnings: string[]; missingSlices: number[]; outsideField: PaddedVoxels[] }> {
  const found = await discoverSeries(target, ctx);
  const warnings: string[] = [];
  let series: SeriesDescriptor | undefined;
  if (seriesUid !== undefined) {
    series = found.series.find((s) => s.seriesInstanceUid === seriesUid);
    if (!series) {
      const uids = found.series.map((s) => s.seriesInstanceUid || '(empty)');
      throw new LungDeskError('not-found', `no series ${seriesUid} under ${target}; found: ${uids.join(', ')}`, { file: target, detail: { series: uids } });
    }
  } else {
    series = found.series[0]!;
    if (found.series.length > 1) {
      warnings.push(`${found.series.length} series found, using the first (${series.seriesInstanceUid || series.files[0]}); pick another with --series UID`);
    }
  }
  const loaded = await loadVolume(series, ctx);
  return {
    series,
    volume: loaded.volume,
    warnings: [...warnings, ...series.warnings, ...loaded.warnings],
    missingSlices: loaded.missingSlices,
    outsideField: loaded.outsideField,
  };
}

/** Prints an error the way every lungdesk command does: `{ error }` on stdout with --json, one line on stderr otherwise. Returns the exit code 1. */
export function reportError(e: unknown, command: string, json: boolean, io: CliIo): number {
  const info = toErrorInfo(e);
  if (json) {
    const error: { code: string; message: string; file?: string } = { code: info.code, message: info.message };
    if (info.file !== undefined) error.file = info.file;
    io.stdout(JSON.stringify({ error }) + '\n');
  } else {
    io.stderr(`lungdesk ${command}: ${info.code}: ${info.message}\n`);
  }
  return 1;
}

/** A usage error: `{ error: contract.bad-input }` with --json, message + usage on stderr otherwise. Returns 2. */
export function reportUsage(message: string, command: string, usage: string, json: boolean, io: CliIo): number {
  if (json) io.stdout(JSON.stringify({ error: { code: 'contract.bad-input', message: `${message}; ${usage.split('\n')[0]}` } }) + '\n');
  else io.stderr(`lungdesk ${command}: ${message}\n${usage}\n`);
  return 2;
}
