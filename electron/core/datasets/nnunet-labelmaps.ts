import fs from 'node:fs';
import path from 'node:path';
import { isInside } from './folder-policy';

/** One nnU-Net label file and the image it labels, with what its values mean (dataset.json). */
export interface NnunetLabelmap {
  imageFile: string;
  labelFile: string;
  labels: { value: number; name: string }[];
}

/** `labels` of an nnU-Net v2 dataset.json (name → value, or name → [values] for regions), value order, background left out. */
function datasetLabels(datasetJson: string): { value: number; name: string }[] {
  try {
    // Read only inside its nnU-Net folder: a dataset.json that links elsewhere is not read.
    if (!isInside(fs.realpathSync(datasetJson), fs.realpathSync(path.dirname(datasetJson)))) return [];
    const doc = JSON.parse(fs.readFileSync(datasetJson, 'utf8')) as { labels?: Record<string, unknown> };
    const out: { value: number; name: string }[] = [];
    for (const [name, v] of Object.entries(doc.labels ?? {})) {
      const value = Array.isArray(v) ? v[0] : v;
      if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 256) out.push({ value, name: name.slice(0, 200) });
    }
    return out.sort((a, b) => a.value - b.value);
  } catch {
    return []; // an unreadable dataset.json: the labelmaps still open, their values unnamed
  }
}

/**
 * The label files of nnU-Net datasets among `labelFiles` (labelsTr / labelsTs beside a
 * dataset.json), each paired with its image (`{case}{ending}` labels `{case}_0000{ending}` in
 * imagesTr / imagesTs) when that image is among `imageFiles`. nnU-Net's own naming rule, so
 * an exported training set opens with its labels on its images.
 */
export function pairNnunetLabelmaps(labelFiles: readonly string[], imageFiles: ReadonlySet<string>): NnunetLabelmap[] {
  const out: NnunetLabelmap[] = [];
  const labelsOf = new Map<string, { value: number; name: string }[]>();
  for (const labelFile of labelFiles) {
    const dir = path.dirname(labelFile);
    const m = /^labels(Tr|Ts)$/.exec(path.basename(dir));
    if (!m) continue;
    const root = path.dirname(dir);
    const name = path.basename(labelFile);
    const ending = /\.nii\.gz$/i.test(name) ? name.slice(-7) : path.extname(name);
    const imageFile = path.join(root, `images${m[1]}`, `${name.slice(0, name.length - ending.length)}_0000${ending}`);
    if (!imageFiles.has(imageFile)) continue;
    if (!labelsOf.has(root)) labelsOf.set(root, datasetLabels(path.join(root, 'dataset.json')));
    out.push({ imageFile, labelFile, labels: labelsOf.get(root)! });
  }
  return out.sort((a, b) => (a.labelFile < b.labelFile ? -1 : 1));
}
