import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { isDicomUid } from '../annotations/row-errors';
import { readHead, walkTree, type WalkedDir } from './walk-tree';

/**
 * Recognises which public dataset a folder holds, from a bounded walk of names (see
 * walk-tree.ts) plus a few small header reads: the first line of each CSV, the first 4 KB of
 * each XML (LIDC reader files start with `<LidcReadMessage`), and 132 bytes of one file per
 * folder whose files have no image extension (DICOM files without `.dcm`, the `DICM` magic).
 *
 * Layouts:
 * - `kaggle-dsb2017`: `stage1/`, `stage2/` or `sample_images/` holding one DICOM folder per
 *   patient (or a folder of 32-hex patient folders), and/or `stage1_labels.csv` & co.
 * - `luna16`: `subsetN/` with `.mhd` (+ `.raw`/`.zraw`), `.mhd` named by a LIDC series UID,
 *   `seg-lungs-LUNA16/` (lung masks), and/or the LUNA16 CSVs anywhere (`CSVFILES/`,
 *   `evaluationScript/annotations/`).
 * - `lidc-idri`: `LIDC-IDRI-NNNN/<study>/<series>/*.dcm` (old TCIA layout) or
 *   `LIDC-IDRI/LIDC-IDRI-NNNN/<date-study>/<series>/` (NBIA), reader XML beside the DICOM.
 * - `folder`: any other DICOM series, MetaImage, NIfTI or NRRD files.
 * - `mixed`: more than one of the above.
 *
 * `imageRoots` are the folders to index, none inside another; lung-mask folders
 * (`seg-lungs-LUNA16`) are not image roots. A tree with neither images nor annotation files
 * → io.no-series.
 */

export type DatasetLayoutKind = 'kaggle-dsb2017' | 'luna16' | 'lidc-idri' | 'folder' | 'mixed';

export type AnnotationFileKind = 'luna-annotations' | 'luna-candidates' | 'luna-excluded' | 'luna-seriesuids' | 'lidc-xml' | 'dsb-labels';

export interface DatasetLayout {
  kind: DatasetLayoutKind;
  /** One line for the UI, e.g. "LUNA16 (subset0–subset2, annotations.csv)". */
  displayName: string;
  annotationFiles: { kind: AnnotationFileKind; path: string }[];
  /** Folders to index for images, none inside another. */
  imageRoots: string[];
  /** Why it decided, one finding per line. */
  evidence: string[];
  /** True when the walk stopped at its entry budget: the answer rests on the part seen. */
  truncated: boolean;
}

export interface DetectLayoutOptions {
  ctx?: JobContext;
  /** Deepest folder level listed (root = 0). Default 8. */
  maxDepth?: number;
  /** Names seen before the walk stops. Default 250,000. */
  maxEntries?: number;
  /** Files counted before the walk stops with dataset.too-many-files. Default: no budget. */
  fileBudget?: number;
}

const DICOM_EXT = new Set(['.dcm', '.dicom', '.ima']);
const VOLUME_EXT = ['.mhd', '.mha', '.nii', '.nii.gz', '.nrrd', '.nhdr'];
/** Extensions that are certainly not DICOM, so files with them are never sniffed. */
const NOT_IMAGE_EXT = new Set([
  '.csv', '.xml', '.txt', '.json', '.md', '.pdf', '.zip', '.gz', '.tar', '.py', '.ipynb', '.png', '.jpg', '.jpeg',
  '.raw', '.zraw', '.npy', '.npz', '.h5', '.pkl', '.log', '.html', '.yml', '.yaml', '.sh', '.db', '.sqlite',
]);
const LIDC_PATIENT = /^LIDC-IDRI-\d{4}$/i;
const LUNA_SUBSET = /^subset\d+$/i;
const LUNA_MASKS = /^seg-lungs-luna16$/i;
const DSB_STAGE = /^(stage1|stage2|sample_images)$/i;
const DSB_PATIENT = /^[0-9a-f]{32}$/i;
/** Every LUNA16 scan is an LIDC-IDRI series; their UIDs share this root. */
const LIDC_UID_ROOT = '1.3.6.1.4.1.14519.5.2.1.6279.6001.';
const MAX_SNIFFS = 512;
const MAX_HEADER_READS = 5000;

type Layout = 'dsb' | 'luna' | 'lidc';

function volumeExt(name: string): string | undefined {
  const lower = name.toLowerCase();
  return VOLUME_EXT.find((e) => lower.endsWith(e));
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** Kind of a CSV from its name and first line, or undefined if it is none we import. */
async function classifyCsv(file: string, evidence: string[]): Promise<AnnotationFileKind | undefined> {
  const base = path.basename(file).toLowerCase();
  const head = (await readHead(file, 4096)).toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const cols = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  const has = (c: string): boolean => cols.includes(c);
  if (has('seriesuid') && has('coordx') && has('coordy') && has('coordz')) {
    if (has('class')) return 'luna-candidates';
    if (has('diameter_mm') || has('diameter')) return base.includes('excluded') ? 'luna-excluded' : 'luna-annotations';
  }
  if (has('id') && has('cancer')) {
    if (base.includes('submission') || base.includes('prediction')) {
      evidence.push(`${file} holds DSB2017 predictions (a submission), not labels: not imported`);
      return undefined;
    }
    return 'dsb-labels';
  }
  if (cols.length === 1 && (isDicomUid(cols[0]!) || cols[0] === 'seriesuid') && base.includes('seriesuid')) return 'luna-seriesuids';
  return undefined;
}

export async function detectDatasetLayout(rootIn: string, opts: DetectLayoutOptions = {}): Promise<DatasetLayout> {
  const walk = await walkTree(rootIn, opts);
  const { root } = walk;
  const evidence: string[] = [];
  const annotationFiles: { kind: AnnotationFileKind; path: string }[] = [];
  const rel = (p: string): string => (p === root ? '.' : path.relative(root, p));

  // 1. Per folder: DICOM files, volume files, annotation files.
  const dicomDirs = new Map<string, number>(); // folder → DICOM file count
  const volumeDirs = new Map<string, string[]>(); // folder → volume file names
  const lidcXmlDirs = new Set<string>();
  let sniffs = 0;
  let headerReads = 0;
  for (const d of walk.dirs.values()) {
    if (opts.ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'cancelled', { file: root });
    let dcm = 0;
    const vols: string[] = [];
    const unknown: string[] = [];
    for (const name of d.files) {
      const lower = name.toLowerCase();
      const ext = path.extname(lower);
      if (DICOM_EXT.has(ext)) dcm++;
      else if (volumeExt(lower) !== undefined) vols.push(name);
      else if (ext === '.csv' && headerReads < MAX_HEADER_READS) {
        headerReads++;
        const file = path.join(d.path, name);
        const kind = await classifyCsv(file, evidence);
        if (kind) annotationFiles.push({ kind, path: file });
      } else if (ext === '.xml' && headerReads < MAX_HEADER_READS) {
        headerReads++;
        const file = path.join(d.path, name);
        const head = (await readHead(file, 4096)).toString('latin1');
        if (/<(LidcReadMessage|IdriReadMessage)\b/.test(head)) {
          annotationFiles.push({ kind: 'lidc-xml', path: file });
          lidcXmlDirs.add(d.path);
        }
      } else if (!NOT_IMAGE_EXT.has(ext)) unknown.push(name);
    }
    // DICOM without an extension (CT.1.2.3..., IM0001): one magic check speaks for the folder.
    if (dcm === 0 && vols.length === 0 && unknown.length > 0 && sniffs < MAX_SNIFFS) {
      sniffs++;
      const head = await readHead(path.join(d.path, unknown[0]!), 132);
      if (head.length === 132 && head.toString('latin1', 128, 132) === 'DICM') dcm = unknown.length;
    }
    if (dcm > 0) dicomDirs.set(d.path, dcm);
    if (vols.length > 0) volumeDirs.set(d.path, vols);
  }
  const imageDirs = [...new Set([...dicomDirs.keys(), ...volumeDirs.keys()])].sort();
  const dicomBelow = new Set<string>(); // folders with DICOM in or under them
  for (const d of dicomDirs.keys()) for (let p = d; !dicomBelow.has(p); p = path.dirname(p)) {
    dicomBelow.add(p);
    if (p === root || p === path.dirname(p)) break;
  }
  const hasDicomBelow = (dir: string): boolean => dicomBelow.has(dir);
  const subdirsOf = (dir: string): WalkedDir[] =>
    (walk.dirs.get(dir)?.subdirs ?? []).map((n) => walk.dirs.get(path.join(dir, n))).filter((x): x is WalkedDir => x !== undefined);

  // 2. Claim image folders for the challenge layouts.
  const claimed = new Map<string, Layout>(); // image folder → layout
  const roots: Record<Layout, Set<string>> = { dsb: new Set(), luna: new Set(), lidc: new Set() };
  const maskDirs: string[] = [];

  // DSB2017: stage folders of patient folders, or a folder whose subfolders are 32-hex patients.
  const dsbPatients = new Map<string, number>(); // stage root → patients with DICOM
  for (const d of walk.dirs.values()) {
    const base = path.basename(d.path);
    const kids = subdirsOf(d.path).filter((k) => hasDicomBelow(k.path));
    if (kids.length === 0) continue;
    const hexKids = kids.filter((k) => DSB_PATIENT.test(path.basename(k.path)));
    const stageNamed = DSB_STAGE.test(base);
    if (stageNamed || (hexKids.length > 0 && hexKids.length === kids.length)) {
      roots.dsb.add(d.path);
      dsbPatients.set(d.path, kids.length);
      evidence.push(
        stageNamed
          ? `${rel(d.path)}/ holds ${kids.length} patient folder(s) of DICOM (Kaggle DSB2017 ${base})`
          : `${rel(d.path)}/ holds ${kids.length} DICOM folder(s) named by 32-hex patient ids (Kaggle DSB2017)`,
      );
    }
  }

  // LIDC-IDRI: LIDC-IDRI-NNNN patient folders with DICOM below, and reader XML beside DICOM.
  const lidcPatients = [...walk.dirs.values()].filter((d) => LIDC_PATIENT.test(path.basename(d.path)) && hasDicomBelow(d.path)).map((d) => d.path);
  const lidcByParent = new Map<string, string[]>();
  for (const p of lidcPatients) {
    const parent = path.dirname(p);
    lidcByParent.set(parent, [...(lidcByParent.get(parent) ?? []), p]);
  }
  for (const [parent, patients] of lidcByParent) {
    const allKidsArePatients = (walk.dirs.get(parent)?.subdirs ?? []).every((n) => LIDC_PATIENT.test(n));
    const nbia = path.basename(parent).toUpperCase() === 'LIDC-IDRI';
    if (nbia || allKidsArePatients) roots.lidc.add(parent);
    else for (const p of patients) roots.lidc.add(p);
    evidence.push(`${rel(parent)}/ holds ${patients.length} LIDC-IDRI-NNNN patient folder(s) with DICOM${nbia ? ' (NBIA layout)' : ''}`);
  }
  for (const x of lidcXmlDirs) {
    if (dicomDirs.has(x) && ![...roots.lidc].some((r) => isInside(x, r))) roots.lidc.add(x);
  }
  const lidcXmlCount = annotationFiles.filter((a) => a.kind === 'lidc-xml').length;
  if (lidcXmlCount > 0) evidence.push(`${lidcXmlCount} LIDC reader XML file(s) (<LidcReadMessage>)`);

  // LUNA16: subsetN folders of .mhd, .mhd named by LIDC series UIDs, seg-lungs-LUNA16 masks.
  const lunaSubsets: string[] = [];
  let lunaScans = 0;
  for (const [dir, vols] of volumeDirs) {
    const mhd = vols.filter((v) => v.toLowerCase().endsWith('.mhd'));
    if (mhd.length === 0) continue;
    if ([...pathChain(root, dir)].some((p) => LUNA_MASKS.test(path.basename(p)))) {
      maskDirs.push(dir);
      claimed.set(dir, 'luna');
      continue;
    }
    const uidNamed = mhd.filter((m) => m.slice(0, -4).startsWith(LIDC_UID_ROOT) && isDicomUid(m.slice(0, -4)));
    if (LUNA_SUBSET.test(path.basename(dir))) {
      lunaSubsets.push(dir);
      roots.luna.add(dir);
      lunaScans += mhd.length;
      const files = new Set(walk.dirs.get(dir)?.files.map((f) => f.toLowerCase()) ?? []);
      const paired = mhd.filter((m) => files.has(`${m.slice(0, -4)}.raw`.toLowerCase()) || files.has(`${m.slice(0, -4)}.zraw`.toLowerCase())).length;
      evidence.push(`${rel(dir)}/ is a LUNA16 subset: ${mhd.length} .mhd (${paired} with .raw/.zraw)`);
    } else if (uidNamed.length > 0) {
      roots.luna.add(dir);
      lunaScans += uidNamed.length;
      evidence.push(`${rel(dir)}/ holds ${uidNamed.length} .mhd named by LIDC-IDRI series UIDs (LUNA16 style)`);
    }
  }
  for (const d of walk.dirs.values()) {
    if (LUNA_MASKS.test(path.basename(d.path))) evidence.push(`${rel(d.path)}/ holds LUNA16 lung masks (not indexed as scans)`);
  }

  for (const dir of imageDirs) {
    if (claimed.has(dir)) continue;
    for (const layout of ['dsb', 'lidc', 'luna'] as const) {
      if ([...roots[layout]].some((r) => isInside(dir, r))) {
        claimed.set(dir, layout);
        break;
      }
    }
  }

  // 3. Annotation files name their layout too.
  const csvLayout: Record<AnnotationFileKind, Layout> = {
    'luna-annotations': 'luna',
    'luna-candidates': 'luna',
    'luna-excluded': 'luna',
    'luna-seriesuids': 'luna',
    'lidc-xml': 'lidc',
    'dsb-labels': 'dsb',
  };
  for (const a of annotationFiles) {
    if (a.kind !== 'lidc-xml') evidence.push(`${rel(a.path)} is a ${a.kind} file (by its header)`);
  }
  const present = new Set<Layout>();
  for (const l of ['dsb', 'luna', 'lidc'] as const) if (roots[l].size > 0) present.add(l);
  for (const a of annotationFiles) present.add(csvLayout[a.kind]);

  // 4. Whatever is left is a plain folder of images; index it from its highest ancestor that
  // holds no challenge data.
  const unclaimed = imageDirs.filter((d) => !claimed.has(d));
  const claimedRoots = [...roots.dsb, ...roots.lidc, ...roots.luna, ...maskDirs];
  const folderRoots = new Set<string>();
  for (const d of unclaimed) {
    let top = d;
    while (top !== root) {
      const parent = path.dirname(top);
      if (claimedRoots.some((r) => isInside(r, parent))) break;
      top = parent;
    }
    folderRoots.add(top);
  }
  if (unclaimed.length > 0) {
    const nDicom = unclaimed.filter((d) => dicomDirs.has(d)).length;
    const nVol = unclaimed.reduce((s, d) => s + (volumeDirs.get(d)?.length ?? 0), 0);
    evidence.push(`${nDicom} other DICOM folder(s) and ${nVol} other image file(s) (MetaImage/NIfTI/NRRD) under ${[...folderRoots].map(rel).join(', ')}`);
  }

  if (walk.truncated) evidence.push(`walk stopped after ${walk.entries} entries: the layout is decided from the part seen`);
  for (const u of walk.unreadable.slice(0, 5)) evidence.push(`could not list ${rel(u)}`);
  for (const o of walk.outside.slice(0, 5)) evidence.push(`${rel(o)} is a symbolic link out of the dataset folder: not followed`);

  if (present.size === 0 && unclaimed.length === 0) {
    const where = walk.truncated ? ` in the first ${walk.entries} entries (the walk stopped there)` : '';
    throw new LungDeskError('io.no-series', `${root}: no DICOM series, MetaImage/NIfTI/NRRD files or known annotation files found${where}`, {
      file: root,
      detail: { entries: walk.entries, truncated: walk.truncated },
    });
  }

  const kinds: DatasetLayoutKind[] = [];
  if (present.has('lidc')) kinds.push('lidc-idri');
  if (present.has('luna')) kinds.push('luna16');
  if (present.has('dsb')) kinds.push('kaggle-dsb2017');
  if (unclaimed.length > 0) kinds.push('folder');
  const kind: DatasetLayoutKind = kinds.length === 1 ? kinds[0]! : 'mixed';

  const allRoots = [...roots.lidc, ...roots.luna, ...roots.dsb, ...folderRoots];
  const imageRoots = [...new Set(allRoots)].filter((r, _, all) => !all.some((o) => o !== r && isInside(r, o))).sort();
  annotationFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const names = (pred: (k: AnnotationFileKind) => boolean): string[] => [...new Set(annotationFiles.filter((a) => pred(a.kind)).map((a) => path.basename(a.path)))];
  const parts: string[] = [];
  for (const k of kinds) {
    if (k === 'lidc-idri') {
      const bits = [lidcPatients.length > 0 ? plural(lidcPatients.length, 'patient') : '', lidcXmlCount > 0 ? `${lidcXmlCount} reader XML` : ''].filter(Boolean);
      parts.push(`LIDC-IDRI${bits.length ? ` (${bits.join(', ')})` : ''}`);
    } else if (k === 'luna16') {
      const bits = [lunaSubsets.length > 0 ? subsetRange(lunaSubsets) : lunaScans > 0 ? plural(lunaScans, 'scan') : '', ...names((x) => x.startsWith('luna-'))].filter(Boolean);
      parts.push(`LUNA16${bits.length ? ` (${bits.join(', ')})` : ''}`);
    } else if (k === 'kaggle-dsb2017') {
      const stages = [...dsbPatients].map(([dir, n]) => `${path.basename(dir)}: ${plural(n, 'patient')}`);
      const bits = [...stages, ...names((x) => x === 'dsb-labels')];
      parts.push(`Kaggle DSB2017${bits.length ? ` (${bits.join(', ')})` : ''}`);
    } else if (k === 'folder') {
      // An nnU-Net dataset's labelsTr / labelsTs hold labelmaps, not images (index-dataset.ts).
      const isLabelDir = (d: string): boolean => /^labels(Tr|Ts)$/.test(path.basename(d)) && (walk.dirs.get(path.dirname(d))?.files.includes('dataset.json') ?? false);
      const nnunet = unclaimed.some(isLabelDir);
      const nDicom = unclaimed.filter((d) => dicomDirs.has(d)).length;
      const nVol = unclaimed.filter((d) => !isLabelDir(d)).reduce((s, d) => s + (volumeDirs.get(d)?.length ?? 0), 0);
      const bits = [nDicom > 0 ? plural(nDicom, 'DICOM folder') : '', nVol > 0 ? plural(nVol, 'image file') : ''].filter(Boolean);
      const name = nnunet ? 'nnU-Net dataset' : 'Folder';
      parts.push(kind === 'mixed' ? `other images (${bits.join(', ')})` : `${name} (${bits.join(', ')})`);
    }
  }
  const displayName = kind === 'mixed' ? `Mixed: ${parts.join(' + ')}` : parts[0]!;
  evidence.unshift(`decided ${kind}${kind === 'mixed' ? ` (${kinds.join(', ')})` : ''}`);
  return { kind, displayName, annotationFiles, imageRoots, evidence, truncated: walk.truncated };
}

/** Folders from `root` down to `dir`, root excluded. */
function* pathChain(root: string, dir: string): Generator<string> {
  let p = dir;
  while (p !== root && p !== path.dirname(p)) {
    yield p;
    p = path.dirname(p);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "subset0–subset2" for a consecutive run, else the names listed. */
function subsetRange(dirs: string[]): string {
  const nums = [...new Set(dirs.map((d) => Number(/\d+$/.exec(path.basename(d))?.[0] ?? NaN)))].sort((a, b) => a - b);
  const consecutive = nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1);
  if (nums.length > 2 && consecutive) return `subset${nums[0]}–subset${nums[nums.length - 1]}`;
  return nums.map((n) => `subset${n}`).join(', ');
}
