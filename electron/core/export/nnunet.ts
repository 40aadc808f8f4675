import type { ExportLabelValues, ExportOptions, ExportSplit } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import type { CaseExporter, ExportCase, ExportCasePlan, ExportContext, ExportedFile } from './case-model';
import { writeCaseImages } from './case-images';
import { writeExportFile } from './export-file';

/**
 * nnU-Net v2 raw dataset (documentation/dataset_format.md and manual_data_splits.md of
 * MIC-DKFZ/nnUNet, checked against nnunetv2/experiment_planning/verify_dataset_integrity.py):
 *
 *     Dataset{NNN}_{Name}/
 *       dataset.json            channel_names {"0": "CT"} (CT normalisation), labels name → value,
 *                               numTraining (= cases in imagesTr), file_ending ".nii.gz"
 *       imagesTr/{case}_0000.nii.gz   int16 HU, the scan's grid
 *       labelsTr/{case}.nii.gz        uint8 on the same grid
 *       imagesTs/{case}_0000.nii.gz   test cases of a ratio split: nnU-Net never trains on them
 *       labelsTs/{case}.nii.gz        their labels, for nnUNetv2_evaluate_folder (not an nnU-Net folder)
 *       splits_final.json       [{train: [...], val: [...]}, ...] one entry per fold
 *
 * Splits: with k folds, entry f validates on the cases planned into fold f and trains on the
 * rest (every fold sees every case once as validation). With a ratio split, one entry: train =
 * the 'train' cases, val = the 'validation' cases (with none, train with fold `all`). The
 * trainer reads nnUNet_preprocessed/Dataset{NNN}_{Name}/splits_final.json; since nnU-Net 2.3
 * (commit 947eafb, Jan 2024) nnUNetv2_plan_and_preprocess copies it there from the raw folder,
 * where we write it (older versions: copy it by hand). Without it nnU-Net would draw its own
 * five folds per case, not per patient, and a patient's scans could land on both sides.
 *
 * Labels: nnU-Net needs values 0, 1, 2, … without gaps. Lung 0 means no lung label (lung voxels
 * are background) and drops "lung" from dataset.json; any other set with a gap is refused
 * (`nnunetLabels`), because nnU-Net would refuse the dataset.
 */

/** `Dataset{NNN}_{Name}`, nnU-Net's folder name for the export's dataset id and name. */
export function nnunetDatasetFolder(o: Pick<ExportOptions, 'nnunetId' | 'datasetName'>): string {
  return `Dataset${String(o.nnunetId).padStart(3, '0')}_${o.datasetName}`;
}

const isTest = (plan: Pick<ExportCasePlan, 'split'>): boolean => plan.split === 'test';

/** Where a case's image and label go in the nnU-Net tree (test cases in imagesTs/labelsTs). */
export function nnunetCasePaths(plan: Pick<ExportCasePlan, 'caseId' | 'split'>, o: Pick<ExportOptions, 'nnunetId' | 'datasetName'>): { image: string; label: string } {
  const root = nnunetDatasetFolder(o);
  const [images, labels] = isTest(plan) ? ['imagesTs', 'labelsTs'] : ['imagesTr', 'labelsTr'];
  return { image: `${root}/${images}/${plan.caseId}_0000.nii.gz`, label: `${root}/${labels}/${plan.caseId}.nii.gz` };
}

/**
 * dataset.json's labels (name → value, background first, then by value), or a
 * `contract.bad-input` error when the values leave a gap nnU-Net would refuse. The planner
 * can call it before an export starts.
 */
export function nnunetLabels(labels: ExportLabelValues): Record<string, number> {
  const entries: [string, number][] = [['background', 0]];
  if (labels.lung > 0) entries.push(['lung', labels.lung]);
  entries.push(['nodule', labels.nodule]);
  entries.sort((a, b) => a[1] - b[1]);
  if (!entries.every(([, v], i) => v === i)) {
    throw new LungDeskError(
      'contract.bad-input',
      `nnU-Net v2 needs label values 0, 1, 2… without gaps; lung ${labels.lung} and nodule ${labels.nodule} leave one (use lung 1, nodule 2; or lung 0, nodule 1 to leave the lung out)`,
      { detail: { labels } },
    );
  }
  return Object.fromEntries(entries);
}

/** One nnU-Net fold: case identifiers to train on and to validate on. */
export interface NnunetFold {
  train: string[];
  val: string[];
}

/** splits_final.json's folds from the cases' planned splits (ids sorted, test cases left out). */
export function nnunetSplits(plans: readonly Pick<ExportCasePlan, 'caseId' | 'split' | 'fold'>[], split: ExportSplit): NnunetFold[] {
  const trainable = plans.filter((p) => !isTest(p)).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  if (split.kind === 'ratio') {
    return [{ train: trainable.filter((p) => p.split !== 'validation').map((p) => p.caseId), val: trainable.filter((p) => p.split === 'validation').map((p) => p.caseId) }];
  }
  const k = Math.max(split.k, ...trainable.map((p) => (p.fold ?? -1) + 1));
  return Array.from({ length: k }, (_, f) => ({
    train: trainable.filter((p) => p.fold !== f).map((p) => p.caseId),
    val: trainable.filter((p) => p.fold === f).map((p) => p.caseId),
  }));
}

/** The dataset.json object for the exported cases. */
export function nnunetDatasetJson(plans: readonly Pick<ExportCasePlan, 'split'>[], ctx: Pick<ExportContext, 'labels' | 'options' | 'version'>): Record<string, unknown> {
  const folder = nnunetDatasetFolder(ctx.options);
  return {
    channel_names: { '0': 'CT' },
    labels: nnunetLabels(ctx.labels),
    numTraining: plans.filter((p) => !isTest(p)).length,
    file_ending: '.nii.gz',
    name: ctx.options.datasetName,
    description:
      `Chest CT exported by LungDesk ${ctx.version}: images in HU (int16), labels from reviewed masks. ` +
      `Test cases are in imagesTs/labelsTs. splits_final.json holds the patient-level folds (nnUNetv2_plan_and_preprocess copies it to nnUNet_preprocessed/${folder}/).`,
  };
}

const jsonBytes = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');

export const nnunetExporter: CaseExporter = {
  format: 'nnunet',
  async writeCase(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
    nnunetLabels(ctx.labels); // refuse before writing anything
    const p = nnunetCasePaths(c.plan, ctx.options);
    return writeCaseImages(c, ctx, [
      { path: p.image, kind: 'image', container: 'nifti' },
      { path: p.label, kind: 'label', container: 'nifti' },
    ]);
  },
  async finish(cases, ctx): Promise<ExportedFile[]> {
    const plans = cases.map((c) => c.plan);
    const ids = new Set(plans.map((p) => p.caseId));
    if (ids.size !== plans.length) throw new LungDeskError('contract.bad-input', 'nnU-Net dataset: the same case id was given twice');
    const folder = nnunetDatasetFolder(ctx.options);
    return [
      await writeExportFile(ctx.outDir, `${folder}/dataset.json`, [jsonBytes(nnunetDatasetJson(plans, ctx))], 'meta'),
      await writeExportFile(ctx.outDir, `${folder}/splits_final.json`, [jsonBytes(nnunetSplits(plans, ctx.options.split))], 'meta'),
    ];
  },
};
