import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExportOptions, type ExportSummary } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { exportersFor } from '../../core/export/exporters';
import { finishExport } from '../../core/export/finish-export';
import { sortedKeys } from '../../core/export/export-parameters';
import { MANIFEST_FORMAT } from '../../core/export/manifest';

const SHARD_MANIFEST = /^manifest\.shard-(\d+)-of-(\d+)\.json$/;

/** What the merge reads of a shard's manifest (the rest is rebuilt from the case records). */
const ShardManifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  lungdeskVersion: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive(), plannedCases: z.number().int().nonnegative() }),
  cases: z.array(z.object({ caseId: z.string(), files: z.array(z.object({ bytes: z.number() })) })),
  failed: z.array(z.object({ caseId: z.string(), reason: z.string() })),
});
type ShardManifest = z.infer<typeof ShardManifest>;

/**
 * Joins the shards of an export written into one folder (`--shard i/n`, each leaving its
 * `manifest.shard-i-of-n.json`) into the export a single run would have written: it checks
 * that all n shards are there, made with the same parameters and LungDesk version, and that
 * together they hold every planned case once; then runs each format's finish over all cases
 * and writes manifest.json and manifest.csv, byte for byte what one run writes.
 */
export async function mergeShards(dir: string, ctx: JobContext): Promise<ExportSummary> {
  const t0 = Date.now();
  const outDir = path.resolve(dir);
  const names = (await fsp.readdir(outDir).catch(() => {
    throw new LungDeskError('io.not-found', `${outDir} does not exist`, { file: outDir });
  })).filter((n) => SHARD_MANIFEST.test(n)).sort();
  if (!names.length) throw new LungDeskError('io.not-found', `${outDir} holds no shard manifests (manifest.shard-i-of-n.json): run the shards first`, { file: outDir });
  const shards: ShardManifest[] = [];
  for (const name of names) {
    const file = path.join(outDir, name);
    let parsed: z.ZodSafeParseResult<ShardManifest>;
    try {
      parsed = ShardManifest.safeParse(JSON.parse(await fsp.readFile(file, 'utf8')));
    } catch (e) {
      throw new LungDeskError('io.bad-header', `${file} is not JSON: ${(e as Error).message}`, { file });
    }
    if (!parsed.success) throw new LungDeskError('io.bad-header', `${file} is not a LungDesk shard manifest: ${parsed.error.issues[0]?.message ?? ''}`, { file });
    shards.push(parsed.data);
  }
  const first = shards[0]!;
  const count = first.shard.count;
  const same = (s: ShardManifest) => s.shard.count === count && s.lungdeskVersion === first.lungdeskVersion && JSON.stringify(sortedKeys(s.parameters)) === JSON.stringify(sortedKeys(first.parameters));
  const odd = shards.find((s) => !same(s));
  if (odd) throw new LungDeskError('contract.bad-input', `${outDir}: shard ${odd.shard.index}/${odd.shard.count} was made with other settings than shard ${first.shard.index}/${count}: the shards are not one export`, { file: outDir });
  const have = new Set(shards.map((s) => s.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
  if (missing.length) throw new LungDeskError('io.not-found', `${outDir}: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} ${missing.length > 1 ? 'have' : 'has'} not finished (no manifest.shard-i-of-${count}.json)`, { file: outDir });
  const caseIds = shards.flatMap((s) => s.cases.map((c) => c.caseId));
  const failed = shards.flatMap((s) => s.failed);
  const dup = caseIds.find((id, i) => caseIds.indexOf(id) !== i);
  if (dup) throw new LungDeskError('contract.bad-input', `${outDir}: case ${dup} is in two shards`, { file: outDir });
  if (caseIds.length + failed.length !== first.shard.plannedCases) {
    throw new LungDeskError('contract.bad-input', `${outDir}: the shards hold ${caseIds.length} cases and ${failed.length} failures, the export planned ${first.shard.plannedCases}`, { file: outDir });
  }
  const options = ExportOptions.parse({ ...first.parameters, outDir });
  const done = await finishExport({ options, version: first.lungdeskVersion, caseIds, failed, plannedCases: first.shard.plannedCases }, exportersFor(options.formats), ctx);
  const caseBytes = shards.reduce((n, s) => n + s.cases.reduce((m, c) => m + c.files.reduce((k, f) => k + f.bytes, 0), 0), 0);
  return {
    outDir,
    manifest: done.manifest,
    casesWritten: caseIds.length,
    casesSkipped: 0,
    failed: [...failed].sort((a, b) => (a.caseId < b.caseId ? -1 : 1)),
    bytes: caseBytes + done.files.reduce((n, f) => n + f.bytes, 0),
    seconds: (Date.now() - t0) / 1000,
  };
}
