import { createHash } from 'node:crypto';
import { LungDeskError } from '../../common/errors';
import { EXPLICIT_VR_LE, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION } from '../io/write/dicom-series-writer';
import { childUid, uidFromKey } from '../io/write/uid';
import type { CaseExporter, ExportCase, ExportContext, ExportedFile } from './case-model';
import { assertKnownKeywords, dcmjs, type NaturalDataset } from './dcmjs';
import { SEGMENTATION_STORAGE, buildSegDataset } from './dicom-seg-dataset';
import { packFrames, planSegments } from './dicom-seg-segments';
import { readSegSource, type SegSource } from './dicom-seg-source';
import { writeExportFile } from './export-file';

/**
 * DICOM SEG export: one Segmentation instance per case whose scan is a DICOM series,
 * `seg/{caseId}.dcm`, referencing the source series' SOP instances (per frame and in the
 * Common Instance Reference module), one BINARY segment per label present (lung, nodule)
 * with its coded meaning and colour. The dataset is built as a dcmjs naturalized dataset and
 * encoded by dcmjs (explicit VR little endian).
 *
 * Deterministic: the series and instance UIDs are hashes of everything the file says (source
 * series, mask versions, lesions, segments, frames, pixels, dates, LungDesk version), and the
 * content date is the newest used mask version's save time, so the same case and options give
 * byte-identical files, and a changed mask gives new UIDs.
 */

/** Bumped when the SEG's content changes for the same inputs, so its UIDs change too. */
export const SEG_WRITER_VERSION = 1;

/** Where a case's SEG goes in the export folder. */
export function segPath(caseId: string): string {
  return `seg/${caseId}.dcm`;
}

function utcDateTime(ms: number): { date: string; time: string } {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
}

/**
 * ContentDate/Time: the newest save time among the mask versions the labelmap was built from.
 * Without one (a plan that does not carry save times, or nodules from reader outlines only),
 * the source study's date and time, else 1970-01-01: never the clock, which would change the bytes.
 */
function contentDateTime(c: ExportCase, source: SegSource): { date: string; time: string } {
  const used = new Set<number>([...c.labelSources.lung, ...c.labelSources.nodule.filter((s): s is number => typeof s === 'number')]);
  const times = c.plan.masks.filter((m) => used.has(m.versionId) && typeof m.createdAt === 'number' && Number.isFinite(m.createdAt)).map((m) => m.createdAt!);
  if (times.length) return utcDateTime(Math.max(...times));
  const date = String(source.patientStudy.StudyDate ?? '');
  const time = String(source.patientStudy.StudyTime ?? '').split('.')[0]!;
  if (/^\d{8}$/.test(date)) return { date, time: /^\d{2,6}$/.test(time) ? time : '000000' };
  return utcDateTime(0);
}

/** Part 10 bytes of a naturalized dataset, encoded by dcmjs with LungDesk's File Meta group. */
export function encodePart10(ds: NaturalDataset): Uint8Array {
  assertKnownKeywords(ds);
  const { DicomDict, DicomMetaDictionary } = dcmjs().data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LE,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(dict.write());
}

export async function writeDicomSeg(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
  const { plan } = c;
  if (plan.format !== 'dicom') {
    ctx.note?.(`${plan.caseId}: no DICOM SEG, the scan is ${plan.format === 'metaimage' ? 'a MetaImage' : `a ${plan.format.toUpperCase()} file`}, not a DICOM series a SEG could reference`);
    return [];
  }
  const [nx, ny, nz] = c.volume.dims;
  const plane = nx * ny;
  if (c.labelmap.length !== plane * nz) {
    throw new LungDeskError('contract.bad-input', `case ${plan.caseId}: labelmap has ${c.labelmap.length} voxels, the ${nx}×${ny}×${nz} grid ${plane * nz}`);
  }
  if (plan.geometry.dims.some((n, a) => n !== c.volume.dims[a])) {
    throw new LungDeskError('contract.bad-input', `case ${plan.caseId}: the plan's grid ${plan.geometry.dims.join('×')} is not the volume's ${nx}×${ny}×${nz}`);
  }

  const source = await readSegSource(plan, ctx.signal);
  const imageOfSlot = new Int32Array(nz).fill(-1);
  source.images.forEach((im, i) => (imageOfSlot[im.slot] = i));
  const { segments, frames, droppedVoxels } = planSegments(c, ctx.labels, imageOfSlot);
  if (droppedVoxels > 0) {
    ctx.note?.(`${plan.caseId}: DICOM SEG leaves out ${droppedVoxels} mask voxel(s) on slices missing from the series (no source image to reference)`);
  }
  if (frames.length === 0) {
    ctx.note?.(`${plan.caseId}: no DICOM SEG, the case has no lung or nodule voxels on its source images`);
    return [];
  }
  if (ctx.signal?.aborted) throw new LungDeskError('job.cancelled', `DICOM SEG of ${plan.caseId} was cancelled`);

  const pixelData = packFrames(
    c.labelmap,
    plane,
    frames.map((f) => ({ value: f.segment.value, slot: source.images[f.image]!.slot })),
  );
  const { date, time } = contentDateTime(c, source);
  const creator = plan.reviewer ?? '';
  const identity = JSON.stringify({
    writer: SEG_WRITER_VERSION,
    version: ctx.version,
    series: plan.seriesInstanceUid,
    masks: c.labelSources,
    lesions: plan.lesions.filter((l) => l.role === 'positive').map((l) => l.key),
    segments,
    frames: frames.map((f) => [f.segment.number, f.image]),
    pixels: createHash('sha256').update(pixelData).digest('hex'),
    date,
    time,
    creator,
  });
  const seriesInstanceUid = uidFromKey(`LungDesk DICOM SEG series ${identity}`);
  const dataset = buildSegDataset({
    source,
    segments,
    frames,
    pixelData,
    seriesInstanceUid,
    sopInstanceUid: childUid(seriesInstanceUid, 1),
    dimensionOrganizationUid: childUid(seriesInstanceUid, 2),
    contentDate: date,
    contentTime: time,
    creator,
    version: ctx.version,
    sliceStepMm: plan.geometry.spacing[2],
  });
  if (dataset.SOPClassUID !== SEGMENTATION_STORAGE) throw new LungDeskError('internal', 'DICOM SEG dataset lost its SOP Class');
  const bytes = encodePart10(dataset);
  return [await writeExportFile(ctx.outDir, segPath(plan.caseId), [bytes], 'seg')];
}

/** The 'seg' format: DICOM SEG per DICOM case (other cases get a note and no file). */
export const dicomSegExporter: CaseExporter = {
  format: 'seg',
  writeCase: writeDicomSeg,
};
