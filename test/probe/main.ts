/**
 * `npm run probe`: the hardening probe of issue 15. Repeats each class of attack on the real
 * CLI and browser host (loopback only), bounded in count and time, prints one figures line
 * per class and a closing table, and exits non-zero when any class broke a rule.
 *
 *   npm run probe                  full size (a few minutes on 2 cores)
 *   npm run probe -- --quick       CI size
 *   npm run probe -- --only readers,host   some classes
 *   npm run probe -- --seed 7 --keep       replay with another seed, keep the temp folders
 *   npm run probe -- --report probe.json   every finding, as JSON
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { folderEscapesClass } from './folder-escapes-class';
import { hostEndpointsClass } from './host-endpoints-class';
import { killsClass } from './kills-class';
import { readersClass } from './readers-class';
import { printClass, printTable, type ClassResult, type ProbeOptions } from './report';

const CLASSES: Record<string, (o: ProbeOptions) => Promise<ClassResult>> = {
  readers: readersClass,
  host: hostEndpointsClass,
  escapes: folderEscapesClass,
  kills: killsClass,
};

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const keep = process.argv.includes('--keep');
  const seed = Number(argValue('--seed') ?? '15');
  const only = argValue('--only')?.split(',') ?? Object.keys(CLASSES);
  const unknown = only.filter((o) => !CLASSES[o]);
  if (unknown.length) {
    console.error(`probe: unknown class ${unknown.join(', ')}; classes: ${Object.keys(CLASSES).join(', ')}`);
    return 2;
  }
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-probe-'));
  const log = (line: string) => console.log(`[probe] ${line}`);
  const opts: ProbeOptions = { quick, seed, tmpRoot, keep, log };
  log(`${quick ? 'quick' : 'full'} run, seed ${seed}, temp ${tmpRoot}`);
  const results: ClassResult[] = [];
  try {
    for (const name of only) {
      const t0 = performance.now();
      let r: ClassResult;
      try {
        r = await CLASSES[name]!(opts);
      } catch (e) {
        // The probe itself failed to run the class: that is a failure too, never a pass.
        r = { name, inputs: 0, failures: 1, figures: {}, findings: [`the probe could not run this class: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`], seconds: (performance.now() - t0) / 1000 };
      }
      printClass(r, (l) => console.log(l));
      results.push(r);
    }
  } finally {
    if (!keep) fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  const reportFile = argValue('--report');
  if (reportFile) fs.writeFileSync(reportFile, JSON.stringify({ quick, seed, results }, null, 1));
  console.log('');
  printTable(results, (l) => console.log(l));
  return results.some((r) => r.failures > 0) ? 1 : 0;
}

void main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
