import { readFileSync } from 'node:fs';
import { LungDeskError } from '../../common/errors';
import { formatDS } from '../io/write/dicom-series-writer';
import { getString, getStrings } from '../io/dicom/dataset';
import { readDicomHeader } from '../io/dicom/read-file';
import { slotsOfFiles } from '../io/dicom/slice-grid';
import { sliceHeaderOf } from '../io/dicom/slice-header';
import { Tags, tag } from '../io/dicom/tags';
import type { ExportCasePlan } from './case-model';
import { dcmjs, quietly, type NaturalDataset } from './dcmjs';

/**
 * What a DICOM SEG needs of its source series: every image's SOP Class/Instance UID and
 * position (read with the project's header parser, a few KB per file, never the pixels), and
 * the patient, study and frame-of-reference attributes of the first image (read with dcmjs,
 * which decodes text in the file's Specific Character Set, so names survive re-encoding).
 *
 * The files are the plan's, in slot order with missing slots absent. Each is checked against
 * the plan (series UID, size, position of its slot) so a series changed since it was indexed
 * cannot give a SEG whose frames land on other anatomy.
 */

export interface SegSourceImage {
  file: string;
  /** Voxel z index of this image on the scan grid. */
  slot: number;
  sopClassUid: string;
  sopInstanceUid: string;
  /** ImagePositionPatient as the file writes it (three DS strings). */
  imagePositionPatient: string[];
}

export interface SegSource {
  images: SegSourceImage[];
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  rows: number;
  columns: number;
  /** DS strings as the first image writes them. */
  imageOrientationPatient: string[];
  pixelSpacing: string[];
  sliceThickness: string | undefined;
  seriesNumber: number | undefined;
  /** Patient, General Study and Position Reference Indicator of the first image (dcmjs naturalized values). */
  patientStudy: NaturalDataset;
}

/**
 * Patient (C.7.1.1), General Study (C.7.2.1) and Frame of Reference (C.7.4.1) attributes
 * copied into the SEG; the type 2 ones are written empty when the source lacks them.
 */
const PATIENT_STUDY_TYPE2 = [
  'PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex',
  'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber',
  'PositionReferenceIndicator',
] as const;
/** Type 3 attributes of the Patient, General Study and Patient Study (C.7.2.2) modules, copied as the source has them (even empty) so both instances agree. */
const PATIENT_STUDY_OPTIONAL = [
  'IssuerOfPatientID', 'OtherPatientIDs', 'PatientIdentityRemoved', 'DeidentificationMethod', 'DeidentificationMethodCodeSequence',
  'EthnicGroup', 'PatientComments', 'StudyDescription', 'PhysiciansOfRecord', 'NameOfPhysiciansReadingStudy',
  'AdmittingDiagnosesDescription', 'PatientAge', 'PatientSize', 'PatientWeight', 'Occupation', 'AdditionalPatientHistory',
  'LastMenstrualDate', 'SmokingStatus',
] as const;

const FRAME_OF_REFERENCE_UID = tag(0x0020, 0x0052);
const SERIES_NUMBER = tag(0x0020, 0x0011);

function mismatch(file: string, message: string): LungDeskError {
  return new LungDeskError('io.bad-header', `${file}: ${message}; the series changed since it was indexed (index it again)`, { file });
}

/** A DS string dcmjs writes unchanged: the file's own text when valid, else the number re-formatted to 16 characters. */
export function dsText(s: string): string {
  const t = s.trim();
  return t.length <= 16 ? t : formatDS(Number(t));
}

/** Patient and study attributes of one image, decoded by dcmjs. */
function readPatientStudy(file: string): NaturalDataset {
  let natural: NaturalDataset;
  try {
    const buf = readFileSync(file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const dict = quietly(() => dcmjs().data.DicomMessage.readFile(ab, { untilTag: '7FE00010', includeUntilTagValue: false }));
    natural = dcmjs().data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    throw new LungDeskError('io.bad-header', `${file}: dcmjs cannot read the patient and study attributes (${(e as Error).message})`, { file, cause: e });
  }
  const out: NaturalDataset = {};
  for (const k of PATIENT_STUDY_TYPE2) out[k] = natural[k] ?? '';
  for (const k of PATIENT_STUDY_OPTIONAL) if (natural[k] !== undefined) out[k] = natural[k];
  return out;
}

/** Reads and checks the source images of a DICOM case. Throws io.* errors naming the file. */
export async function readSegSource(plan: ExportCasePlan, signal?: AbortSignal): Promise<SegSource> {
  const [nx, ny, nz] = plan.geometry.dims;
  if (plan.files.length === 0) throw new LungDeskError('contract.bad-input', `case ${plan.caseId}: the plan lists no DICOM files`);
  if (plan.files.length + plan.missingSlices.length !== nz) {
    throw new LungDeskError('contract.bad-input', `case ${plan.caseId}: ${plan.files.length} files and ${plan.missingSlices.length} missing slices do not fill ${nz} slots`);
  }
  const slots = slotsOfFiles(plan.files.length, plan.missingSlices);
  const { origin, direction: d, spacing } = plan.geometry;
  const tolerance = Math.max(0.05, 0.1 * spacing[2]);

  const images: SegSourceImage[] = [];
  let first: Omit<SegSource, 'images' | 'patientStudy'> | undefined;
  for (let i = 0; i < plan.files.length; i++) {
    if (signal?.aborted) throw new LungDeskError('job.cancelled', `DICOM SEG of ${plan.caseId} was cancelled`);
    const file = plan.files[i]!;
    const f = await readDicomHeader(file);
    const h = sliceHeaderOf(f);
    const slot = slots[i]!;
    if (h.seriesInstanceUid !== plan.seriesInstanceUid) throw mismatch(file, `SeriesInstanceUID ${h.seriesInstanceUid} is not the scan's ${plan.seriesInstanceUid}`);
    if (h.columns !== nx || h.rows !== ny) throw mismatch(file, `image is ${h.columns}×${h.rows}, the scan grid ${nx}×${ny}`);
    const z = slot * spacing[2];
    const expected = [origin[0] + d[2]! * z, origin[1] + d[5]! * z, origin[2] + d[8]! * z];
    const off = Math.hypot(...h.imagePositionPatient.map((v, a) => v - expected[a]!));
    if (off > tolerance) throw mismatch(file, `ImagePositionPatient is ${off.toFixed(3)} mm from slot ${slot} of the scan grid`);
    const sopClassUid = getString(f, Tags.SOPClassUID) ?? '';
    if (!h.sopInstanceUid || !sopClassUid) throw new LungDeskError('io.bad-header', `${file}: SOPInstanceUID or SOPClassUID is empty; a DICOM SEG cannot reference this image`, { file });
    images.push({ file, slot, sopClassUid, sopInstanceUid: h.sopInstanceUid, imagePositionPatient: getStrings(f, Tags.ImagePositionPatient)!.slice(0, 3).map(dsText) });
    if (!first) {
      const frameOfReferenceUid = getString(f, FRAME_OF_REFERENCE_UID) ?? '';
      if (!frameOfReferenceUid) throw new LungDeskError('io.bad-header', `${file}: FrameOfReferenceUID is missing; a DICOM SEG must share its source's frame of reference`, { file });
      const seriesNumber = Number(getString(f, SERIES_NUMBER));
      const thickness = getStrings(f, Tags.SliceThickness)?.[0];
      first = {
        seriesInstanceUid: h.seriesInstanceUid,
        studyInstanceUid: h.studyInstanceUid,
        frameOfReferenceUid,
        rows: h.rows,
        columns: h.columns,
        imageOrientationPatient: (getStrings(f, Tags.ImageOrientationPatient) ?? ['1', '0', '0', '0', '1', '0']).slice(0, 6).map(dsText),
        pixelSpacing: [formatDS(h.pixelSpacing[0]), formatDS(h.pixelSpacing[1])],
        sliceThickness: thickness ? dsText(thickness) : undefined,
        seriesNumber: Number.isInteger(seriesNumber) ? seriesNumber : undefined,
      };
    }
  }
  const uids = new Set<string>();
  for (const im of images) {
    if (uids.has(im.sopInstanceUid)) throw new LungDeskError('io.bad-header', `${im.file}: SOPInstanceUID ${im.sopInstanceUid} is shared with another image of the series`, { file: im.file });
    uids.add(im.sopInstanceUid);
  }
  return { ...first!, images, patientStudy: readPatientStudy(plan.files[0]!) };
}
