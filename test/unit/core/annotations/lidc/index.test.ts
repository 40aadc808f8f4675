import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import type { Vec3 } from '../../../../../electron/common/geometry';
import { type LidcReaderMarks, dicomSliceLocator, lidcReaderMarksOf, readLidcReaderMarks } from '../../../../../electron/core/annotations/lidc';
import { parseLidcXml } from '../../../../../electron/core/annotations/lidc/parse-lidc-xml';
import { maskStats } from '../../../../../electron/core/annotations/lidc/sparse-mask';
import { groupLesions, readerLesionMarks, summarizeLesion } from '../../../../../electron/core/review';
import { hasData } from '../../io/dicom/data-paths';
import { LIDC_XML, LUNA_CSV, lidcDicomFiles, lunaRows } from './lidc-fixtures';

const dist = (a: Vec3, b: Vec3): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const fmt = (v: Vec3): string => `(${v.map((x) => x.toFixed(2)).join(', ')})`;
const ready = hasData(LIDC_XML) && hasData(LUNA_CSV);

describe('readLidcReaderMarks on LIDC-IDRI-0001', () => {
  let cached: { marks: LidcReaderMarks; loc: Awaited<ReturnType<typeof dicomSliceLocator>> } | undefined;
  const load = async () => {
    if (!cached) {
      const loc = await dicomSliceLocator(lidcDicomFiles());
      cached = { loc, marks: await readLidcReaderMarks(LIDC_XML, loc) };
    }
    return cached;
  };

  it.skipIf(!ready)("keeps every reader's marks as made: 4 contoured nodules, 9 < 3 mm points, 13 non-nodules, Reader 1–4, no warning", async () => {
    const { marks } = await load();
    expect(marks.sessionCount).toBe(4);
    const count = (k: string) => marks.marks.filter((m) => m.kind === k).length;
    expect([count('reader'), count('small-nodule'), count('non-nodule')]).toEqual([4, 9, 13]);
    expect(new Set(marks.marks.map((m) => m.session))).toEqual(new Set([1, 2, 3, 4]));
    for (const m of marks.marks.filter((x) => x.kind === 'reader')) {
      expect(m.mask).toBeDefined();
      expect(m.contours.length).toBeGreaterThan(0);
      expect(m.diameterMm).toBeGreaterThan(20);
    }
    expect(marks.warnings).toEqual([]);
  });

  it.skipIf(!ready)('groups into one nodule of 4 readers and three < 3 mm nodules of 3 readers; the nodule lies within 3 mm and 25 % of the LUNA16 row', async () => {
    const { marks, loc } = await load();
    const m = readerLesionMarks(marks);
    const groups = groupLesions(m, loc.geometry);
    const summaries = groups.map((g) => summarizeLesion(g, m, loc.geometry, marks.sessionCount));
    expect(summaries.filter((s) => s.category !== 'non-nodule').map((s) => [s.category, s.readersMarked])).toEqual([['nodule', 4], ['small', 3], ['small', 3], ['small', 3]]);
    const nodule = summaries[0]!;
    const [luna] = lunaRows();
    const lunaC: Vec3 = [luna!.x, luna!.y, luna!.z];
    const rel = Math.abs(nodule.diameterMm! - luna!.d) / luna!.d;
    console.log(
      `LUNA16 centre ${fmt(lunaC)} mm, diameter ${luna!.d.toFixed(2)} mm; consensus centre ${fmt(nodule.center)} mm, diameter ${nodule.diameterMm!.toFixed(2)} mm ` +
        `(${maskStats(nodule.consensusMask!, loc.geometry).voxelCount} voxels): ${dist(nodule.center, lunaC).toFixed(2)} mm apart, ${(100 * rel).toFixed(1)} % in diameter`,
    );
    expect(dist(nodule.center, lunaC)).toBeLessThan(3);
    expect(rel).toBeLessThan(0.25);
    expect(nodule.consensus).toBe(true);
    // The readers rated malignancy 5, 5, 5 and 4.
    const ratings = marks.marks.filter((x) => x.kind === 'reader').map((x) => x.characteristics?.malignancy);
    expect(ratings.sort()).toEqual([4, 5, 5, 5]);
  });

  it.skipIf(!ready)('places the contours the same by SOPInstanceUID, by slice positions and by geometry alone', async () => {
    const { marks, loc } = await load();
    const msg = parseLidcXml(fs.readFileSync(LIDC_XML, 'utf8'), LIDC_XML);
    const byZ = lidcReaderMarksOf(msg, { geometry: loc.geometry, slicePositionsZ: loc.slicePositionsZ });
    const byGeometry = lidcReaderMarksOf(msg, { geometry: loc.geometry });
    for (const other of [byZ, byGeometry]) {
      expect(other.marks.map((m) => m.volumeMm3)).toEqual(marks.marks.map((m) => m.volumeMm3));
      expect(other.marks.map((m) => m.mask?.bbox)).toEqual(marks.marks.map((m) => m.mask?.bbox));
    }
  });
});

describe('readLidcReaderMarks errors', () => {
  const geometry = { dims: [4, 4, 4] as [number, number, number], spacing: [1, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  it('throws io.not-found for a missing XML file', async () => {
    await expect(readLidcReaderMarks('/nonexistent/069.xml', { geometry })).rejects.toMatchObject({ code: 'io.not-found', file: '/nonexistent/069.xml' });
  });
  it('throws io.bad-header naming the file and line:column for malformed XML', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lidc-'));
    const f = path.join(dir, 'bad.xml');
    fs.writeFileSync(f, '<LidcReadMessage>\n<readingSession>\n</LidcReadMessage>');
    const err = await readLidcReaderMarks(f, { geometry }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LungDeskError);
    expect(err).toMatchObject({ code: 'io.bad-header', file: f });
    expect((err as LungDeskError).message).toContain(`${f}:3:1: closing tag </LidcReadMessage> does not match <readingSession> opened at 2:1`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
