import path from 'node:path';
import { toErrorInfo } from '../../common';
import { createRuntime } from '../../app/runtime';
import { parseArgs, UsageError, type CliIo } from '../args';

export const INDEX_USAGE = `usage: lungdesk index DIR... --db FILE [--max-files N] [--json]
  Indexes each DIR as a dataset (layout recognised: LUNA16, LIDC-IDRI, Kaggle DSB2017, any
  folder of DICOM/MetaImage/NIfTI/NRRD), headers only; imports its annotation files; prints
  counts. Running it again re-reads only new or changed files.
  /, /proc, /sys, /dev and files are refused (dataset.refused-folder, io.not-a-folder);
  symbolic links out of DIR are not followed. A first index stops past --max-files files
  (default $LUNGDESK_FILE_BUDGET or 200000) with dataset.too-many-files: run it again
  with a larger --max-files if DIR is the folder you meant.`;

/** `lungdesk index`: the dataset index without the UI, e.g. on a server or in CI. */
export async function indexCommand(argv: string[], io: CliIo, opts: { version: string }): Promise<number> {
  const args = parseArgs(argv, { values: ['db', 'max-files'], flags: ['json', 'help'] });
  if (args.flags.has('help')) {
    io.stdout(INDEX_USAGE + '\n');
    return 0;
  }
  const json = args.flags.has('json');
  const dbFile = args.values.get('db')?.at(-1);
  if (!dbFile) throw new UsageError(`--db FILE is required\n${INDEX_USAGE}`);
  if (args.positionals.length === 0) throw new UsageError(`give at least one DIR\n${INDEX_USAGE}`);
  const maxFilesText = args.values.get('max-files')?.at(-1);
  const maxFiles = maxFilesText === undefined ? undefined : Number(maxFilesText);
  if (maxFiles !== undefined && !(Number.isInteger(maxFiles) && maxFiles > 0)) throw new UsageError(`--max-files must be a positive integer, not ${maxFilesText}`);
  const absDb = path.resolve(dbFile);
  const runtime = createRuntime({ dataDir: path.dirname(absDb), dbFile: absDb, host: 'browser', version: opts.version });
  const { service } = runtime;
  const out: unknown[] = [];
  let failed = 0;
  try {
    for (const dir of args.positionals) {
      const t0 = Date.now();
      try {
        const { datasetId, done } = service.importDataset(dir, undefined, 'folder', maxFiles === undefined ? {} : { fileBudget: maxFiles });
        await done;
        const ds = service.listDatasets().find((d) => d.id === datasetId)!;
        const report = service.datasetReport(datasetId);
        const scans = service.listScans(datasetId);
        const matched = report.imports.reduce((a, r) => a + r.rowsMatched, 0);
        const unmatched = report.imports.reduce((a, r) => a + r.rowsUnmatched, 0);
        const badRows = report.imports.reduce((a, r) => a + r.errors.length, 0);
        const summary = {
          dataset: { id: datasetId, root: ds.rootPath, layout: ds.layout, displayName: ds.displayName },
          scans: scans.length,
          nodules: scans.reduce((a, s) => a + s.noduleCount, 0),
          annotations: { matched, unmatched, badRows },
          files: { indexed: report.filesIndexed, skipped: report.filesSkipped },
          warnings: report.warnings,
          imports: report.imports.map((r) => ({ file: r.file, kind: r.kind, rowsTotal: r.rowsTotal, rowsMatched: r.rowsMatched, rowsUnmatched: r.rowsUnmatched, seriesUnmatched: r.seriesUnmatched, errors: r.errors.length })),
          seconds: (Date.now() - t0) / 1000,
        };
        out.push(summary);
        if (!json) {
          io.stdout(`${ds.rootPath}: ${ds.displayName ?? ds.layout}\n`);
          io.stdout(`  scans ${summary.scans}, nodules ${summary.nodules}, files indexed ${summary.files.indexed}, skipped ${summary.files.skipped}, warnings ${summary.warnings}\n`);
          io.stdout(`  annotations matched ${matched}, for scans not present ${unmatched}, bad rows ${badRows}\n`);
          for (const r of summary.imports) {
            io.stdout(`    ${r.kind.padEnd(22)} ${path.basename(r.file)}: ${r.rowsMatched}/${r.rowsTotal} rows matched, ${r.seriesUnmatched} series not present, ${r.errors} problem(s)\n`);
          }
          io.stdout(`  ${summary.seconds.toFixed(1)} s\n`);
        }
      } catch (e) {
        failed++;
        const info = toErrorInfo(e);
        out.push({ error: { ...info, file: info.file ?? path.resolve(dir) } });
        const hint = info.code === 'dataset.too-many-files' ? ' (if it is, run again with a larger --max-files)' : '';
        if (!json) io.stderr(`lungdesk index: ${info.code}: ${info.message}${info.file ? ` (${info.file})` : ''}${hint}\n`);
      }
    }
  } finally {
    runtime.close();
  }
  if (json) {
    io.stdout(
      JSON.stringify({ datasets: out.length - failed, db: absDb, results: out }, null, 2) + '\n',
    );
  }
  return failed ? 1 : 0;
}
