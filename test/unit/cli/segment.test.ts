import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMetaImage } from '../../../electron/core/io/write/metaimage-writer';
import { generateNodulePhantom, DEFAULT_NODULE_PHANTOM_SPEC, lungPoint, phantomLayout, type NodulePhantomResult } from '../../../electron/core/phantom';
import { boxMaskOverlap } from '../../../electron/core/volume/box-mask';
import { REPO_ROOT } from '../../helpers/conformance';
import { findLidcXmls, loadLidcCase } from '../../helpers/lidc-lesions';
import { readNpy } from '../../helpers/npy';
import { LUNA_CSV, lunaRows } from '../core/annotations/lidc/lidc-fixtures';

/** The CLI as a user runs it: a separate process, from TypeScript source through tsx. */
function lungdesk(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli', 'main.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const seedArg = (p: readonly number[]) => `--seed=${p.map((v) => v.toFixed(3)).join(',')}`;

describe('lungdesk segment', () => {
  const spec = { ...DEFAULT_NODULE_PHANTOM_SPEC, dims: [320, 320, 26] as [number, number, number], spacing: [0.75, 0.75, 2.5] as [number, number, number] };
  let dir: string;
  let mhd: string;
  let phantom: NodulePhantomResult;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-segment-cli-'));
    phantom = generateNodulePhantom(spec);
    mhd = path.join(dir, 'phantom.mhd');
    await writeMetaImage(phantom.volume, mhd);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the ground-glass nodule of the phantom as a uint8 (z, y, x) mask on the scan grid with its geometry, and prints its measures (--json)', () => {
    const gg = phantom.cases.find((c) => c.kind === 'ground-glass')!;
    const out = path.join(dir, 'gg.npy');
    const r = lungdesk(['segment', mhd, seedArg(gg.center), '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ kind: 'subsolid', diameterHintMm: null, dims: [320, 320, 26], output: { path: out, files: [out, path.join(dir, 'gg.geometry.json')] }, reachesSearchLimit: false });
    expect(Math.abs(doc.equivalentDiameterMm - 14)).toBeLessThan(1.5);
    expect(doc.volumeMm3).toBeCloseTo(doc.voxels * 0.75 * 0.75 * 2.5, 3);
    expect(doc.longAxisMm).toBeGreaterThanOrEqual(doc.shortAxisMm);
    expect(Math.hypot(...doc.centroid.map((v: number, i: number) => v - gg.center[i]!))).toBeLessThan(1.5);
    const npy = readNpy(out);
    expect(npy.dtype).toBe('uint8');
    expect(npy.shape).toEqual([26, 320, 320]);
    const full = { box: { x0: 0, y0: 0, z0: 0, x1: 319, y1: 319, z1: 25 }, mask: npy.data as Uint8Array };
    const o = boxMaskOverlap(full, gg.truth);
    expect(o.a).toBe(doc.voxels);
    expect(o.dice).toBeGreaterThan(0.9);
    const g = JSON.parse(fs.readFileSync(path.join(dir, 'gg.geometry.json'), 'utf8'));
    expect(g).toMatchObject({ space: 'LPS', dims: [320, 320, 26], spacing: [0.75, 0.75, 2.5], origin: phantom.volume.origin, direction: phantom.volume.direction });
    expect(g.array).toEqual({ dtype: 'uint8', units: 'mask (1 = nodule)', shape: [26, 320, 320], axes: ['z', 'y', 'x'] });
  });

  it('takes a diameter hint and prints the measures as text without --json', () => {
    const jp = phantom.cases.find((c) => c.kind === 'juxta-pleural')!;
    const out = path.join(dir, 'jp.npy');
    const r = lungdesk(['segment', mhd, seedArg(jp.center), '--diameter', '12', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`wrote ${out}, ${path.join(dir, 'jp.geometry.json')}`);
    expect(r.out).toMatch(/solid nodule: \d+ voxels, \d+ mm³, equivalent diameter 1[01]\.\d mm, axial axes [\d.]+ × [\d.]+ mm, centroid \(/);
    const full = { box: { x0: 0, y0: 0, z0: 0, x1: 319, y1: 319, z1: 25 }, mask: readNpy(out).data as Uint8Array };
    expect(boxMaskOverlap(full, jp.truth).dice).toBeGreaterThan(0.85);
  });

  it('says what is wrong with the seed: outside the scan (contract.bad-input), on plain lung (not-found), not three numbers (usage, exit 2); nothing is written', () => {
    const out = path.join(dir, 'never.npy');
    const outside = lungdesk(['segment', mhd, '--seed=0,0,900', '--out', out, '--json']);
    expect(outside.code).toBe(1);
    expect(JSON.parse(outside.out).error).toMatchObject({ code: 'contract.bad-input', message: expect.stringMatching(/lies outside the scan/) });
    const lung = lungPoint(phantomLayout(spec), 'right', 0.2, -0.5, 0.5);
    const air = lungdesk(['segment', mhd, seedArg(lung), '--out', out]);
    expect(air.code).toBe(1);
    expect(air.err).toMatch(/lungdesk segment: not-found: nothing to segment at the seed .* lies in lung or air/);
    const bad = lungdesk(['segment', mhd, '--seed', '1,2', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--seed "1,2" is not three numbers');
    expect(bad.err).toContain('usage: lungdesk segment');
    expect(fs.existsSync(out)).toBe(false);
  });

  const lidc = findLidcXmls().find((x) => x.includes('LIDC-IDRI-0001'));
  it.skipIf(!lidc || !fs.existsSync(LUNA_CSV))("segments LIDC-IDRI-0001's nodule from its LUNA16 centre alone: Dice ≥ 0.85 against the readers' consensus", async () => {
    const c = await loadLidcCase(lidc!);
    const lesion = c.lesions[0]!;
    const out = path.join(dir, 'lidc.npy');
    // LUNA16's annotations.csv row of this series: the same nodule, in the same world LPS mm.
    const [luna] = lunaRows();
    const r = lungdesk(['segment', path.dirname(lidc!), seedArg([luna!.x, luna!.y, luna!.z]), '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const [nx, ny, nz] = c.volume.dims;
    const full = { box: { x0: 0, y0: 0, z0: 0, x1: nx - 1, y1: ny - 1, z1: nz - 1 }, mask: readNpy(out).data as Uint8Array };
    expect(boxMaskOverlap(full, lesion.truth).dice).toBeGreaterThanOrEqual(0.85);
  });
});
