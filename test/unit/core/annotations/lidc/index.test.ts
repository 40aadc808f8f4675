import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import type { Vec3 } from '../../../../../electron/common/geometry';
import {
  type LidcAnnotations,
  dicomSliceLocator,
  readLidcAnnotations,
  summarizeLidc,
} from '../../../../../electron/core/annotations/lidc';
import { parseLidcXml } from '../../../../../electron/core/annotations/lidc/parse-lidc-xml';
import { maskStats } from '../../../../../electron/core/annotations/lidc/sparse-mask';
import { LIDC_SERIES_DIR, hasData } from '../../io/dicom/data-paths';
import { LIDC_XML, LUNA_CSV, lidcDicomFiles, lunaRows } from './lidc-fixtures';

const dist = (a: Vec3, b: Vec3): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const fmt = (v: Vec3): string => `(${v.map((x) => x.toFixed(2)).join(', ')})`;
const ready = hasData(LIDC_XML) && hasData(LUNA_CSV);

describe('readLidcAnnotations on LIDC-IDRI-0001', () => {
  let cached: { ann: LidcAnnotations; loc: Awaited<ReturnType<typeof dicomSliceLocator>> } | undefined;
  const load = async () => {
    if (!cached) {
      const loc = await dicomSliceLocator(lidcDicomFiles());
      cached = { loc, ann: await readLidcAnnotations(LIDC_XML, loc) };
    }
    return cached;
  };

  it.skipIf(!ready)('puts the 4-reader consensus nodule within 3 mm of the LUNA16 centre and within 25 % of its diameter', async () => {
    const { ann } = await load();
    const [luna] = lunaRows();
    expect(luna).toBeDefined();
    const lunaC: Vec3 = [luna!.x, luna!.y, luna!.z];
    const best = [...ann.nodules].filter((n) => !n.small).sort((a, b) => dist(a.centerWorld, lunaC) - dist(b.centerWorld, lunaC))[0]!;
    const d = dist(best.centerWorld, lunaC);
    const rel = Math.abs(best.diameterMm - luna!.d) / luna!.d;
    console.log(
      `LUNA16   centre ${fmt(lunaC)} mm, diameter ${luna!.d.toFixed(2)} mm\n` +
        `consensus centre ${fmt(best.centerWorld)} mm, diameter ${best.diameterMm.toFixed(2)} mm (${best.readers} readers, ` +
        `${best.consensusMask ? maskStats(best.consensusMask, cached!.loc.geometry).voxelCount : 0} voxels)\n` +
        `distance ${d.toFixed(2)} mm, diameter difference ${(100 * rel).toFixed(1)} %`,
    );
    expect(d).toBeLessThan(3);
    expect(rel).toBeLessThan(0.25);
    expect(best.readers).toBe(4);
    expect(best.consensusMask).toBeDefined();
    // The readers rated malignancy 5, 5, 5 and 4.
    expect(best.characteristics.malignancy).toBe(4.75);
  });

  it.skipIf(!ready)('finds 4 physical nodules: one contoured nodule seen by all 4 readers and three < 3 mm nodules seen by 3', async () => {
    const { ann } = await load();
    for (const n of ann.nodules) {
      console.log(
        `cluster ${n.clusterId}: ${n.small ? 'small' : 'contoured'}, readers ${n.readers} [${n.readerIds.join(', ')}], centre ${fmt(n.centerWorld)}, diameter ${n.diameterMm.toFixed(2)} mm` +
          `\n  ${n.perReader.map((p) => `${p.readerId}/${p.noduleId}: ${fmt(p.centerWorld)} d=${p.diameterMm.toFixed(1)} n=${p.voxelCount}`).join('\n  ')}`,
      );
    }
    expect(ann.sessionCount).toBe(4);
    expect(ann.nodules.map((n) => [n.small, n.readers])).toEqual([[false, 4], [true, 3], [true, 3], [true, 3]]);
    for (const n of ann.nodules) expect(new Set(n.perReader.map((p) => p.session)).size).toBe(n.readers);
    expect(ann.nonNodules).toHaveLength(13);
    expect(ann.nonNodules.every((n) => n.slice !== undefined && n.centerWorld !== undefined)).toBe(true);
    expect(ann.warnings).toEqual([]);
  });

  it.skipIf(!ready)('places the contours the same by SOPInstanceUID, by slice positions and by geometry alone', async () => {
    const { ann, loc } = await load();
    const msg = parseLidcXml(fs.readFileSync(LIDC_XML, 'utf8'), LIDC_XML);
    const byZ = summarizeLidc(msg, { geometry: loc.geometry, slicePositionsZ: loc.slicePositionsZ });
    const byGeometry = summarizeLidc(msg, { geometry: loc.geometry });
    for (const other of [byZ, byGeometry]) {
      expect(other.nodules.map((n) => n.perReader.map((p) => p.voxelCount))).toEqual(ann.nodules.map((n) => n.perReader.map((p) => p.voxelCount)));
      expect(dist(other.nodules[0]!.centerWorld, ann.nodules[0]!.centerWorld)).toBeLessThan(1e-9);
    }
  });

  it.skipIf(!ready)('agrees with an independent skimage.draw rasterisation (per-reader voxel counts, consensus voxels and centre)', async (ctx) => {
    const py = '/usr/bin/python3';
    const probe = spawnSync(py, ['-c', 'import numpy, skimage, pydicom'], { encoding: 'utf8' });
    if (probe.status !== 0) ctx.skip('/usr/bin/python3 with numpy, skimage and pydicom is not available');
    const pylidc = spawnSync(py, ['-c', 'import pylidc'], { encoding: 'utf8' });
    if (pylidc.status !== 0) console.log('pylidc is not installed: cross-checking against the skimage oracle only');
    const r = spawnSync(py, [path.join(__dirname, 'lidc-oracle.py'), LIDC_XML, LIDC_SERIES_DIR], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const oracle = JSON.parse(r.stdout) as { readers: number[]; voxels: number; center: Vec3; diameter: number };
    const { ann, loc } = await load();
    const n = ann.nodules[0]!;
    console.log(`oracle: readers ${oracle.readers.join(', ')}, consensus ${oracle.voxels} voxels, centre ${fmt(oracle.center)}, d ${oracle.diameter.toFixed(2)} mm`);
    expect(n.perReader.map((p) => p.voxelCount)).toEqual(oracle.readers);
    expect(maskStats(n.consensusMask!, loc.geometry).voxelCount).toBe(oracle.voxels);
    expect(dist(n.centerWorld, oracle.center)).toBeLessThan(1e-6);
  });
});

describe('readLidcAnnotations errors', () => {
  const geometry = { dims: [4, 4, 4] as [number, number, number], spacing: [1, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  it('throws io.not-found for a missing XML file', async () => {
    await expect(readLidcAnnotations('/nonexistent/069.xml', { geometry })).rejects.toMatchObject({ code: 'io.not-found', file: '/nonexistent/069.xml' });
  });
  it('throws io.bad-header naming the file and line:column for malformed XML', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lidc-'));
    const f = path.join(dir, 'bad.xml');
    fs.writeFileSync(f, '<LidcReadMessage>\n<readingSession>\n</LidcReadMessage>');
    const err = await readLidcAnnotations(f, { geometry }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LungDeskError);
    expect(err).toMatchObject({ code: 'io.bad-header', file: f });
    expect((err as LungDeskError).message).toContain(`${f}:3:1: closing tag </LidcReadMessage> does not match <readingSession> opened at 2:1`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
