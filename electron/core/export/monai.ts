import type { ExportLabelValues, ExportOptions } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import type { CaseExporter, ExportCase, ExportCasePlan, ExportContext, ExportedFile } from './case-model';
import { writeCaseImages } from './case-images';
import { writeExportFile } from './export-file';
import { niftiCaseFiles, niftiCasePaths } from './nifti';
import { nnunetCasePaths } from './nnunet';

/**
 * MONAI datalist: `datalist.json` at the export folder's root, in the format of
 * `monai.data.load_decathlon_datalist` (paths relative to the datalist's folder, which is
 * where that function resolves them by default), also read by Auto3DSeg's AutoRunner:
 *
 *     { "name", "description", "labels": {"0": "background", "1": "lung", "2": "nodule"},
 *       "training":   [{"image": "...", "label": "...", "fold": f}, ...],
 *       "validation": [{"image": "...", "label": "..."}, ...],
 *       "test":       [{"image": "...", "label": "..."}, ...] }
 *
 * With k folds every case is in "training" with the fold it validates in (AutoRunner's
 * convention: fold f trains on the others) and "validation" is empty. With a ratio split,
 * "training" holds the train cases without a fold key, "validation" and "test" the others
 * (AutoRunner then makes one fold from "validation"). All three keys are always there; note
 * that `load_decathlon_datalist(..., data_list_key="test")` fails on an empty list.
 *
 * The files: nnU-Net's when nnunet is also exported (imagesTr/labelsTr, test cases in
 * imagesTs/labelsTs), otherwise the NIfTI format's `nifti/{case}/image.nii.gz` and
 * `label.nii.gz`, which this exporter writes itself when 'nifti' is not asked for. Either way
 * no volume is written twice for MONAI.
 */

export const MONAI_DATALIST = 'datalist.json';

/** Where the datalist points for a case, and whether the MONAI exporter must write those files. */
export function monaiCaseSource(plan: Pick<ExportCasePlan, 'caseId' | 'split'>, o: Pick<ExportOptions, 'formats' | 'nnunetId' | 'datasetName'>): { image: string; label: string; writesFiles: boolean } {
  if (o.formats.includes('nnunet')) return { ...nnunetCasePaths(plan, o), writesFiles: false };
  return { ...niftiCasePaths(plan.caseId), writesFiles: !o.formats.includes('nifti') };
}

/** MSD-style label names by value ("0": "background", ...), lung left out when its value is 0. */
export function monaiLabelNames(labels: ExportLabelValues): Record<string, string> {
  const entries: [number, string][] = [[0, 'background'], ...(labels.lung > 0 ? [[labels.lung, 'lung'] as [number, string]] : []), [labels.nodule, 'nodule']];
  return Object.fromEntries(entries.sort((a, b) => a[0] - b[0]).map(([v, n]) => [String(v), n]));
}

export interface MonaiItem {
  image: string;
  label: string;
  fold?: number;
}

export interface MonaiDatalist {
  name: string;
  description: string;
  labels: Record<string, string>;
  training: MonaiItem[];
  validation: MonaiItem[];
  test: MonaiItem[];
}

/** The datalist of the exported cases (each list sorted by case id). */
export function monaiDatalist(plans: readonly Pick<ExportCasePlan, 'caseId' | 'split' | 'fold'>[], ctx: Pick<ExportContext, 'labels' | 'options' | 'version'>): MonaiDatalist {
  const o = ctx.options;
  const sorted = [...plans].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const item = (p: (typeof plans)[number], withFold: boolean): MonaiItem => {
    const s = monaiCaseSource(p, o);
    return withFold && p.fold !== null ? { image: s.image, label: s.label, fold: p.fold } : { image: s.image, label: s.label };
  };
  const folds = o.split.kind === 'folds';
  const test = sorted.filter((p) => p.split === 'test');
  const validation = folds ? [] : sorted.filter((p) => p.split === 'validation');
  const training = sorted.filter((p) => p.split !== 'test' && (folds || p.split !== 'validation'));
  return {
    name: o.datasetName,
    description: `Chest CT exported by LungDesk ${ctx.version}: images in HU (int16), labels from reviewed masks; paths relative to this file.`,
    labels: monaiLabelNames(ctx.labels),
    training: training.map((p) => item(p, folds)),
    validation: validation.map((p) => item(p, false)),
    test: test.map((p) => item(p, false)),
  };
}

export const monaiExporter: CaseExporter = {
  format: 'monai',
  async writeCase(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
    if (!monaiCaseSource(c.plan, ctx.options).writesFiles) return [];
    return writeCaseImages(c, ctx, niftiCaseFiles(c.plan.caseId));
  },
  async finish(cases, ctx): Promise<ExportedFile[]> {
    const plans = cases.map((c) => c.plan);
    if (new Set(plans.map((p) => p.caseId)).size !== plans.length) throw new LungDeskError('contract.bad-input', 'MONAI datalist: the same case id was given twice');
    const bytes = Buffer.from(`${JSON.stringify(monaiDatalist(plans, ctx), null, 2)}\n`, 'utf8');
    return [await writeExportFile(ctx.outDir, MONAI_DATALIST, [bytes], 'meta')];
  },
};
