import { createRequire } from 'node:module';
import { LungDeskError } from '../../common/errors';

/**
 * The part of dcmjs (https://github.com/dcmjs-org/dcmjs) the DICOM SEG exporter uses: its
 * data dictionary turns a "naturalized" dataset (attribute keywords → values, sequences as
 * arrays of items) into tagged elements, and `DicomDict.write` encodes them as a Part 10 file
 * (preamble, File Meta group with its length, elements in tag order, explicit VR little
 * endian). The package ships no typings, so only what is used is typed here.
 */

/** A naturalized dataset: keyword → value (string, number, array, nested items, ArrayBuffer). */
export type NaturalDataset = { [keyword: string]: unknown; _vrMap?: Record<string, string> };

/** Tagged elements as dcmjs keeps them (tag hex → { vr, Value }). */
export type DenaturalDataset = Record<string, { vr: string; Value: unknown[] }>;

export interface DicomDictInstance {
  meta: DenaturalDataset;
  dict: DenaturalDataset;
  write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
}

export interface Dcmjs {
  data: {
    DicomDict: new (meta: DenaturalDataset) => DicomDictInstance;
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: { untilTag?: string; includeUntilTagValue?: boolean; ignoreErrors?: boolean }): DicomDictInstance;
    };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: NaturalDataset): DenaturalDataset;
      naturalizeDataset(dataset: DenaturalDataset): NaturalDataset;
      /** keyword → { tag: "(gggg,eeee)", vr, ... }. */
      nameMap: Record<string, { tag: string; vr: string } | undefined>;
    };
    Colors: {
      /** sRGB in 0..1 → DICOM-scaled CIELab (0..65535 each, not rounded). */
      rgb2DICOMLAB(rgb: [number, number, number]): [number, number, number];
    };
  };
  log: { getLogger(name: string): Logger };
}

/** loglevel's logger (levels 0 trace … 5 silent). */
interface Logger {
  getLevel(): number;
  setLevel(level: number | 'silent', persist?: boolean): void;
}

let loaded: Dcmjs | undefined;

/** dcmjs, loaded on first use through Node's require (its CJS build). */
export function dcmjs(): Dcmjs {
  if (loaded) return loaded;
  try {
    loaded = createRequire(__filename)('dcmjs') as Dcmjs;
  } catch (e) {
    throw new LungDeskError('internal', `the DICOM library dcmjs could not be loaded: ${(e as Error).message}`, { cause: e });
  }
  return loaded;
}

/** Tag hex ("00200032") of a dictionary keyword; throws for a keyword dcmjs does not know (a typo would otherwise be dropped silently). */
export function tagOf(keyword: string): string {
  const entry = dcmjs().data.DicomMetaDictionary.nameMap[keyword];
  if (!entry) throw new LungDeskError('internal', `"${keyword}" is not a DICOM attribute keyword in dcmjs's dictionary`);
  return entry.tag.replace(/[(),]/g, '');
}

/**
 * Every keyword of `ds` (at any depth) is a dictionary keyword: dcmjs only logs and drops an
 * unknown one, which would write a file silently missing an attribute.
 */
export function assertKnownKeywords(ds: NaturalDataset, where = ''): void {
  for (const [k, v] of Object.entries(ds)) {
    if (k === '_vrMap' || k === '_meta') continue;
    const entry = dcmjs().data.DicomMetaDictionary.nameMap[k];
    if (!entry) throw new LungDeskError('internal', `"${where}${k}" is not a DICOM attribute keyword in dcmjs's dictionary`);
    if (entry.vr === 'SQ' && Array.isArray(v)) v.forEach((item, i) => assertKnownKeywords(item as NaturalDataset, `${where}${k}[${i}].`));
  }
}

/**
 * Runs `read` with dcmjs's validation log silenced: reading a source file, dcmjs logs what it
 * tolerates (an ambiguous "ox" VR in an implicit-VR file) on the console, where a worker's
 * output would fill with it for attributes the SEG never uses. Synchronous, so no other read
 * runs while the level is changed.
 */
export function quietly<T>(read: () => T): T {
  const log = dcmjs().log.getLogger('validation.dcmjs');
  const before = log.getLevel();
  log.setLevel('silent', false);
  try {
    return read();
  } finally {
    log.setLevel(before, false);
  }
}
