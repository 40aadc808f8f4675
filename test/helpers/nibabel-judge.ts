// Reads exported NIfTI files with nibabel (and NRRD files with numpy and a plain header parse):
// the independent judge of the export tests. For each file it reports the dtype, the shape,
// the sha256 of the voxels in x-fastest order, and how far the file's affine puts the given
// voxel centres from the RAS positions the test expects (sform, and qform when it is set).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON } from '../phantom/python-oracle';

/** Null when /usr/bin/python3 has numpy and nibabel, else why not (for skip messages). */
export function nibabelMissing(): string | null {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import numpy, nibabel'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} lacks numpy/nibabel: ${r.stderr.trim().split('\n').pop()}`;
}

export interface JudgeRequest {
  file: string;
  /** Rows of [i, j, k, R, A, S]: voxel index and the RAS mm its centre must map to. */
  points: number[][];
  /** NIfTI only: the file holds just the header; voxels are not read (sha256 is ''). */
  headerOnly?: boolean;
}

export interface JudgeResult {
  file: string;
  dtype: string;
  shape: number[];
  /** sha256 of the voxel values in x-fastest order, native dtype little-endian. */
  sha256: string;
  /** Largest |affine·ijk − expected| (mm) over the points, by the sform (NIfTI) or the header's space fields (NRRD). */
  maxErrorMm: number;
  /** NIfTI only: the same by the qform, or null when qform_code is 0. */
  maxQformErrorMm: number | null;
  qformCode: number | null;
  sformCode: number | null;
  intentCode: number | null;
}

const SCRIPT = String.raw`
import gzip, hashlib, json, sys
import numpy as np
import nibabel as nib

def err(affine, pts):
    p = np.asarray(pts, dtype=np.float64)
    if p.size == 0: return 0.0
    ijk1 = np.c_[p[:, :3], np.ones(len(p))]
    return float(np.abs((ijk1 @ affine.T)[:, :3] - p[:, 3:]).max())

def digest(a):
    return hashlib.sha256(np.asarray(a).astype(a.dtype.newbyteorder('<')).tobytes(order='F')).hexdigest()

def nrrd(path):
    raw = open(path, 'rb').read()
    head, data = raw.split(b'\n\n', 1)
    fields = {}
    for line in head.decode('latin1').split('\n')[1:]:
        if line.startswith('#'): continue
        k, v = line.split(': ', 1)
        fields[k] = v
    assert fields['space'] == 'left-posterior-superior', fields
    assert fields['encoding'] == 'gzip', fields
    sizes = [int(s) for s in fields['sizes'].split()]
    dtype = {'short': '<i2', 'uchar': 'u1'}[fields['type']]
    vec = lambda s: [float(x) for x in s.strip('()').split(',')]
    dirs = np.array([vec(s) for s in fields['space directions'].split()]).T  # columns = axes
    origin = np.array(vec(fields['space origin']))
    lps = np.eye(4); lps[:3, :3] = dirs; lps[:3, 3] = origin
    ras = np.diag([-1.0, -1.0, 1.0, 1.0]) @ lps
    a = np.frombuffer(gzip.decompress(data), dtype=dtype).reshape(sizes[::-1]).transpose(2, 1, 0)
    return a, ras

out = []
for req in json.load(open(sys.argv[1])):
    f = req['file']
    if f.endswith('.nrrd'):
        a, ras = nrrd(f)
        out.append(dict(file=f, dtype=str(a.dtype), shape=list(a.shape), sha256=digest(a), maxErrorMm=err(ras, req['points']),
                        maxQformErrorMm=None, qformCode=None, sformCode=None, intentCode=None))
        continue
    img = nib.load(f)
    h = img.header
    if req.get('headerOnly'):
        a = None
    else:
        a = np.asanyarray(img.dataobj)
    q, qcode = h.get_qform(coded=True)
    s, scode = h.get_sform(coded=True)
    out.append(dict(file=f, dtype=str(h.get_data_dtype()), shape=list(img.shape), sha256='' if a is None else digest(a),
                    maxErrorMm=err(img.affine, req['points']),
                    maxQformErrorMm=None if q is None else err(q, req['points']),
                    qformCode=int(qcode), sformCode=int(scode), intentCode=int(h['intent_code'])))
print(json.dumps(out))
`;

/** Runs the judge over `requests` in one Python process. */
export function judgeImages(requests: JudgeRequest[]): JudgeResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-judge-'));
  try {
    const spec = path.join(dir, 'requests.json');
    fs.writeFileSync(spec, JSON.stringify(requests));
    const r = spawnSync(PYTHON, ['-c', SCRIPT, spec], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as JudgeResult[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
