// nnU-Net v2's dataset checks, redone in Python with nibabel (nnunetv2 itself is not
// installable here): what nnunetv2/experiment_planning/verify_dataset_integrity.py asserts
// about dataset.json and the imagesTr/labelsTr files, plus the shape of splits_final.json
// that nnUNetTrainer.do_split reads (documentation/manual_data_splits.md).
import { spawnSync } from 'node:child_process';
import { PYTHON } from '../phantom/python-oracle';

export interface NnunetVerdict {
  /** Every check that failed, in words; empty when nnU-Net would accept the dataset. */
  errors: string[];
  /** Case identifiers nnU-Net finds in imagesTr, and those in imagesTs / labelsTs. */
  training: string[];
  imagesTs: string[];
  labelsTs: string[];
}

const SCRIPT = String.raw`
import json, os, re, sys
import numpy as np
import nibabel as nib

root = sys.argv[1]
errors = []
ds = json.load(open(os.path.join(root, 'dataset.json')))
for k in ['labels', 'channel_names', 'numTraining', 'file_ending']:
    if k not in ds: errors.append('dataset.json lacks ' + k)
fe = ds['file_ending']
nch = len(ds['channel_names'])

def ids_of(folder, channels):
    d = os.path.join(root, folder)
    if not os.path.isdir(d): return [], []
    files = sorted(f for f in os.listdir(d) if f.endswith(fe))
    if channels:
        return sorted(set(f[:-(len(fe) + 5)] for f in files)), files
    return sorted(f[:-len(fe)] for f in files), files

training, tr_files = ids_of('imagesTr', True)
if len(training) != ds['numTraining']:
    errors.append('numTraining %d but %d cases in imagesTr' % (ds['numTraining'], len(training)))
values = sorted(v for v in ds['labels'].values())
if values != list(range(len(values))):
    errors.append('labels not consecutive from 0: %s' % values)
for i in training:
    chans = [f for f in tr_files if re.fullmatch(re.escape(i) + r'_\d\d\d\d' + re.escape(fe), f)]
    if len(chans) != nch: errors.append('%s has %d channels, expected %d' % (i, len(chans), nch))
    lab = os.path.join(root, 'labelsTr', i + fe)
    if not os.path.exists(lab):
        errors.append('no label for ' + i); continue
    im = nib.load(os.path.join(root, 'imagesTr', chans[0]))
    sg = nib.load(lab)
    if im.shape != sg.shape: errors.append('%s: image %s, label %s' % (i, im.shape, sg.shape))
    if not np.allclose(im.affine, sg.affine): errors.append('%s: affines differ' % i)
    found = np.unique(np.asanyarray(sg.dataobj))
    extra = [int(v) for v in found if v not in values]
    if extra: errors.append('%s: unexpected label values %s' % (i, extra))

splits_file = os.path.join(root, 'splits_final.json')
if os.path.exists(splits_file):
    splits = json.load(open(splits_file))
    if not isinstance(splits, list) or not splits: errors.append('splits_final.json is not a non-empty list')
    for n, s in enumerate(splits):
        if sorted(s.keys()) != ['train', 'val']: errors.append('fold %d keys %s' % (n, sorted(s.keys())))
        both = set(s['train']) & set(s['val'])
        if both: errors.append('fold %d: in train and val %s' % (n, sorted(both)))
        unknown = (set(s['train']) | set(s['val'])) - set(training)
        if unknown: errors.append('fold %d: not in imagesTr %s' % (n, sorted(unknown)))
        if set(s['train']) | set(s['val']) != set(training): errors.append('fold %d does not cover imagesTr' % n)

ts = ids_of('imagesTs', True)
lts = ids_of('labelsTs', False)
print(json.dumps(dict(errors=errors, training=training, imagesTs=ts[0], labelsTs=lts[0])))
`;

/** Runs nnU-Net's dataset checks on the raw dataset folder `datasetDir`. */
export function judgeNnunetDataset(datasetDir: string): NnunetVerdict {
  const r = spawnSync(PYTHON, ['-c', SCRIPT, datasetDir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as NnunetVerdict;
}
