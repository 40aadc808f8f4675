import { toErrorInfo } from '../../common/errors';
import { discoverSeries, skipReasonOf, type SeriesDescriptor } from '../../core/io';
import { slotRuns } from '../../core/io/dicom/slice-grid';
import { parseArgs, UsageError } from '../args';

/**
 * `lungdesk info PATH [--json]`: the series found under PATH (a folder, .mhd/.mha or .dcm)
 * with dims, spacing, origin, direction, slice count, missing slices (their slots, padded)
 * and warnings, plus the files that could not be used and why. Exit 0 when at least one series was found, 1 on an error, 2 on a usage error.
 * With --json, stdout holds exactly one JSON document: `{ series, issues }` or `{ error }`.
 */

export const INFO_USAGE = 'usage: lungdesk info PATH [--json]';

const num = (v: number): string => String(Number(v.toPrecision(12)));
const vec = (v: readonly number[]): string => `[${v.map(num).join(', ')}]`;

/** "slot 66 (z -175 mm); slots 80–81 (z -140 … -137.5 mm)": where the missing slices' slots lie. */
function missingText(s: SeriesDescriptor): string {
  const g = s.geometry;
  const z = (k: number) => num(g.origin[2] + g.direction[8]! * k * g.spacing[2]);
  const runs = slotRuns(s.missingSlices).map(([a, b]) => (a === b ? `slot ${a} (z ${z(a)} mm)` : `slots ${a}–${b} (z ${z(a)} … ${z(b)} mm)`));
  return runs.length > 10 ? `${runs.slice(0, 10).join('; ')}; …` : runs.join('; ');
}

function describe(s: SeriesDescriptor, index: number): string {
  const g = s.geometry;
  const d = g.direction;
  const lines = [
    `series ${index + 1}: ${s.seriesInstanceUid || '(no SeriesInstanceUID)'}`,
    `  format      ${s.format}`,
    `  modality    ${s.modality || '-'}`,
    `  patient     ${s.patientId || '-'}`,
    `  study       ${s.studyInstanceUid || '-'}`,
    `  description ${s.description || '-'}`,
    `  dims        ${vec(g.dims)} (x, y, z)`,
    `  spacing     ${vec(g.spacing)} mm`,
    `  origin      ${vec(g.origin)} mm (LPS, centre of voxel 0)`,
    `  direction   x ${vec([d[0]!, d[3]!, d[6]!])}  y ${vec([d[1]!, d[4]!, d[7]!])}  z ${vec([d[2]!, d[5]!, d[8]!])}`,
    `  slices      ${s.sliceCount}${s.missingSlices.length ? ` acquired, ${s.missingSlices.length} missing (padded): ${missingText(s)}` : ''}`,
    `  location    ${s.files.length === 1 ? s.files[0] : `${s.files[0]} … (${s.files.length} files)`}`,
  ];
  if (s.warnings.length === 0) lines.push('  warnings    none');
  else for (const w of s.warnings) lines.push(`  warning     ${w}`);
  return lines.join('\n');
}

export async function infoCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  const json = argv.includes('--json');
  let target: string;
  try {
    const args = parseArgs(argv, { flags: ['json'] });
    if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'PATH is missing' : 'give exactly one PATH');
    target = args.positionals[0]!;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (json) io.stdout(JSON.stringify({ error: { code: 'contract.bad-input', message: `${message}; ${INFO_USAGE}` } }) + '\n');
    else io.stderr(`lungdesk info: ${message}\n${INFO_USAGE}\n`);
    return 2;
  }
  try {
    const result = await discoverSeries(target);
    if (json) {
      const series = result.series.map((d) => ({
        seriesInstanceUid: d.seriesInstanceUid,
        studyInstanceUid: d.studyInstanceUid,
        patientId: d.patientId,
        modality: d.modality,
        description: d.description,
        format: d.format,
        dims: d.geometry.dims,
        spacing: d.geometry.spacing,
        origin: d.geometry.origin,
        direction: d.geometry.direction,
        sliceCount: d.sliceCount,
        missingSlices: d.missingSlices,
        warnings: d.warnings,
        files: d.files,
      }));
      const issues = result.issues.map((i) => ({ ...i, reason: skipReasonOf(i) }));
      io.stdout(JSON.stringify({ series, issues }, null, 2) + '\n');
      return 0;
    }
    const parts = result.series.map(describe);
    if (result.issues.length) {
      parts.push(`${result.issues.length} file(s) not used:\n` + result.issues.map((i) => `  ${skipReasonOf(i)} (${i.code})  ${i.message}`).join('\n'));
    }
    io.stdout(parts.join('\n\n') + '\n');
    return 0;
  } catch (e) {
    const info = toErrorInfo(e);
    if (json) {
      const error: { code: string; message: string; file?: string } = { code: info.code, message: info.message };
      if (info.file !== undefined) error.file = info.file;
      io.stdout(JSON.stringify({ error }) + '\n');
    } else {
      io.stderr(`lungdesk info: ${info.code}: ${info.message}\n`);
    }
    return 1;
  }
}
