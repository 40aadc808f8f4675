import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { jobCatalogue } from '../../common/job-catalogue';
import { readLunaAnnotations } from '../../core/annotations/luna';
import { writeFileAtomic } from '../../core/io/write/atomic-write';
import { npyFileSink, preprocessVolume, type Interpolation } from '../../core/pipelines/preprocess';
import { parseArgs, UsageError, type CliIo } from '../args';
import { loadScan, reportError } from './load-scan';
import { confineOutput } from '../../core/datasets/folder-policy';

export const PREPROCESS_USAGE = `usage: lungdesk preprocess PATH --out DIR [--annotations CSV] [--spacing MM] [--interp nearest|linear|cubic]
                           [--dilate-mm MM] [--outside-air corner|sides] [--series UID] [--seg2d] [--json]
  The DSB2017/LUNA16 preprocessing of a DICOM folder, .mhd/.mha, .nii(.gz) or .nrrd, written as
  the seed pipeline writes it: .npy arrays in z,y,x order: hu.npy (int16), resampled.npy (int16,
  new grid), lungmask.npy (uint8, filled, before dilation), lungmask_nofill.npy,
  lungmask_dilated.npy, segmented.npy (float32, lung-masked, normalised, zero-centred), with
  --seg2d lungmask2d.npy and segmented2d.npy, and with --annotations nodules/images_N.npy,
  masks_N.npy (radius d/2) and masks_N_seed.npy (the tutorial's disk of radius d) for every
  LUNA16 row N of this scan. --json prints per-step wall times.
  Defaults: --spacing 1, --interp cubic (the tutorial's order 3), --dilate-mm 5, --outside-air corner.`;


/** `lungdesk preprocess`: stateless per scan, so a cluster's scheduler can run it in parallel. */
export async function preprocessCommand(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    const args = parseArgs(argv, { values: ['out', 'annotations', 'spacing', 'interp', 'dilate-mm', 'outside-air', 'series'], flags: ['json', 'seg2d', 'help'] });
    if (args.flags.has('help')) {
      io.stdout(PREPROCESS_USAGE + '\n');
      return 0;
    }
    const [target, extra] = args.positionals;
    if (!target || extra) throw new UsageError(`give exactly one PATH\n${PREPROCESS_USAGE}`);
    const out = args.values.get('out')?.at(-1);
    if (!out) throw new UsageError(`--out DIR is required\n${PREPROCESS_USAGE}`);
    const num = (name: string, dflt: number, min: number) => {
      const v = args.values.get(name)?.at(-1);
      if (v === undefined) return dflt;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}, not ${v}`);
      return n;
    };
    const spacingMm = num('spacing', 1, 0.05);
    const dilateMm = num('dilate-mm', 5, 0);
    // The options' choices are the preprocess job's, as the job catalogue defines them.
    const choice = <T extends string>(name: string, schema: z.ZodType<T> & { options: readonly T[] }, dflt: T): T => {
      const raw = args.values.get(name)?.at(-1) ?? dflt;
      const r = schema.safeParse(raw);
      if (!r.success) throw new UsageError(`--${name} must be ${schema.options.join(', ')}, not ${raw}`);
      return r.data;
    };
    const { interp: interpSchema, outsideAir: outsideAirSchema } = jobCatalogue.preprocess.params.shape;
    const interp: Interpolation = choice('interp', interpSchema, 'cubic');
    const outsideAir = choice('outside-air', outsideAirSchema, 'corner');

    const t0 = performance.now();
    const { series, volume, warnings, missingSlices } = await loadScan(target, args.values.get('series')?.at(-1));
    const loadSeconds = (performance.now() - t0) / 1000;
    let nodules: { index: number; center: [number, number, number]; diameterMm: number }[] = [];
    const csv = args.values.get('annotations')?.at(-1);
    if (csv) {
      const r = await readLunaAnnotations(path.resolve(csv));
      // The seed names nodule files by the row's index among the CSV's data rows.
      nodules = r.rows
        .filter((row) => row.seriesuid === series.seriesInstanceUid && row.diameterMm !== null)
        .map((row) => ({ index: row.line - 2, center: [row.coordX, row.coordY, row.coordZ], diameterMm: row.diameterMm! }));
      for (const e of r.errors.slice(0, 5)) warnings.push(`${e.file}:${e.line}: ${e.message}`);
    }
    const volumeMb = Math.round(volume.voxels.byteLength / 2 ** 20);
    const outDir = confineOutput(out, { folder: true });
    fs.mkdirSync(outDir, { recursive: true });
    const summary = await preprocessVolume(
      volume,
      { spacingMm, interp, dilateMm, outsideAir, seg2d: args.flags.has('seg2d'), nodules, missingSlices },
      npyFileSink(outDir),
    );
    const result = {
      input: path.resolve(target),
      seriesInstanceUid: series.seriesInstanceUid,
      out: outDir,
      interp,
      ...summary,
      timings: [{ step: 'load', seconds: Number(loadSeconds.toFixed(3)) }, ...summary.timings],
      totalSeconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      volumeMb,
      warnings,
    };
    await writeFileAtomic(path.join(outDir, 'meta.json'), JSON.stringify(result, null, 1));
    if (json) io.stdout(JSON.stringify(result, null, 1) + '\n');
    else {
      io.stdout(`${result.input} → ${outDir}\n`);
      for (const t of result.timings) io.stdout(`  ${t.step.padEnd(16)} ${t.seconds.toFixed(3)} s\n`);
      io.stdout(`  total            ${result.totalSeconds.toFixed(3)} s; lung voxels ${summary.lungVoxels.fill} (filled), ${summary.lungVoxels.dilated} (dilated); ${summary.nodules.length} nodule(s)\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return reportError(e, 'preprocess', json, io);
  }
}
