import fs from 'node:fs';
import path from 'node:path';
import { createDeflate, createGzip, gunzipSync } from 'node:zlib';
import { generateChestPhantom } from '../../electron/core/phantom';
import { writeMetaImage } from '../../electron/core/io/write';
import { writeNifti, writeNrrd } from '../../electron/core/io/write/nifti-nrrd-writer';
import { npyHeader } from '../../electron/core/io/write/npy-writer';
import { SHARED_DATA } from '../helpers/shared-data';

/** What a seed is read by: a volume reader (through discovery), or one of the annotation / mask readers. */
export type SeedKind = 'dicom' | 'metaimage' | 'nifti' | 'nrrd' | 'npy' | 'luna-csv' | 'lidc-xml';

/** A real (or our writers') file to mutate: its main file and the files beside it it needs. */
export interface Seed {
  kind: SeedKind;
  label: string;
  /** Name the case's main file gets (the readers choose by extension or by name). */
  name: string;
  main: Buffer;
  /** Files beside the main one, by name (a MetaImage's data file). */
  sidecars: Record<string, Buffer>;
}

/** Grid of the phantom seeds: small, so a mutated copy is cheap to write and read. */
export const PHANTOM_DIMS: [number, number, number] = [48, 40, 24];

function firstFile(dir: string, pattern: RegExp): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (pattern.test(e.name)) return p;
    }
  }
  return undefined;
}

/**
 * The real files of ../shared/data that exist here (LIDC and Lung-PET-CT-Dx DICOM slices, the
 * compressed transfer syntaxes of wg04, a LUNA16 MetaImage, the TotalSegmentator NIfTI,
 * annotations.csv, the LIDC reader XML) and NIfTI / NRRD / MetaImage / .npy written by our own
 * writers from the phantom.
 */
export async function loadSeeds(workDir: string): Promise<Seed[]> {
  const seeds: Seed[] = [];
  const real = (kind: SeedKind, label: string, file: string | undefined, name = file ? path.basename(file) : '') => {
    if (file && fs.existsSync(file)) seeds.push({ kind, label, name, main: fs.readFileSync(file), sidecars: {} });
  };
  real('dicom', 'LIDC-IDRI-0001 slice', firstFile(path.join(SHARED_DATA, 'LIDC-IDRI-0001'), /^000050\.dcm$/), 'slice.dcm');
  real('dicom', 'Lung-PET-CT-Dx slice', firstFile(path.join(SHARED_DATA, 'Lung-PET-CT-Dx'), /^1-10\.dcm$/), 'slice.dcm');
  for (const ts of ['CT1_J2KR', 'CT1_JLSL', 'CT1_JPLL', 'CT1_RLE']) real('dicom', `wg04 ${ts}`, path.join(SHARED_DATA, 'compressed-ct', 'wg04-CT1', ts), `${ts}.dcm`);
  real('dicom', 'TotalSegmentator DICOM slice', firstFile(path.join(SHARED_DATA, 'compressed-ct', 'totalsegmentator-example_ct_dicom'), /^CT\./), 'slice.dcm');

  const segMhd = firstFile(path.join(SHARED_DATA, 'luna16-style', 'seg-lungs-LUNA16'), /\.mhd$/);
  if (segMhd) {
    const header = fs.readFileSync(segMhd, 'latin1');
    const dataName = /ElementDataFile\s*=\s*(\S+)/.exec(header)?.[1];
    if (dataName) {
      seeds.push({
        kind: 'metaimage',
        label: 'LUNA16 seg-lungs MetaImage',
        name: 'scan.mhd',
        main: Buffer.from(header.replace(/ElementDataFile\s*=.*/, 'ElementDataFile = scan.zraw'), 'latin1'),
        sidecars: { 'scan.zraw': fs.readFileSync(path.join(path.dirname(segMhd), dataName)) },
      });
    }
  }
  const nii = path.join(SHARED_DATA, 'nifti', 'totalsegmentator-example_ct.nii.gz');
  if (fs.existsSync(nii)) {
    const gz = fs.readFileSync(nii);
    seeds.push({ kind: 'nifti', label: 'TotalSegmentator .nii.gz', name: 'ct.nii.gz', main: gz, sidecars: {} });
    seeds.push({ kind: 'nifti', label: 'TotalSegmentator .nii (inflated)', name: 'ct.nii', main: gunzipSync(gz), sidecars: {} });
  }
  real('luna-csv', 'LUNA16 annotations.csv', path.join(SHARED_DATA, 'annotations.csv'), 'annotations.csv');
  real('lidc-xml', 'LIDC reader XML 069.xml', firstFile(path.join(SHARED_DATA, 'LIDC-IDRI-0001'), /\.xml$/), '069.xml');

  // Our writers, from the phantom: the formats no real file here covers.
  const { volume } = generateChestPhantom({ dims: PHANTOM_DIMS, spacing: [7, 7, 10], seed: 3 });
  const dir = path.join(workDir, 'phantom-seeds');
  fs.mkdirSync(dir, { recursive: true });
  await writeNifti(volume, path.join(dir, 'p.nii'));
  await writeNrrd(volume, path.join(dir, 'p.nrrd'));
  await writeNrrd(volume, path.join(dir, 'pz.nrrd'), { compressed: true });
  await writeMetaImage(volume, path.join(dir, 'p.mhd'));
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  seeds.push({ kind: 'nifti', label: 'phantom .nii (our writer)', name: 'p.nii', main: read('p.nii'), sidecars: {} });
  seeds.push({ kind: 'nrrd', label: 'phantom .nrrd raw (our writer)', name: 'p.nrrd', main: read('p.nrrd'), sidecars: {} });
  seeds.push({ kind: 'nrrd', label: 'phantom .nrrd gzip (our writer)', name: 'p.nrrd', main: read('pz.nrrd'), sidecars: {} });
  seeds.push({ kind: 'metaimage', label: 'phantom .mhd raw (our writer)', name: 'p.mhd', main: read('p.mhd'), sidecars: { 'p.raw': read('p.raw') } });
  const n = PHANTOM_DIMS[0] * PHANTOM_DIMS[1] * PHANTOM_DIMS[2];
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = volume.voxels[i]! < -400 ? 1 : 0;
  seeds.push({ kind: 'npy', label: 'phantom mask .npy', name: 'mask.npy', main: Buffer.concat([npyHeader([PHANTOM_DIMS[2], PHANTOM_DIMS[1], PHANTOM_DIMS[0]], '|u1'), mask]), sidecars: {} });
  return seeds;
}

/** Zeros, deflated (zlib) or gzipped, streaming: `inflated` bytes become about inflated/1000 on disk. */
export async function zeroBomb(file: string, inflated: number, format: 'zlib' | 'gzip', prefix?: Buffer): Promise<void> {
  const z = format === 'zlib' ? createDeflate({ level: 9 }) : createGzip({ level: 9 });
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  z.pipe(out);
  if (prefix) z.write(prefix);
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  for (let left = inflated - (prefix?.length ?? 0); left > 0; left -= chunk.length) {
    if (!z.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
}
