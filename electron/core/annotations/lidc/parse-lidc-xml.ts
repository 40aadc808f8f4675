import fs from 'node:fs';
import { LungDeskError } from '../../../common/errors';
import { ioError } from '../../io/dicom/read-file';
import { type XmlElement, XmlStreamParser, childNamed, childText, childrenNamed } from './xml-tree';

/**
 * LIDC-IDRI reader XML (`LidcReadMessage`, and the older `IdriReadMessage`) as typed data.
 *
 * One file holds up to four `readingSession`s (one per radiologist, unblinded phase). Each
 * session lists `unblindedReadNodule`s (≥ 3 mm: characteristics + one contour `roi` per
 * slice; < 3 mm: one roi holding a single point) and `nonNodule`s (a single `locus` point).
 * Coordinates are pixel column (xCoord) and row (yCoord) on the slice named by imageSOP_UID,
 * whose ImagePositionPatient z is imageZposition (world mm).
 *
 * Elements are matched by local name, case-insensitively (the files declare a default
 * namespace, and old and new schemas differ in the case of a few names such as
 * SeriesInstanceUid/SeriesInstanceUID). Unknown elements are ignored. `CXRreadingSession`
 * (chest X-ray reads in IDRI files) is not a CT session and is skipped.
 */

export type LidcPoint = [x: number, y: number];

/** Reader ratings, 1..5 (calcification 1..6, internalStructure 1..4); undefined when absent. */
export interface LidcCharacteristics {
  subtlety?: number;
  internalStructure?: number;
  calcification?: number;
  sphericity?: number;
  margin?: number;
  lobulation?: number;
  spiculation?: number;
  texture?: number;
  malignancy?: number;
}

export const CHARACTERISTIC_KEYS = [
  'subtlety',
  'internalStructure',
  'calcification',
  'sphericity',
  'margin',
  'lobulation',
  'spiculation',
  'texture',
  'malignancy',
] as const satisfies readonly (keyof LidcCharacteristics)[];

export interface LidcRoi {
  /** World z (mm) of the slice as the reader's tool saw it: the slice's ImagePositionPatient z. */
  imageZposition: number;
  /** SOPInstanceUID of the slice ('' when absent). */
  imageSop: string;
  /** true: the contour encloses nodule; false: it encloses a hole cut out of the same slice. */
  inclusion: boolean;
  /** Outer boundary pixels in drawing order, [column, row]; the pixels themselves belong to the nodule. */
  edgeMap: LidcPoint[];
}

export interface LidcNoduleRead {
  noduleId: string;
  characteristics?: LidcCharacteristics;
  rois: LidcRoi[];
}

/**
 * A nodule the reader judged < 3 mm: rois holding one point each (no contour). Classified by
 * geometry (every roi has at most one point), not by the absence of characteristics, because
 * a single point cannot be contoured whatever the ratings say.
 */
export interface LidcSmallNodule {
  noduleId: string;
  characteristics?: LidcCharacteristics;
  /** The first roi's slice and point. */
  imageZposition: number;
  imageSop: string;
  point: LidcPoint;
  rois: LidcRoi[];
}

export interface LidcNonNodule {
  id: string;
  imageZposition: number;
  imageSop: string;
  point: LidcPoint;
}

export interface LidcReadingSession {
  /** servicingRadiologistID, or the 0-based session index as a string when absent. */
  readerId: string;
  annotationVersion?: string;
  nodules: LidcNoduleRead[];
  smallNodules: LidcSmallNodule[];
  nonNodules: LidcNonNodule[];
}

export interface LidcReadMessage {
  seriesInstanceUid: string;
  studyInstanceUid: string;
  sessions: LidcReadingSession[];
  /** Tolerated oddities (an empty nodule, a nonNodule without a point), one line each. */
  warnings: string[];
}

const ROOTS = new Set(['lidcreadmessage', 'idrireadmessage']);

/**
 * The elements read, by parent (local names, lower case); everything else (other elements and
 * their whole subtrees, whitespace between elements) is checked for well-formedness and
 * dropped as it streams by, so memory follows the marks, not the file.
 */
const READ: Record<string, ReadonlySet<string>> = {
  lidcreadmessage: new Set(['responseheader', 'readingsession']),
  idrireadmessage: new Set(['responseheader', 'readingsession']),
  responseheader: new Set(['seriesinstanceuid', 'studyinstanceuid']),
  readingsession: new Set(['servicingradiologistid', 'annotationversion', 'unblindedreadnodule', 'nonnodule']),
  unblindedreadnodule: new Set(['noduleid', 'characteristics', 'roi']),
  characteristics: new Set(CHARACTERISTIC_KEYS.map((k) => k.toLowerCase())),
  roi: new Set(['imagezposition', 'imagesop_uid', 'inclusion', 'edgemap']),
  edgemap: new Set(['xcoord', 'ycoord']),
  nonnodule: new Set(['nonnoduleid', 'locus', 'imagezposition', 'imagesop_uid']),
  locus: new Set(['xcoord', 'ycoord']),
};

/** A streaming parser set up for LIDC: only the elements read are kept, text capped at 1 MiB per element. */
function lidcParser(file: string | undefined): XmlStreamParser {
  return new XmlStreamParser({
    file,
    keep: (local, parent) => READ[parent.local.toLowerCase()]?.has(local.toLowerCase()) ?? false,
    dropWhitespaceText: true,
    maxTextLength: 1 << 20,
  });
}

/**
 * Parses one LIDC reader XML held in memory. Throws `io.bad-header` (message
 * `file:line:col: …`) on malformed XML, on a root that is not an LIDC read message, and on a
 * required number (xCoord, yCoord, imageZposition) that is missing or not finite.
 */
export function parseLidcXml(text: string, file?: string): LidcReadMessage {
  const p = lidcParser(file);
  p.write(text);
  return lidcMessageOf(p.end(), file);
}

/**
 * Reads an LIDC reader XML from disk in chunks (never the whole file as one string): memory
 * is bounded by the marks it holds. Errors as `parseLidcXml`, plus io.not-found / io.read-failed.
 */
export async function readLidcXml(file: string): Promise<LidcReadMessage> {
  const p = lidcParser(file);
  try {
    for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) p.write(chunk as string);
  } catch (e) {
    throw ioError(e, file);
  }
  return lidcMessageOf(p.end(), file);
}

function lidcMessageOf(root: XmlElement, file: string | undefined): LidcReadMessage {
  const where = file ?? '<xml>';
  if (!ROOTS.has(root.local.toLowerCase())) {
    throw new LungDeskError('io.bad-header', `${where}: root element <${root.name}> is not an LIDC read message (LidcReadMessage or IdriReadMessage)`, {
      file,
    });
  }
  const warnings: string[] = [];
  const bad = (el: XmlElement, what: string): LungDeskError =>
    new LungDeskError('io.bad-header', `${where}:${el.line}:${el.column}: ${what}`, { file, detail: { line: el.line, column: el.column } });

  const requiredNumber = (parent: XmlElement, local: string): number => {
    const c = childNamed(parent, local);
    if (!c) throw bad(parent, `<${parent.local}> has no <${local}>`);
    const t = c.text.trim();
    const v = t === '' ? NaN : Number(t);
    if (!Number.isFinite(v)) throw bad(c, `<${local}> is "${t.slice(0, 40)}", expected a number`);
    return v;
  };
  const point = (el: XmlElement): LidcPoint => [requiredNumber(el, 'xCoord'), requiredNumber(el, 'yCoord')];

  const header = childNamed(root, 'ResponseHeader');
  const seriesInstanceUid = (header && (childText(header, 'SeriesInstanceUid') ?? childText(header, 'SeriesInstanceUID'))) ?? '';
  const studyInstanceUid = (header && childText(header, 'StudyInstanceUID')) ?? '';
  if (!header) warnings.push(`${where}: no ResponseHeader (series and study UIDs unknown)`);

  const sessions: LidcReadingSession[] = [];
  childrenNamed(root, 'readingSession').forEach((s, sIndex) => {
    const readerId = childText(s, 'servicingRadiologistID') ?? String(sIndex);
    const session: LidcReadingSession = { readerId, nodules: [], smallNodules: [], nonNodules: [] };
    const version = childText(s, 'annotationVersion');
    if (version !== undefined) session.annotationVersion = version;

    childrenNamed(s, 'unblindedReadNodule').forEach((nEl, nIndex) => {
      const noduleId = childText(nEl, 'noduleID') ?? `#${nIndex}`;
      const cEl = childNamed(nEl, 'characteristics');
      const characteristics = cEl ? readCharacteristics(cEl) : undefined;
      const rois: LidcRoi[] = childrenNamed(nEl, 'roi').map((r) => {
        const inc = childText(r, 'inclusion');
        return {
          imageZposition: requiredNumber(r, 'imageZposition'),
          imageSop: childText(r, 'imageSOP_UID') ?? '',
          // LIDC writes TRUE/FALSE; a missing flag means an ordinary (inclusive) contour.
          inclusion: inc === undefined ? true : !/^(false|0|no)$/i.test(inc),
          edgeMap: childrenNamed(r, 'edgeMap').map(point),
        };
      });
      if (rois.length === 0 || rois.every((r) => r.edgeMap.length === 0)) {
        warnings.push(`${where}: reader ${readerId} nodule ${noduleId} has no contour points, skipped`);
        return;
      }
      const small = rois.every((r) => r.edgeMap.length <= 1);
      if (small) {
        const first = rois.find((r) => r.edgeMap.length === 1)!;
        const sn: LidcSmallNodule = {
          noduleId,
          imageZposition: first.imageZposition,
          imageSop: first.imageSop,
          point: first.edgeMap[0]!,
          rois,
        };
        if (characteristics) sn.characteristics = characteristics;
        session.smallNodules.push(sn);
        return;
      }
      const nodule: LidcNoduleRead = { noduleId, rois };
      if (characteristics) nodule.characteristics = characteristics;
      session.nodules.push(nodule);
    });

    childrenNamed(s, 'nonNodule').forEach((nEl, nIndex) => {
      const id = childText(nEl, 'nonNoduleID') ?? `#${nIndex}`;
      const locus = childNamed(nEl, 'locus');
      if (!locus || !childNamed(locus, 'xCoord')) {
        warnings.push(`${where}: reader ${readerId} non-nodule ${id} has no locus point, skipped`);
        return;
      }
      session.nonNodules.push({
        id,
        imageZposition: requiredNumber(nEl, 'imageZposition'),
        imageSop: childText(nEl, 'imageSOP_UID') ?? '',
        point: point(locus),
      });
    });
    sessions.push(session);
  });

  return { seriesInstanceUid, studyInstanceUid, sessions, warnings };
}

function readCharacteristics(el: XmlElement): LidcCharacteristics | undefined {
  const out: LidcCharacteristics = {};
  let any = false;
  for (const k of CHARACTERISTIC_KEYS) {
    const t = childText(el, k);
    const v = t === undefined ? NaN : Number(t);
    // A rating that is not a number is treated as not given, not as a broken file.
    if (Number.isFinite(v)) {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}
