import { spawnSync } from 'node:child_process';

/**
 * dciodvfy (dicom3tools, Debian `dicom3tools`): David Clunie's validator of a DICOM file
 * against its IOD, and dcentvfy, its check that several files agree on the patient, study,
 * series and frame of reference they share. Both print "Error - …" lines for what the
 * standard forbids and "Warning - …" lines for what it only discourages, on stderr.
 */

let missing: string | null | undefined;

/** Null when `dciodvfy` runs, else why not (for skip messages). */
export function dciodvfyMissing(): string | null {
  if (missing !== undefined) return missing;
  const r = spawnSync('dciodvfy', ['-help'], { encoding: 'utf8' });
  missing = r.error ? `dciodvfy not found (Debian package dicom3tools): ${r.error.message}` : null;
  return missing;
}

export interface DciodvfyReport {
  errors: string[];
  warnings: string[];
  output: string;
}

export function dciodvfy(file: string): DciodvfyReport {
  return run('dciodvfy', [file]);
}

/** dcentvfy over `files` (e.g. a SEG and its source images). */
export function dcentvfy(files: readonly string[]): DciodvfyReport {
  return run('dcentvfy', files);
}

function run(tool: string, args: readonly string[]): DciodvfyReport {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  const output = `${r.stdout}${r.stderr}`;
  const lines = output.split('\n').map((l) => l.trim());
  return {
    errors: lines.filter((l) => l.startsWith('Error')),
    warnings: lines.filter((l) => l.startsWith('Warning')),
    output,
  };
}
